import { parseVerlDumpFileName } from "./parse-verl-dump";
import { parseVerlGenerationsFileName } from "./parse-verl-generations";
import { parsePythonJson } from "./python-json";

export type DetectedTranscriptFormat =
  | "acebench_table"
  | "verl_dump"
  | "chatml"
  | "chatml_stripped"
  | "messages_json"
  | "messages_jsonl"
  | "verl_generations"
  | "wandb_table"
  | "unknown";

const TABLE_HEADER = /^\|\s*message_index\s*\|\s*sender\s*\|/;
const JSON_FILE = /\.jsonl?$/i;

/**
 * Guesses how to read an uploaded transcript, checking in this order: an ACEBench table header on
 * the first non-blank line; JSON lines, when the first non-blank line is a JSON object and there are
 * more lines or the file is `.jsonl` (Python's NaN and Infinity allowed): objects with a `messages`
 * array are message lists, with string `input` and `output` a verl generations dump, others
 * `unknown`; JSON: an array of records with `prompt` and `response` (or any array in a file named
 * like a verl dump) is a verl dump, an array of records with `role` (or ShareGPT `from`) or an object
 * with a `messages` array is a message list, an object with `columns` and `data` arrays a W&B table,
 * other JSON is `unknown`; then text holding `<|im_start|>` or `<|im_end|>` is ChatML and any other
 * non-blank text stripped ChatML, except in a `.json`/`.jsonl` file, which must be JSON (`unknown`).
 * Only the first record or line is inspected; the matching parser reports what is wrong further on.
 * Blank text is `unknown`.
 */
export function detectTranscriptFormat(text: string, fileName?: string): DetectedTranscriptFormat {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (body.trim() === "") return "unknown";
  const newline = body.indexOf("\n");
  const firstLine = newline === -1 ? body : body.slice(0, newline);
  if (TABLE_HEADER.test(firstLine)) return "acebench_table";

  const hasMoreLines = body.slice(firstLine.length).trim() !== "";
  const first = body.startsWith("{") ? parsePythonJson(firstLine) : undefined;
  const isJsonl = hasMoreLines || /\.jsonl$/i.test(fileName ?? "");
  if (first && isRecord(first.value) && isJsonl) return classifyJsonLine(first.value, fileName);
  if (body.startsWith("[") || body.startsWith("{")) {
    const value = parsePythonJson(body);
    // Text that only starts like JSON (a bare tool call followed by prose) is read as a transcript.
    if (value !== undefined) return classifyJson(value.value, fileName);
  }
  if (JSON_FILE.test(fileName ?? "")) return "unknown";
  if (body.includes("<|im_start|>") || body.includes("<|im_end|>")) return "chatml";
  return "chatml_stripped";
}

function classifyJsonLine(record: Record<string, unknown>, fileName: string | undefined): DetectedTranscriptFormat {
  if (Array.isArray(record.messages)) return "messages_jsonl";
  if (typeof record.input === "string" && typeof record.output === "string") return "verl_generations";
  return fileName !== undefined && parseVerlGenerationsFileName(fileName) !== null ? "verl_generations" : "unknown";
}

function classifyJson(value: unknown, fileName: string | undefined): DetectedTranscriptFormat {
  if (Array.isArray(value)) {
    if (fileName !== undefined && parseVerlDumpFileName(fileName)) return "verl_dump";
    const first: unknown = value[0];
    if (!isRecord(first)) return "unknown";
    if ("prompt" in first && "response" in first) return "verl_dump";
    if ("role" in first || "from" in first) return "messages_json";
    return "unknown";
  }
  if (!isRecord(value)) return "unknown";
  if (Array.isArray(value.messages)) return "messages_json";
  return Array.isArray(value.columns) && Array.isArray(value.data) ? "wandb_table" : "unknown";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
