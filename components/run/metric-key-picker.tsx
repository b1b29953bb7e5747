"use client";

import { useState } from "react";

type MetricKeyPickerProps = {
  metricKeys: readonly string[];
  selected: readonly string[];
  onChange: (keys: string[]) => void;
};

/**
 * Checkboxes over every metric key the run logs; each change re-queries the chart. The ticks follow
 * the click at once (the query takes a moment); mount it with a key of the shown keys so it resets
 * to what the chart shows when the data arrives.
 */
export function MetricKeyPicker({ metricKeys, selected, onChange }: MetricKeyPickerProps) {
  const [checked, setChecked] = useState<readonly string[]>(selected);
  if (metricKeys.length === 0) return null;
  const toggle = (key: string, isOn: boolean) => {
    const next = isOn ? metricKeys.filter((k) => k === key || checked.includes(k)) : checked.filter((k) => k !== key);
    setChecked(next);
    onChange([...next]);
  };
  return (
    <fieldset className="text-sm">
      <legend className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">
        Metric keys ({checked.length} of {metricKeys.length} shown)
      </legend>
      <div className="flex max-h-32 flex-wrap gap-x-4 gap-y-1 overflow-y-auto">
        {metricKeys.map((key) => (
          <label key={key} className="flex items-center gap-1.5 font-mono text-xs">
            <input
              type="checkbox"
              checked={checked.includes(key)}
              onChange={(e) => toggle(key, e.target.checked)}
              className="accent-blue-600"
            />
            {key}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
