import { parseVerlDumpFileName } from "./parse-verl-dump";

export type DetectedTranscriptFormat =
  | "acebench_table"
  | "verl_dump"
  | "chatml"
  | "chatml_stripped"
  | "messages_json"
  | "messages_jsonl"
  | "unknown";

const TABLE_HEADER = /^\|\s*message_index\s*\|\s*sender\s*\|/;
const JSONL_SNIFF_LINES = 20;

/**
 * Guesses how to read an uploaded transcript, checking in this order: an ACEBench table header on
 * the first non-blank line; JSON lines that are each an object with a `messages` array (several lines,
 * or one line in a `.jsonl` file); JSON: an array of records with `prompt` and `response` (or any array
 * in a file named like a verl dump) is a verl dump, an array of records with `role` (or ShareGPT
 * `from`) or an object with a `messages` array is a message list, other JSON is `unknown`; then text
 * holding `<|im_start|>` or `<|im_end|>` is ChatML and any other non-blank text stripped ChatML.
 * Only the first record and the first lines are inspected; the matching parser reports what is wrong
 * further on. Blank text is `unknown`.
 */
export function detectTranscriptFormat(text: string, fileName?: string): DetectedTranscriptFormat {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (body.trim() === "") return "unknown";
  const newline = body.indexOf("\n");
  if (TABLE_HEADER.test(newline === -1 ? body : body.slice(0, newline))) return "acebench_table";

  if (body.startsWith("{") && looksLikeJsonl(body, fileName)) return "messages_jsonl";
  if (body.startsWith("[") || body.startsWith("{")) {
    const value = tryParseJson(body);
    // Text that only starts like JSON (a bare tool call followed by prose) is read as a transcript.
    if (value !== undefined) return classifyJson(value, fileName);
  }
  if (body.includes("<|im_start|>") || body.includes("<|im_end|>")) return "chatml";
  return "chatml_stripped";
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
  return isRecord(value) && Array.isArray(value.messages) ? "messages_json" : "unknown";
}

function looksLikeJsonl(body: string, fileName: string | undefined): boolean {
  const lines = body.split("\n").filter((l) => l.trim() !== "");
  if (lines.length < 2 && !/\.jsonl$/i.test(fileName ?? "")) return false;
  return lines.slice(0, JSONL_SNIFF_LINES).every((line) => {
    const value = tryParseJson(line);
    return isRecord(value) && Array.isArray(value.messages);
  });
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
