import type { StructuralState } from "@/lib/domain/classifier/types";
import type { AlertKind, AlertSeverity, HealthAlert } from "./types";

/** One step of one split: counts of assistant turns per structural state. */
export type HealthSample = { step: number; turns: number; states: Record<StructuralState, number> };

export type HealthAlertOptions = {
  /** qualifying steps (the first ones of the series) that form the run's baseline */
  baselineSteps: number;
  /** steps with fewer assistant turns are skipped: too few to judge a rate */
  minTurns: number;
  /** band half-width in standard deviations (of the baseline steps, and of the step's sampling noise) */
  bandSigmas: number;
  /** smallest band half-width, as a rate (0.15 = 15 percentage points) */
  minBand: number;
  /** consecutive breaching steps that confirm a warning-sized departure (a critical one alerts at once) */
  confirmSteps: number;
  /** consecutive in-band steps that end an episode, so a flapping rate raises one alert, not many */
  recoverSteps: number;
  /** a departure from the baseline at least this large (as a rate) is critical, else a warning */
  criticalDeparture: number;
};

export const HEALTH_ALERT_DEFAULTS: HealthAlertOptions = {
  baselineSteps: 10,
  minTurns: 8,
  bandSigmas: 4,
  minBand: 0.15,
  confirmSteps: 2,
  recoverSteps: 3,
  criticalDeparture: 0.5,
};

type Watch = { kind: AlertKind; state: StructuralState; direction: "below" | "above"; label: string };

const WATCHES: readonly Watch[] = [
  { kind: "healthy_tool_call_drop", state: "healthy_tool_call", direction: "below", label: "healthy tool-call rate" },
  { kind: "full_collapse_rise", state: "full_collapse", direction: "above", label: "full-collapse rate" },
  { kind: "text_pollution_rise", state: "text_pollution", direction: "above", label: "text-pollution rate" },
];

/**
 * Flags where a run's structural health leaves its own baseline band. Rates are fractions (0..1) of a
 * step's assistant turns. The baseline is the mean `mu` and standard deviation `sd` of each rate over
 * the first `baselineSteps` steps with at least `minTurns` turns. A later qualifying step with `n`
 * turns breaches when its rate is beyond `mu ± w`, where
 * `w = max(bandSigmas·sd, bandSigmas·sqrt(mu(1-mu)/n) + 1/n, minBand)`: the band is never narrower than
 * the run's own step-to-step spread, the step's binomial sampling noise (plus one turn, since rare
 * states are skewed at small n), or `minBand`. Watched: the
 * healthy-tool-call rate falling below, and the full-collapse and text-pollution rates rising above.
 * A departure of `criticalDeparture` or more alerts at once (critical); a smaller one must breach
 * `confirmSteps` steps in a row and is dated at the first (warning). One alert per episode; an episode
 * ends after `recoverSteps` in-band steps. Samples must be sorted by step; steps with too few turns neither alert nor end an episode.
 * Returns nothing until the baseline is complete.
 */
export function detectHealthAlerts(
  samples: readonly HealthSample[],
  options: Partial<HealthAlertOptions> = {},
): HealthAlert[] {
  const o = { ...HEALTH_ALERT_DEFAULTS, ...options };
  const qualifying = samples.filter((s) => s.turns >= o.minTurns);
  if (qualifying.length <= o.baselineSteps) return [];
  const baseline = qualifying.slice(0, o.baselineSteps);
  const later = qualifying.slice(o.baselineSteps);
  const baselineSteps: [number, number] = [baseline[0]!.step, baseline[baseline.length - 1]!.step];

  return WATCHES.flatMap((watch) => detectEpisodes(watch, baseline, later, baselineSteps, o)).sort(
    (a, b) => a.step - b.step || a.kind.localeCompare(b.kind),
  );
}

function detectEpisodes(
  watch: Watch,
  baseline: readonly HealthSample[],
  later: readonly HealthSample[],
  baselineSteps: [number, number],
  o: HealthAlertOptions,
): HealthAlert[] {
  const rates = baseline.map((s) => rateOf(s, watch.state));
  const mu = mean(rates);
  const sd = Math.sqrt(mean(rates.map((r) => (r - mu) ** 2)));
  const alerts: HealthAlert[] = [];
  let firstBreach: Numbers | null = null;
  let breachStreak = 0;
  let inBandStreak = 0;
  let isInEpisode = false;

  for (const sample of later) {
    const rate = rateOf(sample, watch.state);
    const samplingNoise = o.bandSigmas * Math.sqrt((mu * (1 - mu)) / sample.turns) + 1 / sample.turns;
    const halfWidth = Math.max(o.bandSigmas * sd, samplingNoise, o.minBand);
    const threshold = watch.direction === "below" ? mu - halfWidth : mu + halfWidth;
    if (!(watch.direction === "below" ? rate < threshold : rate > threshold)) {
      breachStreak = 0;
      if (isInEpisode && ++inBandStreak >= o.recoverSteps) isInEpisode = false;
      continue;
    }
    inBandStreak = 0;
    if (breachStreak++ === 0) firstBreach = { sample, rate, mu, threshold, baselineSteps };
    const isCritical = Math.abs(rate - mu) >= o.criticalDeparture;
    if (!isInEpisode && (isCritical || breachStreak >= o.confirmSteps)) {
      alerts.push(toAlert(watch, isCritical ? { sample, rate, mu, threshold, baselineSteps } : firstBreach!, o));
      isInEpisode = true;
    }
  }
  return alerts;
}

type Numbers = { sample: HealthSample; rate: number; mu: number; threshold: number; baselineSteps: [number, number] };

function toAlert(watch: Watch, n: Numbers, o: HealthAlertOptions): HealthAlert {
  const { sample } = n;
  const severity: AlertSeverity = Math.abs(n.rate - n.mu) >= o.criticalDeparture ? "critical" : "warning";
  const verb = watch.direction === "below" ? "fell to" : "rose to";
  return {
    step: sample.step,
    kind: watch.kind,
    severity,
    message: `${watch.label} ${verb} ${percent(n.rate)} at step ${sample.step} (baseline ${percent(n.mu)}, band edge ${percent(n.threshold)})`,
    details: {
      rate: n.rate,
      baseline: n.mu,
      threshold: n.threshold,
      turns: sample.turns,
      baselineSteps: n.baselineSteps,
    },
  };
}

function rateOf(sample: HealthSample, state: StructuralState): number {
  return sample.states[state] / sample.turns;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function percent(rate: number): string {
  return `${(Math.max(0, Math.min(1, rate)) * 100).toFixed(0)}%`;
}
