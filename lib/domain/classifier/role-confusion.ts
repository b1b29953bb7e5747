import { bigramSimilarity, wordBigrams } from "./echo-similarity";
import type { Span, UserHistory } from "./types";

// A first-person want or need, maybe after short interjections ("Yes,", "I see.", "Now,"): how a user asks.
const INTERJECTION =
  String.raw`(?:yes|no|ok|okay|sure|great|now|so|also|then|alright|well|i see|thanks|thank you)` +
  String.raw`[,.!]*\s+`;
const FIRST_PERSON_REQUEST = new RegExp(
  String.raw`^(?:${INTERJECTION})*(?:i need to|i want to|i would like to|i'd like to|i wish to)\b`,
  "i",
);
// Any first-person request anywhere: without one (and without a name the user gave) no rule can fire.
const ANY_REQUEST = /i need to|i want to|i would like to|i'd like to|i wish to/i;
const SECOND_PERSON = /\b(?:you|your|yours|yourself)\b/i;
// "me" as an object ("sent to me", "for me") or "my" + a thing of the user's; "my" + the agent's own work is fine.
const AGENT_OWN =
  "apologies|mistake|understanding|knowledge|tools?|functions?|capabilities|abilities|previous|last|" +
  "earlier|answer|response|reply|search|analysis|records|training|best";
const FIRST_PERSON_OBJECT = new RegExp(String.raw`\bme\b|\bmy\s+(?!(?:${AGENT_OWN})\b)\w`, "i");
// "I am Grace", "I'm Grace", "my name is Grace", "my username is Grace" (not "I'm Grace's").
const SELF_INTRODUCTION =
  /\b(?:[Ii] am|[Ii]['’]m|[Mm]y name is|[Mm]y user ?name is)\s+(\p{Lu}[\p{L}-]*)(?![\p{L}'’])/gu;
// Quoted text is the user's or a message's words, not the agent's voice: "...", “...”, and '...' between spaces.
const QUOTED = /"[^"\n]*"|“[^”\n]*”|(?<=^|[\s:(])'[^'\n]*'(?=$|[\s.,;:!?)])/g;
// A sentence ends after . ! ? followed by whitespace, or at a line break.
const SENTENCE_BREAK = /(?<=[.!?])[^\S\n]+|\n+/g;
const RECENT_USER_MESSAGES = 8;
export const MAX_USER_CHARS = 65_536;
const MAX_USER_NAMES = 16;

/**
 * A UserHistory holds the user's side of a dialogue so far: real user messages (not tool results), oldest
 * first, and the names the user gave for themselves. Word pairs of a message are built once, when first
 * compared, so classifying every turn of a long transcript stays linear.
 */
export function createUserHistory(messages: readonly string[] = []): UserHistory {
  const history: UserHistory = { messages: [], names: [], bigrams: [] };
  for (const message of messages) addUserMessage(history, message);
  return history;
}

/** Appends a user message; names it introduces its writer with ("I am Grace") are kept, at most 16. */
export function addUserMessage(history: UserHistory, message: string): void {
  history.messages.push(message);
  for (const m of message.slice(0, MAX_USER_CHARS).matchAll(SELF_INTRODUCTION)) {
    if (history.names.length >= MAX_USER_NAMES) return;
    if (!history.names.includes(m[1]!)) history.names.push(m[1]!);
  }
}

/**
 * Where the agent speaks as the user (role confusion, a kind of text pollution), given the user's side
 * of the dialogue before the turn, or undefined. Rule, per sentence of `prose` (quoted text blanked
 * first, so quoting the user is never role confusion):
 * 1. a self-introduction with a name the user gave for themselves ("I am Grace" after the user wrote
 *    "I am Grace, not Alice"); or
 * 2. a first-person request, `I need to | I want to | I would like to | I'd like to | I wish to`
 *    opening the sentence (after interjections such as "Yes," or "I see."), that never addresses the
 *    user (no you/your) and either speaks of the user's things (`me`, or `my` + a noun other than the
 *    agent's own work: "my account", "sent to me") or restates an earlier user message: echoSimilarity
 *    with one of them (the first and the 8 most recent, each read up to 64 KiB) at least `threshold`
 *    (default 0.5: over half of the sentence's word pairs are the user's). An agent's "I need to check
 *    the weather first" or "I'd like to confirm: you want to fly to Shanghai?" does not fire.
 * The span covers the first such sentence.
 */
export function findRoleConfusion(prose: string, history: UserHistory, threshold: number): Span | undefined {
  // Blanking quotes only removes text, so it cannot make a request phrase that prose lacks.
  if (history.names.length === 0 && !ANY_REQUEST.test(prose)) return undefined;
  const text = prose.replace(QUOTED, (q) => " ".repeat(q.length));
  const names = new Set(history.names.map((n) => n.toLowerCase()));
  let users: Set<string>[] | undefined;
  for (const span of sentenceSpans(text)) {
    const sentence = text.slice(span.start, span.end);
    if (introducesAs(sentence, names)) return span;
    const opening = FIRST_PERSON_REQUEST.exec(sentence);
    if (!opening || SECOND_PERSON.test(sentence)) continue;
    if (FIRST_PERSON_OBJECT.test(sentence.slice(opening[0].length))) return span;
    users ??= comparedBigrams(history);
    const said = wordBigrams(sentence);
    if (users.some((u) => bigramSimilarity(said, u) >= threshold)) return span;
  }
  return undefined;
}

/** Word pairs of the first user message (the task) and of the 8 most recent ones. */
function comparedBigrams(history: UserHistory): Set<string>[] {
  const n = history.messages.length;
  const indexes =
    n <= RECENT_USER_MESSAGES + 1
      ? [...Array(n).keys()]
      : [0, ...Array.from({ length: RECENT_USER_MESSAGES }, (_, k) => n - RECENT_USER_MESSAGES + k)];
  return indexes.map((i) => userBigrams(history, i));
}

/** Word pairs of the history's i-th user message (its first 64 KiB), built once per message. */
export function userBigrams(history: UserHistory, i: number): Set<string> {
  return (history.bigrams[i] ??= wordBigrams(history.messages[i]!.slice(0, MAX_USER_CHARS)));
}

/** Trimmed, non-empty sentences of `text` as offsets. */
function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  const push = (end: number) => {
    const piece = text.slice(from, end);
    const lead = piece.length - piece.trimStart().length;
    const body = piece.trim();
    if (body !== "") spans.push({ start: from + lead, end: from + lead + body.length });
  };
  for (const m of text.matchAll(SENTENCE_BREAK)) {
    push(m.index);
    from = m.index + m[0].length;
  }
  push(text.length);
  return spans;
}

function introducesAs(sentence: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  for (const m of sentence.matchAll(SELF_INTRODUCTION)) if (names.has(m[1]!.toLowerCase())) return true;
  return false;
}
