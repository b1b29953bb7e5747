import { formatFoldChange, formatProbability } from "../charts/format-probability";
import type { CapabilityReport } from "./capability-check";

export type CapabilityPanelRow = {
  position: number;
  /** the spike this panel sits next to is at this decision point */
  isAtSpike: boolean;
  pSuppressedLabel: string;
  likelihoodBeforeLabel: string;
  likelihoodAfterLabel: string;
  /** after / before, e.g. "×2.9" */
  gainLabel: string;
  greedyBeforeLabel: string;
  greedyAfterLabel: string;
  tokens: number;
  /** set when the probe's own next token is the suppressed one */
  note: string | null;
};

/**
 * The capability-check panel's rows, one per decision point, the one at `spikePosition` first.
 * The gain is exp(logLikelihoodAfter - logLikelihoodBefore), so it stays finite when both
 * likelihoods underflow to 0; values that do not apply show as "—".
 */
export function prepareCapabilityPanel(report: CapabilityReport, spikePosition: number | null): CapabilityPanelRow[] {
  const suppressed = report.suppressedToken.text;
  return report.decisionPoints
    .map((p) => ({
      position: p.position,
      isAtSpike: p.position === spikePosition,
      pSuppressedLabel: formatProbability(p.pSuppressed),
      likelihoodBeforeLabel: formatProbability(p.likelihoodBefore),
      likelihoodAfterLabel: formatProbability(p.likelihoodAfter),
      gainLabel:
        p.logLikelihoodAfter === null ? "—" : formatFoldChange(Math.exp(p.logLikelihoodAfter - p.logLikelihoodBefore)),
      greedyBeforeLabel: yesNo(p.greedyBefore),
      greedyAfterLabel: yesNo(p.greedyAfter),
      tokens: p.tokens,
      note: p.isFirstTokenSuppressed
        ? `The probe's own next token is ${suppressed}: nothing to rescore with it removed.`
        : null,
    }))
    .sort((a, b) => Number(b.isAtSpike) - Number(a.isAtSpike) || a.position - b.position);
}

function yesNo(value: boolean | null): string {
  return value === null ? "—" : value ? "yes" : "no";
}
