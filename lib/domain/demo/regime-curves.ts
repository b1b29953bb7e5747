import type { EvalKind } from "../ingest/schemas";
import { phaseAt, type DemoRegime, type DemoRunSpec } from "./demo-runs";
import type { FailureMode } from "./render-turn";

/**
 * The latent state of a simulated run at one step: per-turn failure probabilities, the chance a
 * structurally complete rollout solves its task, and the model-internal quantities a trainer logs
 * (probe probabilities, entropy, gradient norm) before noise. Rollouts are drawn from it; the
 * reward, length and valid-action metrics are then computed from those rollouts, not from here.
 */
export type StepProfile = {
  failureRates: Record<FailureMode, number>;
  /** hbg: failure rates are multiplied by this in the rollouts that see a hint */
  hintedFailureScale: number;
  solveRate: number;
  pImEnd: number;
  pToolCall: number;
  pLbrace: number;
  entropy: number;
  gradNorm: number;
};

/*
 * The curves, all in one place (s = step, S = steps, sigma = logistic, bump = exp(-((s-c)/w)^2)):
 * - vanilla_rl (collapse step C): collapse = 0.95 sigma((s-C)/1.5), 80% bare <tool_call>, 20% empty;
 *   p_im_end = 0.01 + 0.9 sigma((s-C+4)/1.2) leads it by ~4 steps; grad-norm and entropy spikes at C,
 *   entropy low afterwards; 3% junk/bad-JSON pollution before. Reward falls to ~0 with the format.
 * - sft_then_rl (RL from step R, t = (s-R)/(S-R)): pollution grows linearly in t: junk tail
 *   0.01+0.14t, bad JSON 0.005+0.08t, unknown tool 0.03t, empty 0.06t, bare tag 0.02t.
 * - ets / prs (interleaved, u = progress through the current RL phase): junk 0.002+0.006u, bad JSON
 *   0.001+0.003u, bare tag 0.001u; each SFT phase resets it; prs x0.8. Solve rate climbs per round.
 * - hbg (drift step D): untagged JSON calls 0.85 sigma((s-D)/8); hinted rollouts x0.35.
 * - ops: flat 2% junk, 0.8% bad JSON, 0.4% bare tag; one gold rollout per group (not drawn from here).
 * Final evaluation (last step, evalProfile): the last step's profile with its solve rate times
 * EVAL_SOLVE_RATE_MULTIPLIERS (in_distribution 1). Per domain.md §1, interleaved SFT+RL (ets, prs)
 * loses most under OOD: format 0.5 / 0.55, content 0.6 / 0.65; sft_then_rl 0.7 / 0.75 (SFT-shaped);
 * ops 0.85 / 0.85; RL-only regimes keep most: vanilla_rl and hbg 0.95 / 0.9. Failure rates are
 * unchanged: the simulated transcripts keep the <tool_call> format, so only task success moves.
 */
export function stepProfile(spec: DemoRunSpec, step: number): StepProfile {
  switch (spec.regime) {
    case "vanilla_rl":
      return vanilla(spec, step);
    case "sft_then_rl":
      return sftThenRl(spec, step);
    case "ets":
    case "prs":
      return interleaved(spec, step);
    case "hbg":
      return hbg(spec, step);
    case "ops":
      return ops(spec, step);
    default:
      return assertNever(spec.regime);
  }
}

/** Solve-rate multipliers of the final evaluation by regime and eval kind (see the curves above). */
export const EVAL_SOLVE_RATE_MULTIPLIERS: Record<DemoRegime, Record<EvalKind, number>> = {
  vanilla_rl: { in_distribution: 1, format_ood: 0.95, content_ood: 0.9 },
  sft_then_rl: { in_distribution: 1, format_ood: 0.7, content_ood: 0.75 },
  ets: { in_distribution: 1, format_ood: 0.5, content_ood: 0.6 },
  prs: { in_distribution: 1, format_ood: 0.55, content_ood: 0.65 },
  hbg: { in_distribution: 1, format_ood: 0.95, content_ood: 0.9 },
  ops: { in_distribution: 1, format_ood: 0.85, content_ood: 0.85 },
};

/** The profile final-evaluation rollouts of one kind are drawn from: the last step's, with the kind's solve rate. */
export function evalProfile(spec: DemoRunSpec, kind: EvalKind): StepProfile {
  const last = stepProfile(spec, spec.steps - 1);
  return { ...last, solveRate: last.solveRate * EVAL_SOLVE_RATE_MULTIPLIERS[spec.regime][kind] };
}

/**
 * The step of a demo run's planted collapse, or null when none was planted. vanilla_rl: the centre
 * C of its collapse sigmoid, where the collapsed share of turns crosses half its final level
 * (turns are mostly collapsed from C+1). Every other regime: null; hbg's eventStep marks a format
 * drift to untagged calls (text pollution), not a collapse.
 */
export function plantedCollapseStep(spec: DemoRunSpec): number | null {
  return spec.regime === "vanilla_rl" ? collapseCentre(spec) : null;
}

function collapseCentre(spec: DemoRunSpec): number {
  return spec.eventStep ?? Math.round(spec.steps / 2);
}

const ZERO_RATES: Record<FailureMode, number> = {
  bare_tag: 0,
  empty_turn: 0,
  junk_tail: 0,
  bad_json: 0,
  unknown_tool: 0,
  untagged_call: 0,
};

function vanilla(spec: DemoRunSpec, s: number): StepProfile {
  const c = collapseCentre(spec);
  const collapse = 0.95 * sigmoid((s - c) / 1.5);
  const pImEnd = 0.01 + 0.9 * sigmoid((s - (c - 4)) / 1.2);
  const pToolCall = 0.004 + 0.06 * collapse;
  return {
    failureRates: {
      ...ZERO_RATES,
      bare_tag: 0.8 * collapse,
      empty_turn: 0.2 * collapse,
      junk_tail: 0.02 * (1 - collapse),
      bad_json: 0.01 * (1 - collapse),
    },
    hintedFailureScale: 1,
    solveRate: 0.45 + 0.2 * Math.min(s / c, 1),
    pImEnd,
    pToolCall,
    pLbrace: Math.max(0, 0.99 - pImEnd - pToolCall),
    entropy: 0.55 - 0.12 * Math.min(s / c, 1) + 0.35 * bump(s, c - 1, 3) - 0.3 * sigmoid((s - c - 3) / 2),
    gradNorm: 0.3 + 3.5 * bump(s, c, 3) + 0.6 * sigmoid((s - c) / 2),
  };
}

function sftThenRl(spec: DemoRunSpec, s: number): StepProfile {
  const rlStart = spec.phases.find((p) => p.kind === "rl")?.startStep ?? 0;
  const isSft = phaseAt(spec, s).kind === "sft";
  const t = isSft ? 0 : clamp01((s - rlStart) / Math.max(1, spec.steps - 1 - rlStart));
  const rates = {
    ...ZERO_RATES,
    junk_tail: 0.01 + 0.14 * t,
    bad_json: 0.005 + 0.08 * t,
    unknown_tool: 0.03 * t,
    empty_turn: 0.06 * t,
    bare_tag: 0.02 * t,
  };
  const pImEnd = 0.01 + 0.1 * t;
  const pToolCall = 0.004 + 0.02 * t;
  return {
    failureRates: rates,
    hintedFailureScale: 1,
    solveRate: isSft ? 0.45 + 0.1 * (s / Math.max(1, rlStart)) : 0.55 - 0.15 * t,
    pImEnd,
    pToolCall,
    pLbrace: Math.max(0, 0.99 - pImEnd - pToolCall),
    entropy: isSft ? 0.35 : 0.4 + 0.35 * t,
    gradNorm: isSft ? 0.5 : 0.25 + 0.5 * t + 0.8 * bump(s, rlStart, 2),
  };
}

function interleaved(spec: DemoRunSpec, s: number): StepProfile {
  const phase = phaseAt(spec, s);
  const round = Math.max(0, spec.phases.filter((p) => p.kind === "rl" && p.startStep <= s).length - 1);
  const u = phase.kind === "rl" ? (s - phase.startStep) / Math.max(1, phase.endStep - phase.startStep) : 0;
  const scale = spec.regime === "prs" ? 0.8 : 1;
  const base = spec.regime === "prs" ? 0.38 : 0.35;
  const perRound = spec.regime === "prs" ? 0.12 : 0.1;
  const pImEnd = 0.01 + 0.02 * u;
  return {
    failureRates: {
      ...ZERO_RATES,
      junk_tail: scale * (0.002 + 0.006 * u),
      bad_json: scale * (0.001 + 0.003 * u),
      bare_tag: scale * 0.001 * u,
    },
    hintedFailureScale: 1,
    solveRate: base + perRound * round + 0.08 * u,
    pImEnd,
    pToolCall: 0.004,
    pLbrace: 0.99 - pImEnd - 0.004,
    entropy: phase.kind === "rl" ? 0.5 - 0.1 * u : 0.42,
    gradNorm: 0.3 + 0.8 * bump(s, phase.startStep, 1.5),
  };
}

function hbg(spec: DemoRunSpec, s: number): StepProfile {
  const d = spec.eventStep ?? Math.round(spec.steps / 2);
  const drift = sigmoid((s - d) / 8);
  return {
    failureRates: { ...ZERO_RATES, untagged_call: 0.85 * drift, junk_tail: 0.015, bad_json: 0.005 },
    hintedFailureScale: 0.35,
    solveRate: 0.45 + 0.2 * Math.min(s / d, 1),
    pImEnd: 0.01,
    pToolCall: 0.004,
    pLbrace: 0.976 - 0.08 * drift,
    entropy: 0.5 - 0.05 * (s / spec.steps) + 0.1 * drift,
    gradNorm: 0.3 + 0.15 * drift,
  };
}

function ops(spec: DemoRunSpec, s: number): StepProfile {
  return {
    failureRates: { ...ZERO_RATES, junk_tail: 0.02, bad_json: 0.008, bare_tag: 0.004 },
    hintedFailureScale: 1,
    solveRate: 0.4 + 0.25 * (s / spec.steps),
    pImEnd: 0.012,
    pToolCall: 0.004,
    pLbrace: 0.974,
    entropy: 0.5 - 0.1 * (s / spec.steps),
    gradNorm: 0.32,
  };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function bump(s: number, center: number, width: number): number {
  return Math.exp(-(((s - center) / width) ** 2));
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function assertNever(value: never): never {
  throw new Error(`unexpected regime: ${String(value)}`);
}
