import Link from "next/link";
import { TurnPositionChart } from "@/components/charts/turn-position-chart";
import { evalKindLabel } from "@/components/evaluation/eval-kind-label";
import { DemoBadge } from "@/components/ui/badge";
import { RegimeBadge } from "@/components/ui/regime-badge";
import { StateLegend, StateSharesBar } from "@/components/ui/state-shares-bar";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { prepareTurnPositionChart } from "@/lib/domain/charts/prepare-evaluation-charts";
import { STRUCTURE_BREAK_DEFAULTS } from "@/lib/domain/evaluation/structure-break";
import type { CompareEvaluation } from "@/lib/server/compare/get-compare-evaluations";

/** Evaluation-only runs side by side in the run page's terms: state mix per eval kind, where structure broke, states by turn. */
export function CompareEvaluations({ evaluations }: { evaluations: CompareEvaluation[] }) {
  return (
    <div className="space-y-6">
      <Table data-testid="compare-evaluations" className="stack-on-phone">
        <thead>
          <tr>
            <Th>Configuration</Th>
            <Th className="text-right">Dialogues</Th>
            <Th className="text-right">With a broken turn</Th>
            <Th>State mix by evaluation kind</Th>
            <Th className="text-right">Structure breaks at</Th>
          </tr>
        </thead>
        <tbody>
          {evaluations.map((e) => (
            <Tr key={e.id} data-testid={`compare-evaluation-${e.id}`}>
              <Td className="min-w-48">
                <div className="flex items-center gap-1.5">
                  <Link
                    href={`/runs/${encodeURIComponent(e.id)}`}
                    className="break-words text-blue-700 hover:underline dark:text-blue-400"
                  >
                    {e.name}
                  </Link>
                  {e.isDemo ? <DemoBadge /> : null}
                </div>
                <RegimeBadge regime={e.regime} />
              </Td>
              <Td data-label="Dialogues" data-field="dialogues" className="text-right font-mono tabular-nums">
                {e.dialogues}
              </Td>
              <Td
                data-label="With a broken turn"
                data-field="brokenDialogues"
                data-value={e.brokenDialogues}
                className="text-right font-mono tabular-nums"
              >
                {e.brokenDialogues}{" "}
                <span className="text-zinc-500">
                  ({Math.round((100 * e.brokenDialogues) / Math.max(e.dialogues, 1))}%)
                </span>
              </Td>
              <Td data-label="State mix" className="min-w-56 max-sm:[grid-column:1/-1]">
                <ul className="space-y-1">
                  {e.byKind.map((k) => (
                    <li key={k.evalKind ?? "unlabelled"} className="flex items-center gap-2">
                      <span className="w-24 shrink-0 text-xs text-zinc-600 dark:text-zinc-400">
                        {evalKindLabel(k.evalKind)}
                      </span>
                      <StateSharesBar shares={k.shares} note={`${k.turns} assistant turns`} className="w-40" />
                    </li>
                  ))}
                </ul>
              </Td>
              <Td
                data-label="Structure breaks at"
                data-field="structureBreak"
                data-value={e.structureBreak?.position ?? ""}
                className="text-right tabular-nums"
              >
                {e.structureBreak ? `turn ${e.structureBreak.position}` : "holds"}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      <div>
        <h3 className="text-sm font-medium">States by assistant turn, per configuration</h3>
        <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400">
          Share of each state at the n-th assistant turn; faded: fewer than {STRUCTURE_BREAK_DEFAULTS.minDialogues}{" "}
          dialogues get that far; dashed line: the structure break.
        </p>
        <StateLegend />
        <div className="mt-3 grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {evaluations.map((e) => (
            <figure
              key={e.id}
              data-testid="compare-turn-positions"
              className="rounded-lg border border-zinc-200 p-2 dark:border-zinc-800"
            >
              <figcaption className="flex flex-wrap items-center gap-1.5 text-xs font-medium">
                <RegimeBadge regime={e.regime} />
                <span className="break-all">{e.name}</span>
              </figcaption>
              <TurnPositionChart model={prepareTurnPositionChart(e.positions, e.structureBreak)} height={170} />
            </figure>
          ))}
        </div>
      </div>
    </div>
  );
}
