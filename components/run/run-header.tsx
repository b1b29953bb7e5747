import { compareHref } from "@/components/compare/compare-href";
import { RegimeBadge } from "@/components/ui/regime-badge";
import type { RunRecord } from "@/lib/server/runs/run-record";

function collapseText(run: RunRecord): string {
  if (run.collapseStatus === "collapsed") return `onset at step ${run.collapseOnsetStep}`;
  return run.collapseStatus === "stable"
    ? "none detected"
    : "not judged yet (fewer than 10 training steps with 8+ turns)";
}

/** This run beside every run of its regime from the same world (demo or real); just this run when it has no regime. */
function regimeCompareHref(run: RunRecord): string {
  return run.regime
    ? compareHref("/compare", {
        runs: [],
        regimes: [run.regime],
        evaluations: false,
        demo: run.isDemo ? "only" : "exclude",
      })
    : compareHref("/compare", { runs: [run.id], regimes: [], evaluations: false, demo: "include" });
}

/** Every evaluation-only run of the same world (demo or real), side by side. */
function evaluationsCompareHref(run: RunRecord): string {
  return compareHref("/compare", { runs: [], regimes: [], evaluations: true, demo: run.isDemo ? "only" : "exclude" });
}

/**
 * Name, configuration and phase schedule of a run; demo runs say so up front. An evaluation has no
 * training steps, so no collapse verdict or phases, and compares with the other evaluations.
 */
export function RunHeader({ run, isEvaluation = false }: { run: RunRecord; isEvaluation?: boolean }) {
  const facts: [string, string | null][] = [
    ["model", run.model],
    ["scheme", run.scheme],
    ["RL lr", run.rlLr === null ? null : run.rlLr.toExponential(0)],
    ["SFT lr", run.sftLr === null ? null : run.sftLr.toExponential(0)],
    ["seed", run.seed === null ? null : String(run.seed)],
    ["status", run.status],
  ];
  return (
    <header className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold tracking-tight break-all">{run.name}</h1>
        {run.isDemo ? (
          <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
            Demo
          </span>
        ) : null}
        {isEvaluation ? (
          <span className="rounded bg-sky-100 px-2 py-0.5 text-xs font-semibold text-sky-900 dark:bg-sky-900/40 dark:text-sky-200">
            Evaluation
          </span>
        ) : null}
        <a
          href={isEvaluation ? evaluationsCompareHref(run) : regimeCompareHref(run)}
          data-testid="run-compare-link"
          className="rounded-md border border-zinc-300 px-2.5 py-1 text-sm font-medium hover:bg-zinc-100 sm:ml-auto dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {isEvaluation ? "Compare with the other evaluations →" : "Compare with its regime →"}
        </a>
        <a
          href={`/runs/${encodeURIComponent(run.id)}/checkpoints`}
          data-testid="run-checkpoints-link"
          className="rounded-md border border-zinc-300 px-2.5 py-1 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Checkpoints &amp; token traces →
        </a>
      </div>
      <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
        <div className="flex items-center gap-1.5">
          <dt className="text-zinc-500 dark:text-zinc-400">regime</dt>
          <dd className="font-medium">
            <RegimeBadge regime={run.regime} />
          </dd>
        </div>
        {facts.map(([label, value]) => (
          <div key={label} className="flex gap-1.5">
            <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="font-medium">{value ?? "-"}</dd>
          </div>
        ))}
        {isEvaluation ? null : (
          <>
            <div className="flex gap-1.5" data-testid="run-collapse-verdict">
              <dt className="text-zinc-500 dark:text-zinc-400">collapse</dt>
              <dd
                className={
                  run.collapseStatus === "collapsed" ? "font-semibold text-red-700 dark:text-red-400" : "font-medium"
                }
              >
                {collapseText(run)}
              </dd>
            </div>
            <div className="flex gap-1.5">
              <dt className="text-zinc-500 dark:text-zinc-400">phases</dt>
              <dd className="font-medium">
                {run.phases.length === 0
                  ? "-"
                  : run.phases.map((p) => `${p.kind.toUpperCase()} ${p.startStep}–${p.endStep}`).join(", ")}
              </dd>
            </div>
          </>
        )}
      </dl>
    </header>
  );
}
