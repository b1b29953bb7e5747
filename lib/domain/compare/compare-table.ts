import { STRUCTURAL_STATES, type StructuralState } from "../classifier/types";
import type { CollapseVerdict } from "../collapse/detect-collapse-onset";
import { EVAL_KINDS, type EvalKind } from "../ingest/schemas";
import { mean, sampleSd } from "../stats/descriptive";
import { summarizeScore } from "./score-summary";
import { survivalCurve, type SurvivalPoint } from "./survival";

/** Steps with fewer assistant turns do not count towards the minimum healthy-tool-call rate (as in the detectors). */
export const MIN_TURNS_FOR_RATE = 8;
/** The state mix is taken over a run's last this many steps of its main split: where the run ended up. */
export const STATE_MIX_STEPS = 10;

export type CollapseStatus = CollapseVerdict["status"];
export type SpikeSource = "checkpoint_replay" | "logged_probe";

/** Everything the table needs to know about one run, read from storage. */
export type CompareRunFacts = {
  id: string;
  name: string;
  regime: string | null;
  scheme: string | null;
  isDemo: boolean;
  collapseStatus: CollapseStatus;
  collapseOnsetStep: number | null;
  /** the split the run's health is judged on: "train" for training runs, "eval" for evaluation-only runs */
  mainSplit: string | null;
  /** per-step state counts of the main split, sorted by step */
  health: readonly { step: number; turns: number; states: Record<StructuralState, number> }[];
  /** the score series (logged score, else mean reward), sorted by step */
  score: readonly { step: number; value: number }[];
  evalScores: Record<EvalKind, number | null>;
  firstSpike: { step: number; source: SpikeSource; token: string } | null;
};

/** Share of turns per state (0..1) and the number of turns it was taken over. */
export type StateMix = { turns: number; steps: number } & Record<StructuralState, number>;

export type CompareRow = {
  id: string;
  name: string;
  regime: string | null;
  scheme: string | null;
  isDemo: boolean;
  mainSplit: string | null;
  lastStep: number | null;
  collapseStatus: CollapseStatus;
  collapseOnsetStep: number | null;
  minHealthyToolCallRate: number | null;
  bestScore: number | null;
  finalScore: number | null;
  maxDrawdown: number | null;
  evalScores: Record<EvalKind, number | null>;
  firstSpikeStep: number | null;
  firstSpikeSource: SpikeSource | null;
  firstSpikeToken: string | null;
  /** collapse onset minus first spike, in steps: positive when the spike came first */
  spikeLeadSteps: number | null;
  stateMix: StateMix | null;
};

export function compareRow(facts: CompareRunFacts): CompareRow {
  const rates = facts.health
    .filter((h) => h.turns >= MIN_TURNS_FOR_RATE)
    .map((h) => h.states.healthy_tool_call / h.turns);
  const spikeStep = facts.firstSpike?.step ?? null;
  return {
    id: facts.id,
    name: facts.name,
    regime: facts.regime,
    scheme: facts.scheme,
    isDemo: facts.isDemo,
    mainSplit: facts.mainSplit,
    lastStep: facts.health.at(-1)?.step ?? null,
    collapseStatus: facts.collapseStatus,
    collapseOnsetStep: facts.collapseOnsetStep,
    minHealthyToolCallRate: rates.length ? Math.min(...rates) : null,
    ...summarizeScore(facts.score),
    evalScores: facts.evalScores,
    firstSpikeStep: spikeStep,
    firstSpikeSource: facts.firstSpike?.source ?? null,
    firstSpikeToken: facts.firstSpike?.token ?? null,
    spikeLeadSteps: spikeStep !== null && facts.collapseOnsetStep !== null ? facts.collapseOnsetStep - spikeStep : null,
    stateMix: stateMix(facts.health.filter((h) => h.turns > 0).slice(-STATE_MIX_STEPS)),
  };
}

function stateMix(steps: CompareRunFacts["health"]): StateMix | null {
  const turns = steps.reduce((n, h) => n + h.turns, 0);
  if (turns === 0) return null;
  const shares = Object.fromEntries(
    STRUCTURAL_STATES.map((state) => [state, steps.reduce((n, h) => n + h.states[state], 0) / turns]),
  );
  return { turns, steps: steps.length, ...(shares as Record<StructuralState, number>) };
}

/** Mean and sample standard deviation over the runs that have the value, and how many did. */
export type Spread = { mean: number | null; sd: number | null; n: number };

export type RegimeSummary = {
  regime: string;
  runs: number;
  /** runs the detector judged (training runs with enough steps) and, of those, the collapsed ones */
  judged: number;
  collapsed: number;
  collapseOnsetStep: Spread;
  minHealthyToolCallRate: Spread;
  bestScore: Spread;
  finalScore: Spread;
  maxDrawdown: Spread;
  evalScores: Record<EvalKind, Spread>;
  firstSpikeStep: Spread;
  spikeLeadSteps: Spread;
  /** the runs' state mixes averaged with equal weight per run */
  stateMix: Record<StructuralState, Spread>;
  /** fraction of judged runs not yet collapsed against step (Kaplan–Meier) */
  survival: SurvivalPoint[];
};

export const UNLABELLED_REGIME = "unlabelled";

/** One summary per regime (runs without a regime under "unlabelled"), in order of first appearance. */
export function summarizeRegimes(rows: readonly CompareRow[]): RegimeSummary[] {
  const byRegime = new Map<string, CompareRow[]>();
  for (const row of rows) {
    const key = row.regime ?? UNLABELLED_REGIME;
    byRegime.set(key, [...(byRegime.get(key) ?? []), row]);
  }
  return [...byRegime].map(([regime, group]) => {
    const judged = group.filter((r) => r.collapseStatus !== "insufficient_data" && r.lastStep !== null);
    const spread = (pick: (r: CompareRow) => number | null | undefined) => spreadOf(group.map(pick));
    return {
      regime,
      runs: group.length,
      judged: judged.length,
      collapsed: judged.filter((r) => r.collapseStatus === "collapsed").length,
      collapseOnsetStep: spread((r) => r.collapseOnsetStep),
      minHealthyToolCallRate: spread((r) => r.minHealthyToolCallRate),
      bestScore: spread((r) => r.bestScore),
      finalScore: spread((r) => r.finalScore),
      maxDrawdown: spread((r) => r.maxDrawdown),
      evalScores: Object.fromEntries(EVAL_KINDS.map((kind) => [kind, spread((r) => r.evalScores[kind])])) as Record<
        EvalKind,
        Spread
      >,
      firstSpikeStep: spread((r) => r.firstSpikeStep),
      spikeLeadSteps: spread((r) => r.spikeLeadSteps),
      stateMix: Object.fromEntries(
        STRUCTURAL_STATES.map((state) => [state, spread((r) => r.stateMix?.[state])]),
      ) as Record<StructuralState, Spread>,
      survival: survivalCurve(judged.map((r) => ({ onsetStep: r.collapseOnsetStep, lastStep: r.lastStep! }))),
    };
  });
}

function spreadOf(values: readonly (number | null | undefined)[]): Spread {
  const present = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return { mean: mean(present), sd: sampleSd(present), n: present.length };
}
