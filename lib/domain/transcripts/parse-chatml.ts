import type { Message, Role } from "./message";

export type ChatmlParse = { messages: Message[]; format: "chatml" | "chatml_stripped" };

const IM_START = "<|im_start|>";
const TERMINATORS = ["<|im_end|>", "<|endoftext|>"];
const ROLE_WORDS: ReadonlySet<string> = new Set(["system", "user", "assistant", "tool"]);
// Qwen returns tool results as user turns made only of <tool_response> blocks.
const ONLY_TOOL_RESPONSES = /^\s*(?:<tool_response>(?:(?!<\/tool_response>)[\s\S])*<\/tool_response>\s*)+$/;
const NON_BLANK = /\S/g;

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
 * Without special tokens (decoded with them skipped): a line that is exactly `system`, `user`,
 * `assistant` or `tool` opens a turn, and the `\n` before it is the separator. Text before the first
 * such line is an assistant turn; a text with no such line is one assistant message. A leaked role
 * word on its own line inside an assistant turn therefore splits that turn: the stripped form cannot
 * tell the two apart.
 *
 * In both forms a user turn made only of `<tool_response>...</tool_response>` blocks becomes `tool`.
 */
export function parseChatml(text: string): ChatmlParse {
  if (text.includes(IM_START) || TERMINATORS.some((t) => text.includes(t))) {
    return { messages: parseWithTokens(text), format: "chatml" };
  }
  return { messages: parseStripped(text), format: "chatml_stripped" };
}

function parseWithTokens(text: string): Message[] {
  const messages: Message[] = [];
  const [head = "", ...turns] = text.split(IM_START);
  if (head.trim() !== "" || TERMINATORS.some((t) => head.includes(t))) pushTurn(messages, "assistant", head);
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

function parseStripped(text: string): Message[] {
  const lines = text.split("\n");
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (ROLE_WORDS.has(line)) starts.push(i);
  });
  if (starts.length === 0) return [{ role: "assistant", content: text }];
  const messages: Message[] = [];
  if (starts[0]! > 0) messages.push({ role: "assistant", content: lines.slice(0, starts[0]).join("\n") });
  starts.forEach((start, k) => {
    const content = lines.slice(start + 1, starts[k + 1] ?? lines.length).join("\n");
    messages.push(withToolRole({ role: lines[start] as Role, content }));
  });
  return messages;
}

function withToolRole(message: Message): Message {
  return message.role === "user" && ONLY_TOOL_RESPONSES.test(message.content) ? { role: "tool", content: message.content } : message;
}

function firstIndexOf(text: string, needles: readonly string[]): number {
  let best = -1;
  for (const needle of needles) {
    const at = text.indexOf(needle);
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return best;
}
