"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { RegimeBadge } from "@/components/ui/regime-badge";
import type { CompareSelection } from "@/lib/domain/compare/compare-query";
import type { CompareCandidate } from "@/lib/server/compare/get-compare-page";
import { DemoBadge } from "@/components/ui/badge";
import { compareHref } from "./compare-href";

type Props = { candidates: CompareCandidate[]; selection: CompareSelection | null };

/** Picks whole regimes (every seed) and/or single runs; applying puts the choice in the URL. */
export function ComparePicker({ candidates, selection }: Props) {
  const router = useRouter();
  const [runs, setRuns] = useState(new Set(selection?.runs ?? []));
  const [regimes, setRegimes] = useState(new Set(selection?.regimes ?? []));
  const [demo, setDemo] = useState<CompareSelection["demo"]>(selection?.demo ?? "include");
  const allRegimes = [...new Set(candidates.map((c) => c.regime).filter((r): r is string => r !== null))].sort();
  const toggle = (set: Set<string>, value: string) => {
    const next = new Set(set);
    if (!next.delete(value)) next.add(value);
    return next;
  };
  const apply = () =>
    router.push(compareHref("/compare", { runs: [...runs], regimes: [...regimes], evaluations: false, demo }));

  return (
    <form
      data-testid="compare-picker"
      className="space-y-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <legend className="mb-1 font-medium">Regimes (all seeds)</legend>
        {allRegimes.map((regime) => (
          <label key={regime} className="inline-flex items-center gap-1.5">
            <input
              type="checkbox"
              name="regime"
              value={regime}
              checked={regimes.has(regime)}
              onChange={() => setRegimes(toggle(regimes, regime))}
            />
            <RegimeBadge regime={regime} />
          </label>
        ))}
        <label className="inline-flex items-center gap-1.5">
          <span className="text-zinc-600 dark:text-zinc-400">from</span>
          <select
            name="demo"
            value={demo}
            onChange={(e) => setDemo(e.target.value as CompareSelection["demo"])}
            className="rounded border border-zinc-300 bg-transparent px-1.5 py-0.5 dark:border-zinc-700"
          >
            <option value="include">demo and real runs</option>
            <option value="only">demo runs only</option>
            <option value="exclude">real runs only</option>
          </select>
        </label>
      </fieldset>
      <details open={runs.size > 0}>
        <summary className="cursor-pointer font-medium">Single runs ({runs.size} picked)</summary>
        <ul className="mt-2 grid gap-1 sm:grid-cols-2 lg:grid-cols-3">
          {candidates.map((c) => (
            <li key={c.id}>
              <label className="inline-flex items-center gap-1.5">
                <input
                  type="checkbox"
                  name="run"
                  value={c.id}
                  checked={runs.has(c.id)}
                  onChange={() => setRuns(toggle(runs, c.id))}
                />
                <RegimeBadge regime={c.regime} />
                <span className="break-all">{c.name}</span>
                {c.isDemo ? <DemoBadge /> : null}
              </label>
            </li>
          ))}
        </ul>
      </details>
      <button
        type="submit"
        data-testid="compare-apply"
        disabled={runs.size === 0 && regimes.size === 0}
        className="rounded-md bg-zinc-900 px-3 py-1.5 font-medium text-white disabled:opacity-40 dark:bg-zinc-100 dark:text-zinc-900"
      >
        Compare
      </button>
    </form>
  );
}
