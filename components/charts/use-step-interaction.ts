"use client";

import { useRef, useState } from "react";
import type { MouseHandlerDataParam } from "recharts";

export type StepInteraction = {
  /** Drag-selected inclusive step range; from < to. */
  onZoom: (fromStep: number, toStep: number) => void;
  /** A click (not a drag) on the plot area, at the nearest step with data. */
  onPickStep: (step: number) => void;
};

/**
 * Chart-level mouse handlers for drag-to-zoom and click-to-open. Recharts reports the active point
 * as an index into the chart's data (as a string in v3), so the step is read from `rows`; the label
 * is the fallback. A press and release on the same step is a click, not a zoom.
 */
export function useStepInteraction(rows: readonly { step: number }[], interaction: StepInteraction) {
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const didZoom = useRef(false);

  const stepAt = (state: MouseHandlerDataParam | undefined): number | null => {
    if (!state) return null;
    const index = Number(state.activeIndex ?? state.activeTooltipIndex);
    const row = Number.isInteger(index) ? rows[index] : undefined;
    if (row) return row.step;
    const label = Number(state.activeLabel);
    return state.activeLabel !== undefined && Number.isFinite(label) ? label : null;
  };

  const chartHandlers = {
    onMouseDown: (state: MouseHandlerDataParam) => {
      const step = stepAt(state);
      didZoom.current = false;
      setDrag(step === null ? null : { from: step, to: step });
    },
    onMouseMove: (state: MouseHandlerDataParam) => {
      const step = stepAt(state);
      if (drag && step !== null && step !== drag.to) setDrag({ ...drag, to: step });
    },
    onMouseUp: () => {
      if (drag && drag.from !== drag.to) {
        didZoom.current = true;
        interaction.onZoom(Math.min(drag.from, drag.to), Math.max(drag.from, drag.to));
      }
      setDrag(null);
    },
    onMouseLeave: () => setDrag(null),
    onClick: (state: MouseHandlerDataParam) => {
      if (didZoom.current) return;
      const step = stepAt(state);
      if (step !== null) interaction.onPickStep(step);
    },
  };
  const selection =
    drag && drag.from !== drag.to ? { x1: Math.min(drag.from, drag.to), x2: Math.max(drag.from, drag.to) } : null;
  return { chartHandlers, selection };
}
