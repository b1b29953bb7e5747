import { FailureKinds, StateBadge } from "@/components/ui/state-badge";
import { prettyJson } from "@/lib/domain/transcripts/segment-turn";
import type { Message } from "@/lib/domain/transcripts/message";
import type { RolloutTurnRecord } from "@/lib/server/rollouts/list-rollouts";
import { TurnContent } from "./turn-content";

/** System prompts longer than this start collapsed: they are often pages of tool schemas. */
const COLLAPSE_SYSTEM_OVER_CHARS = 400;

const ROLE_STYLES: Record<Message["role"], string> = {
  system: "border-zinc-300 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900",
  user: "border-sky-300 bg-sky-50 dark:border-sky-800 dark:bg-sky-950/40",
  assistant: "border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900",
  tool: "border-teal-300 bg-teal-50 dark:border-teal-800 dark:bg-teal-950/40",
};

/** One transcript message with its role; an assistant turn also shows its state and failure kinds. */
export function MessageView({ message, turn }: { message: Message; turn: RolloutTurnRecord | undefined }) {
  return (
    <li
      data-testid="message"
      data-role={message.role}
      className={`rounded-md border-l-4 px-3 py-2 ${ROLE_STYLES[message.role]}`}
    >
      <div className="mb-1 flex flex-wrap items-center gap-2">
        <span className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-300">
          {message.role}
        </span>
        {turn ? (
          <>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">turn {turn.turn + 1}</span>
            <StateBadge state={turn.state} />
            <FailureKinds kinds={turn.failures} />
          </>
        ) : null}
      </div>
      <MessageBody message={message} turn={turn} />
    </li>
  );
}

function MessageBody({ message, turn }: { message: Message; turn: RolloutTurnRecord | undefined }) {
  if (message.role === "assistant") {
    return (
      <TurnContent content={message.content} span={turn?.span ?? null} isFailing={(turn?.failures.length ?? 0) > 0} />
    );
  }
  if (message.role === "tool") {
    return (
      <pre className="overflow-x-auto whitespace-pre-wrap break-words font-mono text-[13px]">
        {prettyJson(message.content) ?? message.content}
      </pre>
    );
  }
  const text = <p className="whitespace-pre-wrap break-words text-sm">{message.content}</p>;
  if (message.role !== "system" || message.content.length <= COLLAPSE_SYSTEM_OVER_CHARS) return text;
  return (
    <details>
      <summary className="cursor-pointer text-sm text-zinc-600 dark:text-zinc-400">
        System prompt, {message.content.length.toLocaleString("en-US")} characters (show)
      </summary>
      <div className="mt-2">{text}</div>
    </details>
  );
}
