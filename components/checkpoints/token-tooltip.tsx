import type { HeatToken } from "@/lib/domain/charts/prepare-token-heat";

export const TOOLTIP_ID = "token-tooltip";
export const TOOLTIP_WIDTH = 288;

/** Details of the hovered or focused token: id, P(next = control token), pNext, entropy and the top-5 alternatives. */
export function TokenTooltip({
  token,
  control,
  at,
}: {
  token: HeatToken;
  control: string;
  at: { top: number; left: number };
}) {
  return (
    <div
      id={TOOLTIP_ID}
      role="tooltip"
      data-testid="token-tooltip"
      style={{ top: at.top, left: at.left, width: TOOLTIP_WIDTH }}
      className="pointer-events-none absolute z-20 rounded-md border border-zinc-200 bg-white p-2.5 font-sans text-xs text-zinc-900 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <p className="flex items-baseline justify-between gap-2">
        <code className="truncate font-mono text-sm font-semibold">{token.label}</code>
        <span className="shrink-0 text-zinc-500 dark:text-zinc-400">
          pos {token.position} · id {token.id}
        </span>
      </p>
      {token.isDecisionPoint ? (
        <p className="mt-0.5 text-sky-700 dark:text-sky-300">
          Decision point: the next token follows the tool-call tag.
        </p>
      ) : null}
      <dl className="mt-1.5 grid grid-cols-[1fr_auto] gap-x-3 gap-y-0.5">
        <dt>
          P(next = <code className="font-mono">{control}</code>)
        </dt>
        <dd className="text-right font-semibold tabular-nums">{token.pLabel}</dd>
        <dt>
          P(actual next
          {token.nextText !== null ? (
            <>
              {" "}
              <code className="font-mono">{token.nextText}</code>
            </>
          ) : null}
          )
        </dt>
        <dd className="text-right tabular-nums">{token.pNextLabel}</dd>
        <dt>Entropy</dt>
        <dd className="text-right tabular-nums">{token.entropyLabel}</dd>
      </dl>
      {token.top.length > 0 ? (
        <>
          <p className="mt-1.5 font-medium text-zinc-600 dark:text-zinc-400">Top {token.top.length} next tokens</p>
          <ol className="mt-0.5 space-y-0.5">
            {token.top.map((alt, i) => (
              <li key={i} className="flex justify-between gap-3">
                <code className="truncate font-mono">{alt.text}</code>
                <span className="tabular-nums">{alt.pLabel}</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}
