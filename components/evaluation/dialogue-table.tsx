import Link from "next/link";
import { FailureKinds, StateBadge } from "@/components/ui/state-badge";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { EvaluationDialogue } from "@/lib/server/evaluation/get-run-evaluation";
import { evalKindLabel } from "./eval-kind-label";

/** One row per dialogue; the dialogue's name opens its transcript in the rollout browser. */
export function DialogueTable({ runId, dialogues }: { runId: string; dialogues: EvaluationDialogue[] }) {
  return (
    <Table data-testid="dialogue-table" className="sticky-first-column">
      <thead>
        <tr>
          <Th>Dialogue</Th>
          <Th>Kind</Th>
          <Th className="text-right">Assistant turns</Th>
          <Th>Worst state</Th>
          <Th className="text-right">First broken turn</Th>
          <Th>Failure kinds</Th>
        </tr>
      </thead>
      <tbody>
        {dialogues.map((d) => (
          <Tr key={d.rolloutId} data-testid="dialogue-row">
            <Td className="min-w-36 break-words">
              <Link
                href={`/runs/${encodeURIComponent(runId)}/rollouts?split=eval&step=${d.step}&rollout=${d.rolloutId}`}
                className="font-medium text-blue-700 hover:underline dark:text-blue-400"
              >
                {d.sampleId}
              </Link>
            </Td>
            <Td className="whitespace-nowrap text-xs">{evalKindLabel(d.evalKind)}</Td>
            <Td data-field="turns" className="text-right font-mono tabular-nums">
              {d.turns}
            </Td>
            <Td>{d.worstState ? <StateBadge state={d.worstState} /> : "—"}</Td>
            <Td data-field="firstFailingTurn" className="text-right font-mono tabular-nums">
              {d.firstFailingTurn ?? "none"}
            </Td>
            <Td>
              {d.failureKinds.length ? (
                <FailureKinds kinds={d.failureKinds} />
              ) : (
                <span className="text-zinc-500">none</span>
              )}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
