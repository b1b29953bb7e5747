import type { ClassifiedTurn } from "../classifier/classify-transcript";
import { detectTranscriptFormat } from "../transcripts/detect-format";
import type { Message, ParseResult, TranscriptFormat } from "../transcripts/message";
import { parseAcebenchTable } from "../transcripts/parse-acebench-table";
import { parseChatml } from "../transcripts/parse-chatml";
import { parseMessageList } from "../transcripts/parse-messages";
import {
  parseTrlCompletions,
  parseTrlCompletionsFileName,
  readWandbTable,
  type CompletionsTable,
} from "../transcripts/parse-trl-completions";
import { parseVerlDump } from "../transcripts/parse-verl-dump";
import { parseVerlGenerations, parseVerlGenerationsFileName } from "../transcripts/parse-verl-generations";
import { parsePythonJson } from "../transcripts/python-json";
import { classifyRolloutTurns } from "./prepare-rollout";

export type DocumentDialogue = {
  dialogue: string;
  format: TranscriptFormat;
  messages: Message[];
  turns: ClassifiedTurn[];
};

/**
 * Reads any supported text file (ACEBench table, verl dump, verl generations, JSON or JSONL message
 * lists, W&B completions table, ChatML text), detecting its format, and classifies every assistant
 * turn of every dialogue in it. A file with one dialogue names it after the file; verl dumps and
 * generations name each by sample id, completions tables by `<step>/<sample id>`, lists by position.
 */
export function classifyDocument(text: string, fileName: string): ParseResult<DocumentDialogue[]> {
  return classified(readDialogues(text, fileName));
}

/** Classifies a TRL completions table read from a file (parquet), as classifyDocument does its text. */
export function classifyCompletionsTable(table: CompletionsTable, fileName: string): ParseResult<DocumentDialogue[]> {
  return classified(completionsDialogues(table, fileName));
}

function classified(dialogues: ParseResult<Dialogue[]>): ParseResult<DocumentDialogue[]> {
  if (!dialogues.ok) return dialogues;
  return { ok: true, value: dialogues.value.map((d) => ({ ...d, turns: classifyRolloutTurns(d.messages) })) };
}

type Dialogue = Omit<DocumentDialogue, "turns">;

function readDialogues(text: string, fileName: string): ParseResult<Dialogue[]> {
  const stem = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
  const format = detectTranscriptFormat(text, fileName);
  switch (format) {
    case "acebench_table": {
      const parsed = parseAcebenchTable(text);
      return parsed.ok ? one(stem, "acebench_table", parsed.value.messages) : parsed;
    }
    case "verl_dump": {
      const json = parseJsonText(text);
      if (!json.ok) return json;
      const parsed = parseVerlDump(json.value, fileName);
      if (!parsed.ok) return parsed;
      return {
        ok: true,
        value: parsed.value.map((r) => ({ dialogue: r.sampleId, format: "verl_record", messages: r.messages })),
      };
    }
    case "messages_json": {
      const json = parseJsonText(text);
      return json.ok ? messageLists(json.value, stem) : json;
    }
    case "messages_jsonl":
      return messageListLines(text);
    case "verl_generations": {
      const step = parseVerlGenerationsFileName(fileName) ?? undefined;
      const parsed = parseVerlGenerations(text, { step, split: "train", isFinal: true });
      if (!parsed.ok) return parsed;
      const format = "verl_generations" as const;
      const value = parsed.value.rollouts.map((r) => ({ dialogue: r.sampleId, format, messages: r.messages }));
      return { ok: true, value };
    }
    case "wandb_table": {
      const json = parseJsonText(text);
      if (!json.ok) return json;
      const table = readWandbTable(json.value);
      return table.ok ? completionsDialogues(table.value, fileName) : table;
    }
    case "chatml":
    case "chatml_stripped": {
      const parsed = parseChatml(text);
      return one(stem, parsed.format, parsed.messages);
    }
    case "unknown":
      return { ok: false, issues: [{ path: fileName, message: UNKNOWN_FORMAT }] };
  }
}

const UNKNOWN_FORMAT =
  "unrecognised format: expected an ACEBench table, a verl dump or generations file, TRL completions " +
  "(W&B table JSON or parquet), a JSON message list or ChatML text";

function completionsDialogues(table: CompletionsTable, fileName: string): ParseResult<Dialogue[]> {
  const parsed = parseTrlCompletions(table, { fileStep: parseTrlCompletionsFileName(fileName) ?? undefined });
  if (!parsed.ok) return parsed;
  const format = "trl_completions" as const;
  const value = parsed.value.map((r) => ({ dialogue: `${r.step}/${r.sampleId}`, format, messages: r.messages }));
  return { ok: true, value };
}

function one(dialogue: string, format: TranscriptFormat, messages: Message[]): ParseResult<Dialogue[]> {
  return { ok: true, value: [{ dialogue, format, messages }] };
}

function parseJsonText(text: string): ParseResult<unknown> {
  const parsed = parsePythonJson(text);
  if (!parsed) return { ok: false, issues: [{ path: "(file)", message: "not valid JSON" }] };
  return { ok: true, value: parsed.value };
}

/** A message list, `{messages: [...]}`, or an array of either (one dialogue per element). */
function messageLists(value: unknown, stem: string): ParseResult<Dialogue[]> {
  const single = asMessageList(value);
  if (single !== undefined) return toDialogues([[stem, single, ""]]);
  if (!Array.isArray(value))
    return { ok: false, issues: [{ path: "(file)", message: "expected a message list or {messages: [...]}" }] };
  return toDialogues(value.map((item, i) => [`${stem}[${i}]`, asMessageList(item) ?? item, `[${i}]`]));
}

function messageListLines(text: string): ParseResult<Dialogue[]> {
  const entries: [string, unknown, string][] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === "") continue;
    const json = parseJsonText(line);
    if (!json.ok) return { ok: false, issues: [{ path: `line ${i + 1}`, message: "not valid JSON" }] };
    const id = (json.value as { id?: unknown }).id;
    entries.push([
      typeof id === "string" || typeof id === "number" ? String(id) : `line ${i + 1}`,
      asMessageList(json.value),
      `line ${i + 1}`,
    ]);
  }
  return toDialogues(entries);
}

function asMessageList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value) && value.every((m) => typeof m === "object" && m !== null && "role" in m)) return value;
  const messages = (value as { messages?: unknown } | null)?.messages;
  return Array.isArray(messages) ? messages : undefined;
}

function toDialogues(entries: [string, unknown, string][]): ParseResult<Dialogue[]> {
  const out: Dialogue[] = [];
  for (const [dialogue, list, path] of entries) {
    const parsed = parseMessageList(list);
    if (!parsed.ok)
      return {
        ok: false,
        issues: parsed.issues.map((i) => ({ ...i, path: `${path}${i.path.startsWith("[") ? "" : "."}${i.path}` })),
      };
    out.push({ dialogue, format: "messages", messages: parsed.value });
  }
  return { ok: true, value: out };
}
