import { packTrace, TOP_K } from "@/lib/domain/traces/pack-trace";
import type { ProbeRecord } from "@/lib/server/probes/list-probes";
import type { TraceToSave } from "@/lib/server/traces/save-trace";
import { DECISION_TAG, findDecisionPoints } from "../inference/decision-points";
import type { CheckpointModel } from "../inference/session";
import type { CheckpointTokenizer } from "../inference/tokenizer";
import { DECISION_POINT_TOKENS, MAX_PROBE_TOKENS } from "./tracked-tokens";

export type TrackedToken = { id: number; text: string };

/** Tokenizes one probe (text verbatim, or messages through the chat template) and scores it. */
export async function replayProbe(
  model: CheckpointModel,
  tokenizer: CheckpointTokenizer,
  probe: ProbeRecord,
  tracked: readonly TrackedToken[],
): Promise<TraceToSave> {
  const text = probe.text ?? tokenizer.renderChat(probe.messages ?? []);
  const tokenIds = tokenizer.encode(text).slice(0, MAX_PROBE_TOKENS);
  if (tokenIds.length === 0) throw new Error(`probe '${probe.name}' has no tokens`);
  const stats = await model.score(
    tokenIds,
    tracked.map((t) => t.id),
    TOP_K,
  );

  const column = (token: string) => tracked.findIndex((t) => t.text === token);
  const decisionPoints = findDecisionPoints(tokenIds, tokenizer.encode(DECISION_TAG)).map((position) => ({
    position,
    probabilities: Object.fromEntries(
      DECISION_POINT_TOKENS.map((token) => [token, stats[position]!.tracked[column(token)]!]),
    ),
  }));
  const ids = new Set([...tokenIds, ...stats.flatMap((s) => s.top.map((t) => t.id))]);
  const vocab = Object.fromEntries([...ids].map((id) => [id, tokenizer.decode([id])]));
  return { ...packTrace(tokenIds, stats, tracked.length), trackedTokens: [...tracked], vocab, decisionPoints };
}
