import type { AlertKind } from "../alerts/types";
import type { StructuralState } from "../classifier/types";
import type { FailureKind } from "../classifier/types";
import type { AlertRecord } from "../events/types";
import { checkpointsHref, tokenViewHref } from "./checkpoint-links";
import { spikeDetails } from "./prepare-spike-alerts";

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  healthy_tool_call_drop: "Healthy tool calls dropped",
  full_collapse_rise: "Full collapse rose",
  text_pollution_rise: "Text pollution rose",
  control_token_spike: "Control-token probability spike",
};

/** The state filter that shows an alert's example rollouts; a drop in healthy calls has no single culprit. */
const ALERT_STATE: Record<AlertKind, StructuralState | undefined> = {
  healthy_tool_call_drop: undefined,
  full_collapse_rise: "full_collapse",
  text_pollution_rise: "text_pollution",
  control_token_spike: undefined,
};

export type RolloutsFilter = { step: number; split: string; state?: StructuralState; failure?: FailureKind };

/** Link to the rollout browser (`/runs/:id/rollouts?step=&split=&state=&failure=`). */
export function rolloutsHref(runId: string, filter: RolloutsFilter): string {
  const params = new URLSearchParams({ step: String(filter.step), split: filter.split });
  if (filter.state) params.set("state", filter.state);
  if (filter.failure) params.set("failure", filter.failure);
  return `/runs/${encodeURIComponent(runId)}/rollouts?${params.toString()}`;
}

export function alertRolloutsHref(runId: string, alert: { step: number; kind: AlertKind }, split: string): string {
  return rolloutsHref(runId, { step: alert.step, split, state: ALERT_STATE[alert.kind] });
}

/**
 * Where an alert's evidence is: a control-token spike opens its checkpoint's token view at the
 * strongest spike (probe and token); structural-health alerts open the step's example rollouts.
 */
export function alertHref(
  runId: string,
  alert: Pick<AlertRecord, "step" | "kind" | "details">,
  split: string,
): { href: string; label: string } {
  if (alert.kind !== "control_token_spike")
    return { href: alertRolloutsHref(runId, alert, split), label: "example rollouts" };
  const details = spikeDetails(alert);
  const top = details?.spikes[0];
  if (!details) return { href: checkpointsHref(runId), label: "checkpoints" };
  return {
    href: tokenViewHref(runId, details.checkpointId, top ? { probe: top.probe, token: top.token } : {}),
    label: "token view",
  };
}
