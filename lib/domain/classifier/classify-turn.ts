import { findPythonCall, findUntaggedCall } from "./call-syntax";
import { DEFAULT_CLASSIFIER_OPTIONS, type ClassifierOptions } from "./classifier-options";
import { bigramSimilarity, bigramsOf, wordBigrams, wordTokens } from "./echo-similarity";
import { firstSpan, orderedKinds, type Finding } from "./finding";
import { findPhrases, firstLineSpan, lastLineSpan, maskSpans, trimmedSpan } from "./mask-text";
import { checkToolCallPayload } from "./parse-tool-call";
import { scanToolCalls, type ToolCallScan } from "./scan-tool-calls";
import { createUserHistory, findRoleConfusion, MAX_USER_CHARS, userBigrams } from "./role-confusion";
import { findControlTokens, findForeignTags, findOutputHeaders, findRoleLeaks } from "./text-signals";
import type { FailureKind, Span, ToolCall, TurnClassification, TurnContext, UserHistory } from "./types";

export type { ClassifierOptions } from "./classifier-options";

const HAS_ALNUM = /[\p{L}\p{N}]/u;
const HAS_NON_SPACE = /\S/;
// The stop token a turn normally ends with, when a caller passes text decoded with special tokens.
const FINAL_STOP = /(<\|im_end\|>|<\|endoftext\|>)\s*$/;

/**
 * Structural state of one assistant turn (domain.md §4, first rule that fires): full_collapse,
 * healthy_tool_call, healthy_response, else text_pollution. Failures come in FAILURE_KINDS order,
 * `span` marks the earliest failing region and `toolCalls` holds every payload that parsed as a call.
 * Pure and bounded: only the first `maxScanChars` characters are inspected.
 */
export function classifyTurn(
  content: string,
  context: TurnContext = {},
  options: Partial<ClassifierOptions> = {},
): TurnClassification {
  const opts: ClassifierOptions = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
  const text = content.length > opts.maxScanChars ? content.slice(0, opts.maxScanChars) : content;
  const think = opts.allowLeadingThink ? leadingThink(text) : undefined;
  const body = think ? maskSpans(text, [think]) : text;
  const truncated: Finding[] = context.isTruncated ? [{ kind: "truncated", span: lastLineSpan(text) }] : [];

  if (body.trim() === "") return collapse(["empty_turn"], { start: 0, end: content.length }, truncated);

  const scan = scanToolCalls(body);
  const tags = tagSpans(scan);
  const stop = body.includes("<|") ? FINAL_STOP.exec(body) : null;
  const tokens = findControlTokens(body);
  const leakedTokens = stop ? tokens.filter((t) => t.start < stop.index) : tokens;
  // JSON payloads are not prose: a JSON string may hold "user" or "finish conversation" ({"finish
  // conversation"} is a broken call). Other tag text is read, as "<tool_call>!\nassistant" is a leak.
  const jsonPayloads = scan.blocks.filter((b) => b.jsonLike).map((b) => b.payload);
  const prose = maskSpans(body, [...tags, ...tokens, ...jsonPayloads]);
  const roles = findRoleLeaks(prose);
  const endSignals = findPhrases(prose, opts.endSignals);
  // Call syntax and tags are looked for outside every payload: inside tags they are bad_json, not drift.
  const closedPayloads = scan.blocks.filter((b) => b.close && !b.jsonLike).map((b) => b.payload);
  const plain = maskSpans(prose, closedPayloads);

  // Rule 1: nothing left once tags, special tokens, leaked role headers and end signals are removed.
  const residue = maskSpans(body, [...tags, ...tokens, ...roles, ...endSignals]);
  // A turn that is only ACEBench's end signal is a (healthy) text answer, not a collapse.
  const onlyEndSignal =
    endSignals.length > 0 &&
    tags.length === 0 &&
    leakedTokens.length === 0 &&
    roles.length === 0 &&
    residue.trim() === "";
  if (!HAS_ALNUM.test(residue) && !onlyEndSignal) {
    const kinds: FailureKind[] = [];
    if (tags.length > 0) kinds.push("bare_tag");
    if (scan.blocks.length > 1) kinds.push("repeated_tag");
    if (residue.trim() !== "") kinds.push("no_alphanumeric");
    if (roles.length > 0) kinds.push("leaked_role_word");
    if (leakedTokens.length > 0) kinds.push("leaked_control_token");
    if (kinds.length === 0) kinds.push("empty_turn"); // only a final stop token
    return collapse(kinds, trimmedSpan(body) ?? { start: 0, end: text.length }, truncated);
  }

  const { findings, toolCalls } = checkBlocks(body, scan, context.knownTools);
  findings.push(...truncated);
  for (const span of roles) findings.push({ kind: "leaked_role_word", span });
  for (const span of leakedTokens) findings.push({ kind: "leaked_control_token", span });
  findings.push(...findForeignTags(plain));
  for (const span of findOutputHeaders(plain)) findings.push({ kind: "invented_tool_output", span });
  const untagged = findUntaggedCall(plain);
  if (untagged) findings.push({ kind: "untagged_call", span: untagged });
  const python = findPythonCall(plain);
  if (python) findings.push({ kind: "python_list_call", span: python });

  if (toolCalls.length > 0) {
    const blocks = scan.blocks.map((b) => ({ start: b.open.start, end: b.close?.end ?? b.payload.end }));
    const junk = firstLineSpan(maskSpans(body, [...blocks, ...scan.orphanCloses, ...tokens, ...endSignals]));
    if (junk) findings.push({ kind: "junk_tail", span: junk });
  }

  const said = maskSpans(plain, [...roles, ...endSignals]);
  // Blank text has no words and no sentences: neither an echo nor role confusion (most tool-call turns).
  if (HAS_NON_SPACE.test(said)) findings.push(...findSpeakingAsUser(said, context, opts));

  if (findings.length === 0) {
    return { state: scan.blocks.length > 0 ? "healthy_tool_call" : "healthy_response", failures: [], toolCalls };
  }
  return { state: "text_pollution", failures: orderedKinds(findings), span: firstSpan(findings), toolCalls };
}

function collapse(kinds: FailureKind[], span: Span, extra: readonly Finding[]): TurnClassification {
  const findings = [...kinds.map((kind) => ({ kind, span })), ...extra];
  return { state: "full_collapse", failures: orderedKinds(findings), span, toolCalls: [] };
}

function checkBlocks(body: string, scan: ToolCallScan, knownTools: readonly string[] | undefined) {
  const findings: Finding[] = [];
  const toolCalls: ToolCall[] = [];
  scan.blocks.forEach((block, i) => {
    if (!block.close) findings.push({ kind: "unclosed_tag", span: block.open });
    const next = scan.blocks[i + 1];
    if (block.reopened && next) findings.push({ kind: "repeated_tag", span: next.open });
    const payloadSpan = block.payload.end > block.payload.start ? block.payload : block.open;
    const check = checkToolCallPayload(body.slice(block.payload.start, block.payload.end));
    for (const kind of check.failures) findings.push({ kind, span: payloadSpan });
    if (!check.call) return;
    toolCalls.push(check.call);
    // An unlisted name is a pollution signal, not a healthy call: the model drifted from the offered API.
    if (knownTools && !knownTools.includes(check.call.name)) findings.push({ kind: "unknown_tool", span: payloadSpan });
  });
  for (const span of scan.orphanCloses) findings.push({ kind: "unclosed_tag", span });
  return { findings, toolCalls };
}

function findSpeakingAsUser(said: string, context: TurnContext, opts: ClassifierOptions): Finding[] {
  const findings: Finding[] = [];
  const echo = echoFinding(said, context, opts);
  if (echo) findings.push(echo);
  const previous = context.previousUserMessage;
  const history = context.userHistory ?? createUserHistory(previous === undefined ? [] : [previous]);
  const confusion = findRoleConfusion(said, history, opts.roleConfusionThreshold);
  if (confusion) findings.push({ kind: "role_confusion", span: confusion });
  return findings;
}

function echoFinding(text: string, context: TurnContext, opts: ClassifierOptions): Finding | undefined {
  const previousUser = context.previousUserMessage;
  if (!previousUser) return undefined;
  const tokens = wordTokens(text);
  if (tokens.length < opts.echoMinWords) return undefined;
  if (bigramSimilarity(bigramsOf(tokens), sourceBigrams(previousUser, context.userHistory, opts)) < opts.echoThreshold)
    return undefined;
  const span = trimmedSpan(text);
  return span ? { kind: "echo_of_user", span } : undefined;
}

// Every assistant turn after a user message compares with it: its word pairs are the history's cached ones
// when the history ends with that message and the scan limit is the history's.
function sourceBigrams(previousUser: string, history: UserHistory | undefined, opts: ClassifierOptions): Set<string> {
  const last = history ? history.messages.length - 1 : -1;
  if (history && history.messages[last] === previousUser && opts.maxScanChars === MAX_USER_CHARS)
    return userBigrams(history, last);
  return wordBigrams(previousUser.slice(0, opts.maxScanChars));
}

function tagSpans(scan: ToolCallScan): Span[] {
  const spans: Span[] = [...scan.orphanCloses];
  for (const block of scan.blocks) {
    spans.push(block.open);
    if (block.close) spans.push(block.close);
  }
  return spans;
}

function leadingThink(text: string): Span | undefined {
  const open = text.search(/\S/);
  if (open < 0 || !text.startsWith("<think>", open)) return undefined;
  const close = text.indexOf("</think>", open);
  return close < 0 ? undefined : { start: 0, end: close + "</think>".length };
}
