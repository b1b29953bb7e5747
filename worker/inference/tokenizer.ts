import fs from "node:fs/promises";
import path from "node:path";
import { Template } from "@huggingface/jinja";
import { TokenizerLoader } from "@lenml/tokenizers";

/** A chat message as chat templates read it; tool calls follow the OpenAI/HF shape. */
export type ChatMessage = {
  role: string;
  content: string;
  tool_calls?: { type: "function"; function: { name: string; arguments: Record<string, unknown> } }[];
};

export type CheckpointTokenizer = {
  /** ids of text; special tokens written in the text (`<|im_end|>`) become their ids */
  encode(text: string): number[];
  /** text of ids, special tokens included */
  decode(ids: readonly number[]): string;
  /** the id of a text that is exactly one token, e.g. `<tool_call>` or `{"` */
  tokenId(text: string): number;
  /** the largest id the tokenizer can produce; the model's vocabulary must be larger */
  maxTokenId: number;
  /** the conversation rendered by the checkpoint's chat_template, without a generation prompt */
  renderChat(messages: readonly ChatMessage[]): string;
};

async function readJson(dir: string, file: string): Promise<Record<string, unknown>> {
  const text = await fs.readFile(path.join(dir, file), "utf8").catch(() => {
    throw new Error(`checkpoint has no ${file} (looked in ${dir})`);
  });
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** tokenizer_config.json holds the template as a string, or as a list of named templates. */
function chatTemplateOf(config: Record<string, unknown>): string | null {
  const value = config.chat_template;
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return null;
  const named = value as { name?: string; template?: string }[];
  return (named.find((t) => t.name === "default") ?? named[0])?.template ?? null;
}

/** tokenizer_config.json writes a special token as its text or as an AddedToken object. */
function specialToken(value: unknown): string {
  if (typeof value === "string") return value;
  const content = (value as { content?: unknown } | null)?.content;
  return typeof content === "string" ? content : "";
}

/** Loads tokenizer.json and tokenizer_config.json from a checkpoint folder. */
export async function loadCheckpointTokenizer(dir: string): Promise<CheckpointTokenizer> {
  const tokenizerJSON = await readJson(dir, "tokenizer.json");
  const tokenizerConfig = await readJson(dir, "tokenizer_config.json");
  const tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig });
  const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
  const source = chatTemplateOf(tokenizerConfig);
  const template = source === null ? null : new Template(source);
  const ids = [...tokenizer.model.tokens_to_ids.values(), ...tokenizer.added_tokens.map((t) => t.id)];
  return {
    encode,
    decode: (tokenIds) => tokenizer.decode([...tokenIds], { skip_special_tokens: false }),
    tokenId(text) {
      const found = encode(text);
      if (found.length !== 1) throw new Error(`'${text}' is not a single token: it encodes to [${found.join(", ")}]`);
      return found[0]!;
    },
    maxTokenId: ids.reduce((max, id) => Math.max(max, id), 0),
    renderChat(messages) {
      if (!template) throw new Error("checkpoint's tokenizer_config.json has no chat_template");
      return template.render({
        messages,
        add_generation_prompt: false,
        bos_token: specialToken(tokenizerConfig.bos_token),
        eos_token: specialToken(tokenizerConfig.eos_token),
      });
    },
  };
}
