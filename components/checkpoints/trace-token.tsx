import { Fragment, memo } from "react";
import type { HeatToken } from "@/lib/domain/charts/prepare-token-heat";
import { DECISION_RING, HEAT_CLASSES } from "./heat-colors";

type TraceTokenProps = { token: HeatToken; isTabStop: boolean; describedBy: string | undefined };

/**
 * One token, coloured by its bin; untrusted text rendered as React text, a newline drawn as "↵"
 * plus a line break. Memoised: hovering re-renders only the tokens whose props change.
 */
export const TraceToken = memo(function TraceToken({ token, isTabStop, describedBy }: TraceTokenProps) {
  return (
    <span
      data-testid="trace-token"
      data-position={token.position}
      data-bin={token.bin}
      data-decision-point={token.isDecisionPoint || undefined}
      tabIndex={isTabStop ? 0 : -1}
      aria-describedby={describedBy}
      className={`cursor-default rounded-[3px] [box-decoration-break:clone] ${HEAT_CLASSES[token.bin] ?? ""} ${token.isDecisionPoint ? DECISION_RING : ""}`}
    >
      {token.lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 ? (
            <>
              <span aria-hidden className="opacity-60">
                ↵
              </span>
              <br />
            </>
          ) : null}
          {line}
        </Fragment>
      ))}
    </span>
  );
});
