import type { PositionStats } from "../traces/pack-trace";

export type TokenRef = { id: number; text: string };

/** What the check reads from one stored trace (see pack-trace.ts: stats[i] is the distribution of token i + 1). */
export type CapabilityTraceInput = {
  tokenIds: readonly number[];
  stats: readonly PositionStats[];
  /** in the column order of `stats[i].tracked` */
  trackedTokens: readonly TokenRef[];
  /** token id → text, for every id in the trace */
  vocab: Readonly<Record<string, string>>;
  decisionPositions: readonly number[];
};

/** Where the correct call was cut: its closing tag, else the end of the turn, else the end of the probe. */
export type CallEnd = "</tool_call>" | "<|im_end|>" | "probe end";

export type CapabilityPoint = {
  position: number;
  /** probability of the suppressed token at the decision point, before suppression */
  pSuppressed: number;
  /** the probe's own token after the decision point, i.e. the first token of the correct call */
  firstToken: TokenRef & { pBefore: number; pAfter: number | null };
  /** tokens in the correct call, its first token through `callEnd` inclusive */
  tokens: number;
  callEnd: CallEnd;
  /** natural log of the call's probability under teacher forcing */
  logLikelihoodBefore: number;
  logLikelihoodAfter: number | null;
  likelihoodBefore: number;
  likelihoodAfter: number | null;
  /** would argmax decoding (top-1 of the stored top-5 at each position) write exactly this call */
  greedyBefore: boolean;
  greedyAfter: boolean | null;
  /** the probe's own next token is the suppressed one: the "after" values are null, nothing to rescore */
  isFirstTokenSuppressed: boolean;
};

/** The API's answer (`GET /api/checkpoints/:id/capability`): one probe on one checkpoint. */
export type CapabilityReport = {
  checkpointId: string;
  step: number;
  probe: string;
  suppressedToken: TokenRef;
  method: "teacher-forced renormalisation";
  decisionPoints: CapabilityPoint[];
};

/**
 * The capability-intact check: the likelihood of a probe's correct tool call at each decision point,
 * before and after the suppressed control token c is removed there and the rest renormalised,
 * p'(x) = p(x) / (1 - p_c). Probes are teacher-forced, so the suppression changes only the
 * distribution at the decision point; every later conditional is the same, and the check is exact
 * from the stored trace without re-running the model. `suppressed` must be one of the trace's
 * tracked tokens. The "after" values are null when the probe's own next token is c, or when p_c
 * rounds to 1 (nothing left to renormalise). Decision points with no token after them are left out.
 */
export function checkCapability(trace: CapabilityTraceInput, suppressed: TokenRef): CapabilityPoint[] {
  const column = trace.trackedTokens.findIndex((t) => t.id === suppressed.id);
  if (column === -1) throw new RangeError(`token ${suppressed.id} is not tracked in this trace`);
  return trace.decisionPositions.flatMap((d) => {
    const firstId = trace.tokenIds[d + 1];
    const at = trace.stats[d];
    if (firstId === undefined || !at) return [];
    return [checkPoint(trace, d, firstId, at.tracked[column] ?? Number.NaN, suppressed.id)];
  });
}

function checkPoint(
  trace: CapabilityTraceInput,
  d: number,
  firstId: number,
  pSuppressed: number,
  suppressedId: number,
): CapabilityPoint {
  const { end, callEnd } = findCallEnd(trace, d);
  const logPs = range(d, end).map((i) => Math.log(trace.stats[i]!.pNext ?? Number.NaN));
  const logLikelihoodBefore = logPs.reduce((sum, lp) => sum + lp, 0);
  const greedyRest = range(d + 1, end).every((i) => isTopOne(trace.stats[i]!.top, trace.tokenIds[i + 1]!));
  const pBefore = trace.stats[d]!.pNext ?? Number.NaN;
  const isFirstTokenSuppressed = firstId === suppressedId;
  const canRescore = !isFirstTokenSuppressed && pSuppressed < 1;
  const logLikelihoodAfter = canRescore ? logLikelihoodBefore - Math.log1p(-pSuppressed) : null;
  return {
    position: d,
    pSuppressed,
    firstToken: {
      id: firstId,
      text: textOf(trace, firstId),
      pBefore,
      pAfter: canRescore ? pBefore / (1 - pSuppressed) : null,
    },
    tokens: end - d,
    callEnd,
    logLikelihoodBefore,
    logLikelihoodAfter,
    likelihoodBefore: Math.exp(logLikelihoodBefore),
    likelihoodAfter: logLikelihoodAfter === null ? null : Math.exp(logLikelihoodAfter),
    greedyBefore: greedyRest && isTopOne(trace.stats[d]!.top, firstId),
    // Renormalising keeps the order of the others, so argmax after suppression is the top-1 without c.
    greedyAfter: canRescore
      ? greedyRest &&
        isTopOne(
          trace.stats[d]!.top.filter((t) => t.id !== suppressedId),
          firstId,
        )
      : null,
    isFirstTokenSuppressed,
  };
}

/** The last position of the correct call after d: the first `</tool_call>` or `<|im_end|>`, whichever comes first. */
function findCallEnd(trace: CapabilityTraceInput, d: number): { end: number; callEnd: CallEnd } {
  for (let i = d + 1; i < trace.tokenIds.length; i++) {
    const text = textOf(trace, trace.tokenIds[i]!);
    if (text === "</tool_call>" || text === "<|im_end|>") return { end: i, callEnd: text };
  }
  return { end: trace.tokenIds.length - 1, callEnd: "probe end" };
}

function isTopOne(top: PositionStats["top"], id: number): boolean {
  return top[0]?.id === id;
}

function textOf(trace: CapabilityTraceInput, id: number): string {
  return trace.vocab[String(id)] ?? "";
}

/** [from, to) */
function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}

/**
 * The token to suppress: `requested` (a tracked token's text, or its id as digits) when given, else
 * the token of this checkpoint's spike for the probe, else `<|im_end|>`. Null when `requested`
 * names no tracked token (or when neither default is tracked).
 */
export function resolveSuppressedToken(
  tracked: readonly TokenRef[],
  requested: string | undefined,
  spikeToken: string | null,
): TokenRef | null {
  if (requested !== undefined)
    return tracked.find((t) => t.text === requested || (/^\d+$/.test(requested) && t.id === Number(requested))) ?? null;
  return tracked.find((t) => t.text === spikeToken) ?? tracked.find((t) => t.text === "<|im_end|>") ?? null;
}
