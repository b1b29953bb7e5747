import { classifyTranscript, extractKnownTools, type ClassifiedTurn } from "../classifier/classify-transcript";
import { worstState } from "../health/aggregate-step-health";
import type { FailureKind, StructuralState } from "../classifier/types";
import { parseChatml } from "../transcripts/parse-chatml";
import { parseMessageList } from "../transcripts/parse-messages";
import type { Message, ParseResult, TranscriptFormat } from "../transcripts/message";
import type { RolloutInput } from "./schemas";

/** A classified assistant turn as stored: without the parsed tool calls. */
export type StoredTurn = Omit<ClassifiedTurn, "toolCalls">;

/**
 * What ingestion stores of a rollout: `transcript` is the parsed messages as JSON text. Small and flat on
 * purpose: it is what classify threads send back, and cloning the messages and tool-call arguments too
 * cost more than classifying them.
 */
export type StorableRollout = {
  step: number;
  sampleId: string;
  split: RolloutInput["split"];
  evalKind: RolloutInput["evalKind"] | null;
  transcript: string;
  format: TranscriptFormat;
  reward: number | null;
  meta: Record<string, unknown>;
  /** tool names the client sent explicitly (not those read from the system prompt) */
  tools: string[] | null;
  isTruncated: boolean;
  isOffPolicy: boolean;
  turns: StoredTurn[];
  worstState: StructuralState | null;
  failures: FailureKind[];
};

/** A parsed and classified rollout: what is stored, plus the messages and each turn's tool calls. */
export type PreparedRollout = Omit<StorableRollout, "turns"> & { messages: Message[]; turns: ClassifiedTurn[] };

/**
 * Parses and classifies one validated rollout. `text` is read as ChatML (with or without special
 * tokens); `messages` as a message list. Known tools come from the request's `tools` or, failing
 * that, from a `<tools>` block in the system prompt. Issue paths are relative to the rollout.
 */
export function prepareRollout(input: RolloutInput, formatOverride?: TranscriptFormat): ParseResult<PreparedRollout> {
  const parsed = readTranscript(input);
  if (!parsed.ok) return parsed;
  const { messages, format } = parsed.value;

  const turns = classifyRolloutTurns(messages, { tools: input.tools, isTruncated: input.truncated ?? false });
  return {
    ok: true,
    value: {
      step: input.step,
      sampleId: input.sampleId,
      split: input.split,
      evalKind: input.evalKind ?? null,
      messages,
      transcript: JSON.stringify(messages),
      format: formatOverride ?? format,
      reward: input.reward ?? null,
      meta: input.meta ?? {},
      tools: input.tools ?? null,
      isTruncated: input.truncated ?? false,
      isOffPolicy: input.offPolicy ?? false,
      turns,
      ...summarizeTurns(turns),
    },
  };
}

/** prepareRollout without what is not stored (see StorableRollout). */
export function prepareStorableRollout(
  input: RolloutInput,
  formatOverride?: TranscriptFormat,
): ParseResult<StorableRollout> {
  const prepared = prepareRollout(input, formatOverride);
  if (!prepared.ok) return prepared;
  const { messages: _messages, turns, ...rest } = prepared.value;
  return { ok: true, value: { ...rest, turns: turns.map(({ toolCalls: _toolCalls, ...turn }) => turn) } };
}

function readTranscript(input: RolloutInput): ParseResult<{ messages: Message[]; format: TranscriptFormat }> {
  if (input.text !== undefined) return { ok: true, value: parseChatml(input.text) };
  const parsed = parseMessageList(input.messages);
  if (!parsed.ok)
    return { ok: false, issues: parsed.issues.map((i) => ({ ...i, path: `messages${prefixed(i.path)}` })) };
  return { ok: true, value: { messages: parsed.value, format: "messages" } };
}

// Parser paths look like "[2].role"; API paths are dotted ("messages.2.role").
function prefixed(path: string): string {
  const dotted = path.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
  return dotted ? `.${dotted}` : "";
}

/**
 * Classifies a rollout's assistant turns the same way wherever they are read (ingest, reclassify,
 * `spikewatch classify`): the given tool list, else the one declared in the system prompt.
 */
export function classifyRolloutTurns(
  messages: readonly Message[],
  { tools, isTruncated = false }: { tools?: readonly string[] | null; isTruncated?: boolean } = {},
): ClassifiedTurn[] {
  return classifyTranscript(messages, {
    knownTools: tools ?? extractKnownTools(messages),
    isLastTurnTruncated: isTruncated,
  });
}

/** A rollout's worst turn state and the union of its turns' failure kinds. */
export function summarizeTurns(turns: readonly ClassifiedTurn[]): {
  worstState: StructuralState | null;
  failures: FailureKind[];
} {
  const failures = new Set<FailureKind>();
  for (const turn of turns) for (const failure of turn.failures) failures.add(failure);
  return { worstState: worstState(turns.map((t) => t.state)), failures: [...failures] };
}
