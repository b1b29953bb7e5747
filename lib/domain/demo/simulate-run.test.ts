import { beforeAll, describe, expect, it } from "vitest";
import type { StructuralState } from "../classifier/types";
import { prepareRollout, type PreparedRollout } from "../ingest/prepare-rollout";
import { EVAL_KINDS, RolloutInputSchema, type EvalKind } from "../ingest/schemas";
import { DEMO_RUNS, demoCreateRun, type DemoRegime, type DemoRunSpec } from "./demo-runs";
import { EVAL_SOLVE_RATE_MULTIPLIERS, evalProfile, plantedCollapseStep, stepProfile } from "./regime-curves";
import { EXPECTED_CLASSIFICATION, type TurnMode } from "./render-turn";
import { simulateRun } from "./simulate-run";
import { EVAL_SIZE, expectedRolloutCount, GROUP_SIZE, VAL_EVERY_STEPS, VAL_SIZE, type DemoStep } from "./simulate-step";
import { DEMO_METRIC_KEYS } from "./step-metrics";

function spec(regime: DemoRegime): DemoRunSpec {
  return DEMO_RUNS.find((s) => s.regime === regime)!;
}

function runsOf(regime: DemoRegime): DemoRunSpec[] {
  return DEMO_RUNS.filter((s) => s.regime === regime);
}

// Each run simulated and classified once, the way ingestion will classify it.
const cache = new Map<string, { steps: DemoStep[]; prepared: PreparedRollout[] }>();
function classified(run: DemoRegime | DemoRunSpec) {
  const s = typeof run === "string" ? spec(run) : run;
  let entry = cache.get(s.key);
  if (!entry) {
    const steps = simulateRun(s);
    const prepared = steps
      .flatMap((s) => s.rollouts)
      .map((r) => {
        const result = prepareRollout(RolloutInputSchema.parse(r));
        if (!result.ok) throw new Error(JSON.stringify(result.issues));
        return result.value;
      });
    entry = { steps, prepared };
    cache.set(s.key, entry);
  }
  return entry;
}

/** Share of on-policy train turns in the given states over steps [from, to]. */
function share(run: DemoRegime | DemoRunSpec, from: number, to: number, states: readonly StructuralState[]): number {
  const turns = classified(run)
    .prepared.filter((r) => r.split === "train" && !r.isOffPolicy && r.step >= from && r.step <= to)
    .flatMap((r) => r.turns);
  return turns.filter((t) => states.includes(t.state)).length / turns.length;
}

const HEALTHY = ["healthy_tool_call", "healthy_response"] as const;

// Classifying all nine runs takes seconds: done once, outside any single test's time limit.
beforeAll(() => DEMO_RUNS.forEach((s) => classified(s)), 60_000);

describe("simulateRun", () => {
  it("is deterministic: the same seed gives byte-identical output, another seed other output", () => {
    const vanilla = spec("vanilla_rl");
    const range = { fromStep: 70, toStep: 95 };
    expect(JSON.stringify(simulateRun(vanilla, range))).toBe(JSON.stringify(simulateRun(vanilla, range)));
    expect(JSON.stringify(simulateRun({ ...vanilla, seed: 99 }, range))).not.toBe(
      JSON.stringify(simulateRun(vanilla, range)),
    );
    // A step generated alone equals the same step generated within the whole run.
    expect(simulateRun(vanilla, { fromStep: 90, toStep: 90 })).toEqual([classified("vanilla_rl").steps[90]]);
  });

  it("writes one group per step, validation every 20 steps, a final evaluation, and valid API input", () => {
    for (const s of DEMO_RUNS) {
      const { steps, prepared } = classified(s);
      expect(steps.map((st) => st.step)).toEqual(Array.from({ length: s.steps }, (_, i) => i));
      expect(prepared.length).toBe(expectedRolloutCount(s));
      expect(expectedRolloutCount(s)).toBe(150 * 6 + 8 * 4 + 3 * 16);
      for (const st of steps) {
        expect(st.rollouts.filter((r) => r.split === "train").length).toBe(GROUP_SIZE);
        expect(st.rollouts.filter((r) => r.split === "val").length).toBe(
          st.step % VAL_EVERY_STEPS === 0 ? VAL_SIZE : 0,
        );
        const evalKinds = st.rollouts.filter((r) => r.split === "eval").map((r) => r.evalKind);
        expect(evalKinds).toEqual(st.step === s.steps - 1 ? EVAL_KINDS.flatMap((k) => Array(EVAL_SIZE).fill(k)) : []);
      }
      expect(new Set(prepared.map((r) => `${r.step}/${r.sampleId}`)).size).toBe(prepared.length);
      expect(prepared.every((r) => r.reward === 0 || r.reward === 1)).toBe(true);
    }
  });

  it("labels the runs as simulated demo data: three vanilla seeds, two ETS seeds, one run of each other regime", () => {
    expect(DEMO_RUNS.map((s) => s.key)).toEqual([
      "grpo-vanilla",
      "grpo-vanilla-s2",
      "grpo-vanilla-s3",
      "sft-then-grpo",
      "ets-interleaved",
      "ets-interleaved-s2",
      "prs-interleaved",
      "hbg-hints",
      "ops-gold",
    ]);
    expect(new Set(DEMO_RUNS.map((s) => s.seed)).size).toBe(DEMO_RUNS.length);
    for (const s of DEMO_RUNS) {
      const run = demoCreateRun(s);
      expect(run.name.startsWith("demo-")).toBe(true);
      expect(run.model).toBe("Qwen2.5-1.5B-Instruct (simulated)");
      expect(run.config).toEqual({ demo: true, simulator: "spikewatch-demo/1" });
    }
    expect(new Set(DEMO_RUNS.map((s) => s.regime))).toEqual(
      new Set(["vanilla_rl", "sft_then_rl", "ets", "prs", "hbg", "ops"]),
    );
  });

  it("classifies every simulated turn as the state its mode stands for", () => {
    for (const s of DEMO_RUNS) {
      for (const r of classified(s).prepared) {
        const modes = r.meta.turnModes as TurnMode[];
        expect(r.turns.length).toBe(modes.length);
        r.turns.forEach((turn, i) => {
          const mode = modes[i]!;
          if (mode === "healthy") expect(HEALTHY as readonly string[]).toContain(turn.state);
          else {
            expect(turn.state).toBe(EXPECTED_CLASSIFICATION[mode].state);
            expect(turn.failures).toContain(EXPECTED_CLASSIFICATION[mode].failure);
          }
        });
      }
    }
  });

  it("plants a collapse only in vanilla_rl, at its event step (seed 1 at 82, the others at 66 and 108)", () => {
    expect(runsOf("vanilla_rl").map(plantedCollapseStep)).toEqual([82, 66, 108]);
    for (const s of DEMO_RUNS.filter((r) => r.regime !== "vanilla_rl"))
      expect(plantedCollapseStep(s), s.key).toBeNull();
    // hbg's event step is a format drift, not a collapse: its turns never collapse.
    expect(share("hbg", 0, 149, ["full_collapse"])).toBe(0);
  });

  it("vanilla_rl: every seed healthy before its planted collapse, bare-tag and empty turns after, p_im_end spiking first", () => {
    for (const s of runsOf("vanilla_rl")) {
      const c = plantedCollapseStep(s)!;
      expect(share(s, 0, c - 5, HEALTHY), s.key).toBeGreaterThanOrEqual(0.8);
      expect(share(s, c + 5, 149, ["full_collapse"]), s.key).toBeGreaterThanOrEqual(0.8);
      const { steps } = classified(s);
      const score = (from: number, to: number) =>
        mean(steps.slice(from, to + 1).map((st) => metric(st, DEMO_METRIC_KEYS.score)));
      expect(score(0, c - 5), s.key).toBeGreaterThan(0.3);
      expect(score(c + 5, 149), s.key).toBeLessThan(0.05);
      const firstStep = (isTrue: (step: number) => boolean) => steps.find((st) => isTrue(st.step))!.step;
      const spike = firstStep((step) => metric(steps[step]!, DEMO_METRIC_KEYS.pImEnd) > 0.5);
      const collapse = firstStep((step) => share(s, step, step, ["full_collapse"]) > 0.5);
      expect(collapse - spike, s.key).toBeGreaterThanOrEqual(2);
      expect(collapse - spike, s.key).toBeLessThanOrEqual(8);
      expect(Math.abs(collapse - c), s.key).toBeLessThanOrEqual(3);
    }
  });

  it("sft_then_rl: healthy through SFT, then degrading with junk tails, bad JSON and empty turns", () => {
    expect(share("sft_then_rl", 0, 29, HEALTHY)).toBeGreaterThanOrEqual(0.95);
    const late = share("sft_then_rl", 120, 149, HEALTHY);
    expect(late).toBeLessThan(0.85);
    expect(late).toBeGreaterThan(0.5);
    const failures = new Set(
      classified("sft_then_rl")
        .prepared.filter((r) => r.step >= 120)
        .flatMap((r) => r.failures),
    );
    for (const kind of ["junk_tail", "bad_json", "empty_turn", "unknown_tool"] as const)
      expect(failures).toContain(kind);
  });

  it("ets (both seeds) and prs stay healthy in every 15-step window, and their reward rises", () => {
    for (const s of [...runsOf("ets"), ...runsOf("prs")]) {
      for (let from = 0; from < 150; from += 15)
        expect(share(s, from, from + 14, HEALTHY), s.key).toBeGreaterThanOrEqual(0.85);
      const { steps } = classified(s);
      const score = (from: number, to: number) =>
        mean(steps.slice(from, to + 1).map((st) => metric(st, DEMO_METRIC_KEYS.score)));
      expect(score(100, 149)).toBeGreaterThan(score(0, 49) + 0.1);
    }
  });

  it("hbg drifts to untagged JSON calls; its hinted rollouts drift less", () => {
    expect(share("hbg", 0, 40, HEALTHY)).toBeGreaterThanOrEqual(0.9);
    expect(share("hbg", 110, 149, ["text_pollution"])).toBeGreaterThanOrEqual(0.6);
    const late = classified("hbg").prepared.filter((r) => r.split === "train" && r.step >= 110);
    const polluted = late.flatMap((r) => r.turns).filter((t) => t.state === "text_pollution");
    expect(
      polluted.filter((t) => t.failures.includes("untagged_call")).length / polluted.length,
    ).toBeGreaterThanOrEqual(0.9);
    const healthyShare = (rs: PreparedRollout[]) =>
      rs.flatMap((r) => r.turns).filter((t) => t.state !== "text_pollution").length / rs.flatMap((r) => r.turns).length;
    expect(healthyShare(late.filter((r) => r.meta.hint === true))).toBeGreaterThan(
      healthyShare(late.filter((r) => r.meta.hint !== true)) + 0.2,
    );
  });

  it("ops: one gold trajectory per group, off-policy, healthy and rewarded", () => {
    const gold = classified("ops").prepared.filter((r) => r.isOffPolicy);
    expect(gold.length).toBe(spec("ops").steps);
    expect(gold.every((r) => r.meta.gold === true && r.reward === 1 && r.split === "train")).toBe(true);
    expect(gold.flatMap((r) => r.turns).every((t) => (HEALTHY as readonly string[]).includes(t.state))).toBe(true);
    expect(
      DEMO_RUNS.filter((s) => s.regime !== "ops").every((s) => classified(s).prepared.every((r) => !r.isOffPolicy)),
    ).toBe(true);
  });
});

describe("final evaluation", () => {
  const meanReward = (s: DemoRunSpec, kind: EvalKind) =>
    mean(
      classified(s)
        .prepared.filter((r) => r.split === "eval" && r.evalKind === kind)
        .map((r) => r.reward!),
    );

  it("draws from the last step's profile, with the regime's OOD solve-rate multiplier", () => {
    for (const s of DEMO_RUNS) {
      const last = stepProfile(s, s.steps - 1);
      for (const kind of EVAL_KINDS) {
        expect(evalProfile(s, kind)).toEqual({
          ...last,
          solveRate: last.solveRate * EVAL_SOLVE_RATE_MULTIPLIERS[s.regime][kind],
        });
      }
    }
    // Interleaved SFT+RL loses the most under format and content OOD (domain.md §1).
    for (const regime of ["ets", "prs"] as const) {
      for (const other of ["vanilla_rl", "sft_then_rl", "hbg", "ops"] as const) {
        for (const kind of ["format_ood", "content_ood"] as const) {
          expect(EVAL_SOLVE_RATE_MULTIPLIERS[regime][kind]).toBeLessThan(EVAL_SOLVE_RATE_MULTIPLIERS[other][kind]);
        }
      }
    }
  });

  it("shows interleaved and SFT-shaped runs scoring lower out of distribution, and collapsed runs near 0", () => {
    for (const s of [...runsOf("ets"), ...runsOf("prs"), ...runsOf("sft_then_rl")]) {
      expect(meanReward(s, "in_distribution"), s.key).toBeGreaterThan(0.3);
      expect(meanReward(s, "format_ood"), s.key).toBeLessThan(meanReward(s, "in_distribution"));
      expect(meanReward(s, "content_ood"), s.key).toBeLessThan(meanReward(s, "in_distribution"));
    }
    for (const s of runsOf("vanilla_rl"))
      for (const kind of EVAL_KINDS) expect(meanReward(s, kind), s.key).toBeLessThan(0.1);
  });

  it("uses one fixed prompt set for every run", () => {
    const prompts = (s: DemoRunSpec) =>
      classified(s)
        .steps.at(-1)!
        .rollouts.filter((r) => r.split === "eval")
        .map((r) => [r.sampleId, ...(r.messages as { content: string }[]).slice(0, 2).map((m) => m.content)]);
    for (const s of DEMO_RUNS) expect(prompts(s)).toEqual(prompts(DEMO_RUNS[0]!));
  });
});

function metric(step: DemoStep, key: string): number {
  return step.metrics.find((m) => m.key === key)!.value;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
