import type { SpikeAlertDetails } from "../alerts/types";
import type { AlertRecord } from "../events/types";
import { tokenViewHref } from "./checkpoint-links";
import { formatFoldChange, formatProbability } from "./format-probability";

/** The details of a `control_token_spike` alert, or null for any other alert (or malformed details). */
export function spikeDetails(alert: Pick<AlertRecord, "kind" | "details">): SpikeAlertDetails | null {
  if (alert.kind !== "control_token_spike") return null;
  const d = alert.details as Partial<SpikeAlertDetails>;
  return typeof d.checkpointId === "string" && Array.isArray(d.spikes) ? (d as SpikeAlertDetails) : null;
}

export type SpikeAlertRow = {
  id: number;
  step: number;
  severity: AlertRecord["severity"];
  message: string;
  count: number;
  /** the strongest spikes, each with a link to its checkpoint's token view of that probe and token */
  spikes: {
    probe: string;
    token: string;
    position: number;
    pLabel: string;
    baselineLabel: string;
    foldLabel: string;
    href: string;
  }[];
};

/** Control-token spike alerts for the checkpoints page, newest step first, up to `maxSpikes` spikes each. */
export function prepareSpikeAlerts(runId: string, alerts: readonly AlertRecord[], maxSpikes = 3): SpikeAlertRow[] {
  return alerts
    .flatMap((alert) => {
      const details = spikeDetails(alert);
      return details ? [{ alert, details }] : [];
    })
    .sort((a, b) => b.alert.step - a.alert.step || b.alert.id - a.alert.id)
    .map(({ alert, details }) => ({
      id: alert.id,
      step: alert.step,
      severity: alert.severity,
      message: alert.message,
      count: details.count,
      spikes: details.spikes.slice(0, maxSpikes).map((s) => ({
        probe: s.probe,
        token: s.token,
        position: s.position,
        pLabel: formatProbability(s.p),
        baselineLabel: formatProbability(s.baseline),
        foldLabel: formatFoldChange(s.foldChange),
        href: tokenViewHref(runId, details.checkpointId, { probe: s.probe, token: s.token }),
      })),
    }));
}
