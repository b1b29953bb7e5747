import { segmentTurn } from "@/lib/domain/transcripts/segment-turn";
import type { Span } from "@/lib/domain/classifier/types";

/**
 * An assistant turn's text with tool calls pretty-printed and the failing span marked. Everything is
 * rendered as React text nodes: rollout text is untrusted and never becomes HTML.
 */
export function TurnContent({ content, span, isFailing }: { content: string; span: Span | null; isFailing: boolean }) {
  if (content === "") {
    // A placeholder, not rollout text; inside the mark it keeps the mark's contrast.
    return isFailing ? (
      <mark data-testid="failing-span" className="italic">
        (empty turn)
      </mark>
    ) : (
      <span className="italic text-zinc-500 dark:text-zinc-400">(empty turn)</span>
    );
  }
  return (
    <div className="whitespace-pre-wrap break-words font-mono text-[13px] leading-relaxed">
      {segmentTurn(content, span).map((segment, i) => {
        if (segment.kind === "tool_call") {
          return (
            <figure
              key={i}
              className="my-1 rounded border border-zinc-200 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-950"
            >
              <figcaption className="border-b border-zinc-200 px-2 py-0.5 text-xs text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
                tool call{segment.isJson ? "" : " (payload is not JSON, shown as written)"}
              </figcaption>
              <pre className="overflow-x-auto px-2 py-1 whitespace-pre">{segment.payload}</pre>
            </figure>
          );
        }
        return segment.isFailing ? (
          <mark key={i} data-testid="failing-span">
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        );
      })}
    </div>
  );
}
