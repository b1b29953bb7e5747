import { RegimeBadge } from "@/components/ui/regime-badge";
import type { RegimeSummary } from "@/lib/domain/compare/compare-table";

const round = (v: number) => Math.round(v);

/** One sentence per regime answering: did it collapse, when, and did a control-token spike come first. */
export function CompareSummary({ regimes }: { regimes: RegimeSummary[] }) {
  return (
    <ul data-testid="compare-summary" className="space-y-1 text-sm">
      {regimes.map((s) => (
        <li key={s.regime} className="flex flex-wrap items-center gap-1.5">
          <RegimeBadge regime={s.regime} />
          <span>{sentence(s)}</span>
        </li>
      ))}
    </ul>
  );
}

function sentence(s: RegimeSummary): string {
  if (s.judged === 0)
    return `${s.runs} evaluation-only run${s.runs === 1 ? "" : "s"}: no training steps, so no onset; see the state mix.`;
  const collapsed = `${s.collapsed} of ${s.judged} run${s.judged === 1 ? "" : "s"} collapsed`;
  if (s.collapsed === 0) return `${collapsed} (up to step ${Math.max(...s.survival.map((p) => p.step))}).`;
  const onset =
    s.collapseOnsetStep.sd === null
      ? `at step ${round(s.collapseOnsetStep.mean!)}`
      : `at step ${round(s.collapseOnsetStep.mean!)} ± ${round(s.collapseOnsetStep.sd)}`;
  const lead =
    s.spikeLeadSteps.mean === null
      ? "no control-token spike was seen before it"
      : s.spikeLeadSteps.mean > 0
        ? `a control-token spike came first, ${round(s.spikeLeadSteps.mean)} steps earlier on average`
        : `the first control-token spike came ${round(-s.spikeLeadSteps.mean)} steps after the onset`;
  return `${collapsed}, ${onset}; ${lead}.`;
}
