import { EVAL_KINDS, type EvalKind, type MetricPoint, type RolloutInput } from "../ingest/schemas";
import { SIMULATOR_ID, type DemoRunSpec } from "./demo-runs";
import { createRng, seedOf, type Rng } from "./prng";
import { evalProfile, stepProfile, type StepProfile } from "./regime-curves";
import { FAILURE_MODES } from "./render-turn";
import { simulateRollout, type SimulatedRollout } from "./simulate-rollout";
import { stepMetrics } from "./step-metrics";
import { offeredTools, TASK_TEMPLATES, type Task } from "./tasks";
import { systemPrompt, TOOLS } from "./tool-catalog";

/** Rollouts per training step: one prompt, one GRPO group (the paper's 8, cut to 6 to keep loading fast). */
export const GROUP_SIZE = 6;
/** hbg: rollouts of each group that see a hint in the system prompt */
export const HINTED_PER_GROUP = 2;
/** A validation pass (split "val") every this many steps, starting at step 0. */
export const VAL_EVERY_STEPS = 20;
/** Fixed validation prompts, each sampled once per validation pass. */
export const VAL_SIZE = 4;
/** Final evaluation at the last step: rollouts per eval kind (16 keeps the OOD drop above the sampling noise). */
export const EVAL_SIZE = 16;

export type DemoStep = { step: number; rollouts: RolloutInput[]; metrics: MetricPoint[] };

const TOOL_NAMES = TOOLS.map((t) => t.name);

/**
 * Simulates one training step of a demo run: a group of GRPO rollouts on one prompt (hbg: the first
 * two hinted; ops: the first is the gold trajectory, marked offPolicy), validation rollouts every
 * VAL_EVERY_STEPS steps, the final evaluation at the last step, and the step's metrics computed from
 * the train and val rollouts. Deterministic: the step's own seeded streams, so any step can be
 * generated alone and always gives the same output.
 */
export function simulateStep(spec: DemoRunSpec, step: number): DemoStep {
  const profile = stepProfile(spec, step);
  const rng = createRng(seedOf(SIMULATOR_ID, spec.key, spec.seed, step));
  const task = TASK_TEMPLATES[rng.int(0, TASK_TEMPLATES.length - 1)]!.make(rng);
  const tools = offeredTools(task, TOOL_NAMES, rng);
  const promptId = `${task.template}-${step}`;

  const prompts = { plain: systemPrompt(tools), hinted: systemPrompt(tools, task.hint) };
  const hintedRates = scaleRates(profile.failureRates, profile.hintedFailureScale);

  const rollouts: RolloutInput[] = [];
  const onPolicy: SimulatedRollout[] = [];
  for (let k = 0; k < GROUP_SIZE; k++) {
    const isGold = spec.regime === "ops" && k === 0;
    const isHinted = spec.regime === "hbg" && k < HINTED_PER_GROUP;
    const conditions = {
      failureRates: isHinted ? hintedRates : profile.failureRates,
      solveRate: profile.solveRate,
      isGold,
    };
    const sim = simulateRollout(task, isHinted ? prompts.hinted : prompts.plain, conditions, rng);
    if (!isGold) onPolicy.push(sim);
    const extra = { ...(isHinted ? { hint: true } : {}), ...(isGold ? { gold: true } : {}) };
    rollouts.push(toInput({ step, sampleId: `${promptId}#${k}`, split: "train" }, task, sim, extra, isGold));
  }
  const val = step % VAL_EVERY_STEPS === 0 ? valRollouts(spec, step, profile, rng) : [];
  rollouts.push(...val.map(({ input }) => input));
  if (step === spec.steps - 1) rollouts.push(...finalEvalRollouts(spec, step));
  const metrics = stepMetrics(
    step,
    onPolicy,
    val.map(({ sim }) => sim),
    profile,
    rng,
  );
  return { step, rollouts, metrics };
}

/** Rollouts a run stores in total, for checking whether a load completed. */
export function expectedRolloutCount(spec: DemoRunSpec): number {
  return spec.steps * GROUP_SIZE + Math.ceil(spec.steps / VAL_EVERY_STEPS) * VAL_SIZE + EVAL_KINDS.length * EVAL_SIZE;
}

function scaleRates(rates: StepProfile["failureRates"], scale: number): StepProfile["failureRates"] {
  const scaled = { ...rates };
  for (const mode of FAILURE_MODES) scaled[mode] = rates[mode] * scale;
  return scaled;
}

function valRollouts(spec: DemoRunSpec, step: number, profile: StepProfile, rng: Rng) {
  return Array.from({ length: VAL_SIZE }, (_, i) => {
    const promptRng = createRng(seedOf(SIMULATOR_ID, spec.key, spec.seed, "val", i));
    const task = TASK_TEMPLATES[i % TASK_TEMPLATES.length]!.make(promptRng);
    const system = systemPrompt(offeredTools(task, TOOL_NAMES, promptRng));
    const sim = simulateRollout(
      task,
      system,
      { failureRates: profile.failureRates, solveRate: profile.solveRate },
      rng,
    );
    return { sim, input: toInput({ step, sampleId: `val-${i}`, split: "val" }, task, sim, {}, false) };
  });
}

/**
 * EVAL_SIZE rollouts per eval kind from evalProfile. The prompts are one fixed set shared by every
 * run, like a benchmark; the draws use their own stream so the step's train and val data are
 * unchanged by them.
 */
function finalEvalRollouts(spec: DemoRunSpec, step: number): RolloutInput[] {
  const rng = createRng(seedOf(SIMULATOR_ID, spec.key, spec.seed, "eval"));
  return EVAL_KINDS.flatMap((evalKind) => {
    const { failureRates, solveRate } = evalProfile(spec, evalKind);
    return Array.from({ length: EVAL_SIZE }, (_, i) => {
      const promptRng = createRng(seedOf(SIMULATOR_ID, "eval", evalKind, i));
      const task = TASK_TEMPLATES[i % TASK_TEMPLATES.length]!.make(promptRng);
      const sim = simulateRollout(
        task,
        systemPrompt(offeredTools(task, TOOL_NAMES, promptRng)),
        { failureRates, solveRate },
        rng,
      );
      return toInput({ step, sampleId: `eval-${evalKind}-${i}`, split: "eval", evalKind }, task, sim, {}, false);
    });
  });
}

type Placement = { step: number; sampleId: string; split: "train" | "val" | "eval"; evalKind?: EvalKind };

function toInput(
  at: Placement,
  task: Task,
  sim: SimulatedRollout,
  extra: Record<string, unknown>,
  isGold: boolean,
): RolloutInput {
  return {
    ...at,
    messages: sim.messages,
    reward: sim.reward,
    ...(isGold ? { offPolicy: true } : {}),
    meta: { demo: true, simulator: SIMULATOR_ID, task: task.template, turnModes: sim.turnModes, ...extra },
  };
}
