import type { Message } from "../transcripts/message";
import type { ClassifierOptions } from "./classifier-options";
import { classifyTurn } from "./classify-turn";
import { isPlainObject, parseJson } from "./parse-tool-call";
import { addUserMessage, createUserHistory } from "./role-confusion";
import type { TurnClassification } from "./types";

export type ClassifiedTurn = TurnClassification & {
  /** 0-based index among the assistant turns of the transcript. */
  turn: number;
  /** Index of the turn in the classified `messages`. */
  messageIndex: number;
};

export type ClassifyTranscriptOptions = {
  /** Tool names offered to the model; enables `unknown_tool`. */
  knownTools?: readonly string[];
  /** The trainer cut the rollout at its length cap; applies to the final message when it is an assistant turn. */
  isLastTurnTruncated?: boolean;
  /** Classifier limits, see ClassifierOptions. */
  classifier?: Partial<ClassifierOptions>;
};

/**
 * Classifies every assistant message. Each is compared with the real user messages before it (the
 * most recent for echoes, all of them and the names the user gave for role confusion): `tool` messages
 * are skipped, and so are `user` messages that only carry a `<tool_response>`, since Qwen's template
 * returns tool results as user turns.
 */
export function classifyTranscript(
  messages: readonly Message[],
  options: ClassifyTranscriptOptions = {},
): ClassifiedTurn[] {
  const out: ClassifiedTurn[] = [];
  const userHistory = createUserHistory();
  messages.forEach((message, messageIndex) => {
    switch (message.role) {
      case "user":
        if (isToolResult(message.content)) return;
        addUserMessage(userHistory, message.content);
        return;
      case "system":
      case "tool":
        return;
      case "assistant": {
        const isTruncated = options.isLastTurnTruncated === true && messageIndex === messages.length - 1;
        const context = {
          previousUserMessage: userHistory.messages.at(-1),
          userHistory, // read synchronously below, before the next user message is added
          knownTools: options.knownTools,
          isTruncated,
        };
        out.push(numbered(classifyTurn(message.content, context, options.classifier), out.length, messageIndex));
        return;
      }
      default:
        return assertNever(message.role);
    }
  });
  return out;
}

// Spelled out rather than spread: spreading results of two shapes (with and without `span`) is several times slower.
function numbered(c: TurnClassification, turn: number, messageIndex: number): ClassifiedTurn {
  const { state, failures, span, toolCalls } = c;
  return "span" in c
    ? { state, failures, span, toolCalls, turn, messageIndex }
    : { state, failures, toolCalls, turn, messageIndex };
}

/**
 * Tool names declared in a Qwen system prompt's `<tools>...</tools>` block (one JSON object per line,
 * either `{"type": "function", "function": {"name": ..}}` or `{"name": ..}`; a JSON array of them on
 * one line is accepted too). Unparseable lines are skipped. Undefined when no system message names a
 * tool: then the tool list is unknown and `unknown_tool` cannot fire.
 */
export function extractKnownTools(messages: readonly Message[]): string[] | undefined {
  const found: string[] = [];
  for (const message of messages) {
    if (message.role !== "system") continue;
    for (const block of toolsBlocks(message.content)) {
      for (const line of block.split("\n")) {
        const parsed = parseJson(line.trim());
        for (const entry of Array.isArray(parsed) ? parsed : [parsed]) {
          const name = toolName(entry);
          if (name !== undefined && !found.includes(name)) found.push(name);
        }
      }
    }
  }
  return found.length > 0 ? found : undefined;
}

// Qwen's template mentions "<tools></tools> XML tags" in prose before the real block, so every
// block is read and an empty one proves nothing.
function toolsBlocks(content: string): string[] {
  const blocks: string[] = [];
  for (let open = content.indexOf("<tools>"); open >= 0; open = content.indexOf("<tools>", open + 1)) {
    const close = content.indexOf("</tools>", open);
    blocks.push(content.slice(open + "<tools>".length, close < 0 ? undefined : close));
  }
  return blocks;
}

function toolName(entry: unknown): string | undefined {
  if (!isPlainObject(entry)) return undefined;
  const fn = isPlainObject(entry.function) ? entry.function : entry;
  return typeof fn.name === "string" ? fn.name : undefined;
}

function isToolResult(content: string): boolean {
  return content.trimStart().startsWith("<tool_response>");
}

function assertNever(value: never): never {
  throw new Error(`unexpected role: ${String(value)}`);
}
