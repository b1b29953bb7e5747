/**
 * What the detectors flag: structural health (detect-health-alerts.ts) and control-token probability
 * spikes across checkpoints (spikes/detect-control-token-spikes.ts). Rules are in the README too.
 */
export const ALERT_KINDS = [
  "healthy_tool_call_drop",
  "full_collapse_rise",
  "text_pollution_rise",
  "control_token_spike",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The kinds the structural-health detector raises (and reclassification replaces); the rest come from checkpoints. */
export const HEALTH_ALERT_KINDS = [
  "healthy_tool_call_drop",
  "full_collapse_rise",
  "text_pollution_rise",
] as const satisfies readonly AlertKind[];

/** The split whose per-step health the detectors watch: training rollouts, sampled every step. */
export const ALERT_SPLIT = "train";

export const ALERT_SEVERITIES = ["warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** The numbers behind a structural-health alert, all rates as fractions of the step's assistant turns (0..1). */
export type HealthAlertDetails = {
  /** the rate at the alerting step */
  rate: number;
  /** mean rate over the baseline steps */
  baseline: number;
  /** the band edge the rate crossed */
  threshold: number;
  /** assistant turns counted at the alerting step */
  turns: number;
  /** steps that formed the baseline: [first, last] */
  baselineSteps: [number, number];
};

export type HealthAlert = {
  step: number;
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  details: HealthAlertDetails;
};

/** The numbers behind a control-token spike alert: the strongest spikes of one checkpoint. */
export type SpikeAlertDetails = {
  checkpointId: string;
  /** spikes found at this checkpoint, over all probes, positions and tracked tokens */
  count: number;
  spikes: { probe: string; position: number; token: string; p: number; baseline: number; foldChange: number }[];
};

export type AlertDetails = HealthAlertDetails | SpikeAlertDetails;
