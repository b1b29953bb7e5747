/** What the structural-health detector flags (rule in detect-health-alerts.ts and the README). */
export const ALERT_KINDS = ["healthy_tool_call_drop", "full_collapse_rise", "text_pollution_rise"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ["warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** The numbers behind an alert, all rates as fractions of the step's assistant turns (0..1). */
export type AlertDetails = {
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
  details: AlertDetails;
};
