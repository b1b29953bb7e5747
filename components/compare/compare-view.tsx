import { Card } from "@/components/ui/card";
import type { ComparePage } from "@/lib/server/compare/get-compare-page";
import { CompareCharts } from "./compare-charts";
import { CompareEvaluations } from "./compare-evaluations";
import { compareHref } from "./compare-href";
import { ComparePicker } from "./compare-picker";
import { CompareSummary } from "./compare-summary";
import { CompareTable } from "./compare-table";
import { SurvivalChart } from "./survival-chart";

/** Ready-made selections: every demo regime, and every real (imported) run's regime. */
function presets(page: ComparePage): { label: string; href: string }[] {
  const regimesOf = (isDemo: boolean) =>
    [...new Set(page.candidates.filter((c) => c.isDemo === isDemo && c.regime).map((c) => c.regime!))].sort();
  const demo = regimesOf(true);
  const real = regimesOf(false);
  return [
    ...(demo.length
      ? [
          {
            label: "All demo regimes",
            href: compareHref("/compare", { runs: [], regimes: demo, evaluations: false, demo: "only" }),
          },
        ]
      : []),
    ...(page.realEvaluationRuns > 1
      ? [
          {
            label: `The ${page.realEvaluationRuns} evaluations`,
            href: compareHref("/compare", { runs: [], regimes: [], evaluations: true, demo: "exclude" }),
          },
        ]
      : []),
    ...(real.length
      ? [
          {
            label: "All real runs by regime",
            href: compareHref("/compare", { runs: [], regimes: real, evaluations: false, demo: "exclude" }),
          },
        ]
      : []),
  ];
}

export function CompareView({ page }: { page: ComparePage }) {
  const { comparison, selection } = page;
  return (
    <div className="space-y-4">
      <Card heading="What to compare">
        <div className="mb-3 flex flex-wrap gap-2 text-sm">
          {presets(page).map((p) => (
            <a
              key={p.label}
              href={p.href}
              className="rounded-md border border-zinc-300 px-2.5 py-1 font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              {p.label}
            </a>
          ))}
        </div>
        <ComparePicker key={JSON.stringify(selection)} candidates={page.candidates} selection={selection} />
      </Card>
      {comparison && selection ? (
        comparison.runs.length === 0 ? (
          <Card>
            <p className="text-sm">No run matches this selection.</p>
          </Card>
        ) : (
          <>
            {comparison.evaluations.length > 0 ? (
              <Card
                heading="Evaluations side by side"
                description="Evaluation-only runs (every rollout in the eval split): how many dialogues broke, the state mix per evaluation kind, and the assistant turn where structure breaks."
              >
                <CompareEvaluations evaluations={comparison.evaluations} />
              </Card>
            ) : null}
            {comparison.evaluations.length === comparison.runs.length ? null : (
              <>
                <Card heading="Which regime collapsed, when, and what moved first">
                  <CompareSummary regimes={comparison.regimes} />
                </Card>
                <Card heading="Training curves, aligned by step">
                  <CompareCharts series={comparison.series} />
                </Card>
                <Card heading="Survival: runs not yet collapsed">
                  <SurvivalChart regimes={comparison.regimes} />
                </Card>
                <Card
                  heading="Comparison table"
                  description="Per run, then per regime (mean ± sample standard deviation over its runs). Rates are shares of assistant turns; scores are the run's own units, smoothed over 5 steps."
                >
                  <a
                    data-testid="compare-csv"
                    href={compareHref("/api/compare", selection, { format: "csv" })}
                    download="spikewatch-compare.csv"
                    className="mb-3 inline-block rounded-md border border-zinc-300 px-2.5 py-1 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                  >
                    Download CSV
                  </a>
                  <CompareTable runs={comparison.runs} regimes={comparison.regimes} />
                </Card>
              </>
            )}
          </>
        )
      ) : null}
    </div>
  );
}
