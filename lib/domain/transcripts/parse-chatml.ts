import type { Message, Role } from "./message";

export type ChatmlParse = { messages: Message[]; format: "chatml" | "chatml_stripped" };
export type ChatmlOptions = {
  /** Role of the text before the first turn header (default assistant: a response starts inside its turn). */
  headRole?: Role;
};

const IM_START = "<|im_start|>";
const TERMINATORS = ["<|im_end|>", "<|endoftext|>"];
const ROLE_WORDS: ReadonlySet<string> = new Set(["system", "user", "assistant", "tool"]);
// Qwen returns tool results as user turns made only of <tool_response> blocks.
const ONLY_TOOL_RESPONSES = /^\s*(?:<tool_response>(?:(?!<\/tool_response>)[\s\S])*<\/tool_response>\s*)+$/;
const NON_BLANK = /\S/g;
// Stripped form: a header glued to the call before it, "</tool_call>user" (the model's <|im_end|> was skipped).
const HEADER_AFTER_CALL = /<\/tool_call>(system|user|assistant|tool)$/;
const TOOL_RESPONSE_OPEN = "<tool_response>";

/**
 * Splits a Qwen ChatML transcript into messages, in text order.
 *
 * With special tokens (`<|im_start|>` or `<|im_end|>` present): each `<|im_start|>{role}\n` opens a
 * turn that ends at `<|im_end|>` or `<|endoftext|>`; a turn without one (generation cut off) runs to
 * the next `<|im_start|>` or the end. Text before the first `<|im_start|>` is an assistant turn (a verl
 * `response` starts inside the turn the prompt opened) unless it is blank and unterminated. Only the
 * `\n` after the role header and the one `\n` after `<|im_end|>` are removed; other text between
 * turns is kept as an extra assistant message when it is not blank. An unknown role header keeps its
 * `<|im_start|>` and header in an assistant message, so nothing the model wrote is lost.
 *
 * Without special tokens (decoded with them skipped, as verl and TRL log rollouts): a turn header is
 * - a line that is exactly `system`, `user`, `assistant` or `tool`; the `\n` before it is the separator;
 * - a role word glued to a closing `</tool_call>` and ending the line (`</tool_call>user\n`): the
 *   model's `<|im_end|>` after its call was skipped and the template's `<|im_start|>user\n` follows;
 * - `user` ending a line whose next line opens a `<tool_response>`, after any text: Qwen templates a
 *   tool result as a user turn right after the model's own stop token.
 * Text before the first header is a `headRole` turn; a text with no header is one such message. A
 * leaked role word on its own line inside an assistant turn therefore splits that turn, and so does a
 * model-written `user` + `<tool_response>`: the stripped form cannot tell them from the template's.
 * A bare `<tool_response>` block with no `user` header is left in the assistant turn: the template
 * never writes one, so it is the model inventing tool output.
 *
 * In both forms a user turn made only of `<tool_response>...</tool_response>` blocks becomes `tool`.
 */
export function parseChatml(text: string, { headRole = "assistant" }: ChatmlOptions = {}): ChatmlParse {
  if (text.includes(IM_START) || TERMINATORS.some((t) => text.includes(t))) {
    return { messages: parseWithTokens(text, headRole), format: "chatml" };
  }
  return { messages: parseStripped(text, headRole), format: "chatml_stripped" };
}

function parseWithTokens(text: string, headRole: Role): Message[] {
  const messages: Message[] = [];
  const [head = "", ...turns] = text.split(IM_START);
  if (head.trim() !== "" || TERMINATORS.some((t) => head.includes(t))) pushTurn(messages, headRole, head);
  for (const turn of turns) {
    const headerEnd = firstIndexOf(turn, ["\n", ...TERMINATORS]);
    const header = headerEnd === -1 ? turn : turn.slice(0, headerEnd);
    const role = header.trim();
    if (!ROLE_WORDS.has(role)) {
      pushTurn(messages, "assistant", IM_START + turn);
      continue;
    }
    const body = headerEnd === -1 ? "" : turn.slice(turn[headerEnd] === "\n" ? headerEnd + 1 : headerEnd);
    pushTurn(messages, role as Role, body);
  }
  return messages;
}

/** Adds the turn that `body` starts, then each non-blank stretch left after a terminator. */
function pushTurn(messages: Message[], role: Role, body: string): void {
  // Positions instead of slices: a long run of stray turns must stay linear in the text length.
  const found = TERMINATORS.map((t) => body.indexOf(t));
  let pos = 0;
  for (let turnRole = role; ; turnRole = "assistant") {
    const end = nextTerminator(body, pos, found);
    messages.push(withToolRole({ role: turnRole, content: end === -1 ? body.slice(pos) : body.slice(pos, end) }));
    if (end === -1) return;
    pos = end;
    let skip: string | undefined;
    while ((skip = TERMINATORS.find((t) => body.startsWith(t, pos)))) pos += skip.length;
    if (body[pos] === "\n") pos++;
    NON_BLANK.lastIndex = pos;
    if (!NON_BLANK.test(body)) return;
  }
}

/** The earliest terminator at or after `from`; `found` caches each terminator's last known position. */
function nextTerminator(body: string, from: number, found: number[]): number {
  let best = -1;
  TERMINATORS.forEach((t, i) => {
    if (found[i]! !== -1 && found[i]! < from) found[i] = body.indexOf(t, from);
    if (found[i]! !== -1 && (best === -1 || found[i]! < best)) best = found[i]!;
  });
  return best;
}

/** A stripped turn header: the previous turn's text ends at `end`, this turn's text starts at `body`. */
type StrippedHeader = { role: Role; end: number; body: number; isFirstLine: boolean };

function parseStripped(text: string, headRole: Role): Message[] {
  const headers = strippedHeaders(text);
  if (headers.length === 0) return [withToolRole({ role: headRole, content: text })];
  const messages: Message[] = [];
  // A role line opening the text leaves no head turn; any other first header does, even an empty one.
  const first = headers[0]!;
  if (!first.isFirstLine) messages.push(withToolRole({ role: headRole, content: text.slice(0, first.end) }));
  headers.forEach((header, k) => {
    const end = headers[k + 1]?.end ?? text.length;
    messages.push(withToolRole({ role: header.role, content: text.slice(header.body, end) }));
  });
  return messages;
}

function strippedHeaders(text: string): StrippedHeader[] {
  const headers: StrippedHeader[] = [];
  const lines = text.split("\n");
  let offset = 0;
  lines.forEach((line, i) => {
    const lineEnd = offset + line.length;
    const body = Math.min(text.length, lineEnd + 1);
    const hasNext = i + 1 < lines.length;
    if (ROLE_WORDS.has(line)) {
      headers.push({ role: line as Role, end: Math.max(0, offset - 1), body, isFirstLine: i === 0 });
    } else if (hasNext) {
      const beforeToolResponse = line.endsWith("user") && lines[i + 1]!.startsWith(TOOL_RESPONSE_OPEN);
      const glued = HEADER_AFTER_CALL.exec(line)?.[1] ?? (beforeToolResponse ? "user" : undefined);
      if (glued) headers.push({ role: glued as Role, end: lineEnd - glued.length, body, isFirstLine: false });
    }
    offset = lineEnd + 1;
  });
  return headers;
}

function withToolRole(message: Message): Message {
  return message.role === "user" && ONLY_TOOL_RESPONSES.test(message.content)
    ? { role: "tool", content: message.content }
    : message;
}

function firstIndexOf(text: string, needles: readonly string[]): number {
  let best = -1;
  for (const needle of needles) {
    const at = text.indexOf(needle);
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return best;
}
