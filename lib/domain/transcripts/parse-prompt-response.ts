import type { Message } from "./message";
import { parseChatml, type ChatmlParse } from "./parse-chatml";

/**
 * Messages of a prompt and the response generated after it, as trainers log them in two fields (verl
 * `input`/`output`, TRL `prompt`/`completion`), each decoded with or without special tokens. The prompt
 * is read with parseChatml, its text before any turn header being the user's (a prompt without a chat
 * template). The response starts inside the assistant turn the prompt's generation header opened
 * (`assistant\n`, `<|im_start|>assistant\n`); whatever that header already holds (Qwen3's empty
 * `<think>\n\n</think>\n\n`) is prefixed to the response's first turn, and an empty one is dropped.
 * Parsing the two fields apart keeps a prompt with special tokens from swallowing a stripped response.
 * The format is `chatml` when either field holds special tokens.
 */
export function parsePromptAndResponse(prompt: string, response: string): ChatmlParse {
  const head = parseChatml(prompt, { headRole: "user" });
  const tail = parseChatml(response);
  const opened = head.messages.at(-1);
  const messages: Message[] = opened?.role === "assistant" ? head.messages.slice(0, -1) : [...head.messages];
  const [first, ...rest] = tail.messages;
  if (opened?.role === "assistant" && first?.role === "assistant")
    messages.push({ role: "assistant", content: opened.content + first.content }, ...rest);
  else messages.push(...(opened?.role === "assistant" && opened.content !== "" ? [opened] : []), ...tail.messages);
  return { messages, format: head.format === "chatml" || tail.format === "chatml" ? "chatml" : "chatml_stripped" };
}
