import { FailureKindBars } from "@/components/charts/failure-kind-bars";
import { TurnPositionChart } from "@/components/charts/turn-position-chart";
import { Card } from "@/components/ui/card";
import { StateLegend, StateSharesBar } from "@/components/ui/state-shares-bar";
import { prepareFailureKindBars, prepareTurnPositionChart } from "@/lib/domain/charts/prepare-evaluation-charts";
import { STRUCTURE_BREAK_DEFAULTS } from "@/lib/domain/evaluation/structure-break";
import { MAX_LISTED_DIALOGUES } from "@/lib/domain/evaluation/dialogue-summary";
import type { RunEvaluation } from "@/lib/server/evaluation/get-run-evaluation";
import { DialogueTable } from "./dialogue-table";
import { evalKindLabel } from "./eval-kind-label";

const RULE = `the first assistant turn that at least ${STRUCTURE_BREAK_DEFAULTS.minDialogues} dialogues reach with ${STRUCTURE_BREAK_DEFAULTS.minBrokenShare * 100}% or more of their turns there text pollution or full collapse`;

/** An evaluation-only run: which dialogues broke, at which turn the structure broke, and how. */
export function EvaluationView({ runId, evaluation }: { runId: string; evaluation: RunEvaluation }) {
  const { structureBreak } = evaluation;
  const failureBars = prepareFailureKindBars(evaluation.failureKinds, evaluation.turns);
  return (
    <div data-testid="evaluation-view" className="space-y-4">
      <p data-testid="structure-break" className="text-sm">
        Evaluation of <strong>{evaluation.dialogues}</strong> dialogues ({evaluation.turns} assistant turns).{" "}
        {structureBreak ? (
          <>
            Structure breaks at <strong>assistant turn {structureBreak.position}</strong>:{" "}
            {Math.round(structureBreak.brokenShare * 100)}% of the {structureBreak.dialogues} dialogues that reach it
            are broken there.
          </>
        ) : (
          <>
            Structure holds: no assistant turn that {STRUCTURE_BREAK_DEFAULTS.minDialogues} or more dialogues reach is
            mostly broken.
          </>
        )}
      </p>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card heading="State mix by evaluation kind" className="lg:col-span-1">
          <ul data-testid="eval-kind-mix" className="space-y-3 text-sm">
            {evaluation.byKind.map((k) => (
              <li key={k.evalKind ?? "unlabelled"}>
                <div className="mb-1 flex justify-between gap-2">
                  <span className="font-medium">{evalKindLabel(k.evalKind)}</span>
                  <span className="text-xs tabular-nums text-zinc-500">{k.turns} turns</span>
                </div>
                <StateSharesBar shares={k.shares} note={`${k.turns} assistant turns`} className="w-full" />
              </li>
            ))}
          </ul>
          <div className="mt-4">
            <StateLegend />
          </div>
        </Card>
        <Card
          heading="States by assistant turn"
          description={`Share of each state at the n-th assistant turn of a dialogue; faded bars: fewer than ${STRUCTURE_BREAK_DEFAULTS.minDialogues} dialogues get that far. Structure break: ${RULE}.`}
          className="lg:col-span-2"
        >
          <div data-testid="turn-position-chart">
            <TurnPositionChart model={prepareTurnPositionChart(evaluation.positions, structureBreak)} />
          </div>
          <div className="mt-2">
            <StateLegend />
          </div>
        </Card>
      </div>
      <Card
        heading="Failure kinds"
        description="Share of all assistant turns showing each kind; one turn can show several."
      >
        {failureBars.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No turn showed a failure.</p>
        ) : (
          <div data-testid="failure-kind-bars">
            <FailureKindBars bars={failureBars} />
          </div>
        )}
      </Card>
      <Card
        heading="Dialogues"
        description={
          evaluation.dialogues > MAX_LISTED_DIALOGUES
            ? `The first ${MAX_LISTED_DIALOGUES} of ${evaluation.dialogues} dialogues; the charts above count them all.`
            : "Open a dialogue to read its transcript with each assistant turn's state."
        }
      >
        <DialogueTable runId={runId} dialogues={evaluation.dialogueRows} />
      </Card>
    </div>
  );
}
