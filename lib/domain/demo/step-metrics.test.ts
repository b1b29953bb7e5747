import { describe, expect, it } from "vitest";
import { prepareRollout } from "../ingest/prepare-rollout";
import { RolloutInputSchema, type RolloutInput } from "../ingest/schemas";
import { DEMO_RUNS } from "./demo-runs";
import { simulateRun } from "./simulate-run";
import { DEMO_METRIC_KEYS } from "./step-metrics";

// Recomputes the rollout-derived metrics from the API input alone, classifying turns the way ingest does.
function recompute(rollouts: readonly RolloutInput[]) {
  const train = rollouts.filter((r) => r.split === "train" && !r.offPolicy);
  const val = rollouts.filter((r) => r.split === "val");
  const turns = train.flatMap((r) => {
    const prepared = prepareRollout(RolloutInputSchema.parse(r));
    if (!prepared.ok) throw new Error("invalid demo rollout");
    return prepared.value.turns;
  });
  // A valid action is a turn the environment could execute: healthy, or a call with only a junk tail.
  const valid = turns.filter(
    (t) => t.state.startsWith("healthy") || (t.failures.length === 1 && t.failures[0] === "junk_tail"),
  );
  const chars = (r: RolloutInput) =>
    (r.messages as { role: string; content: string }[])
      .filter((m) => m.role === "assistant")
      .reduce((n, m) => n + m.content.length, 0);
  return {
    [DEMO_METRIC_KEYS.score]: mean(train.map((r) => r.reward ?? Number.NaN)),
    [DEMO_METRIC_KEYS.responseLength]: mean(train.map(chars)),
    [DEMO_METRIC_KEYS.validActionRatio]: valid.length / turns.length,
    [DEMO_METRIC_KEYS.actions]: turns.length / train.length,
    ...(val.length ? { [DEMO_METRIC_KEYS.valScore]: mean(val.map((r) => r.reward ?? Number.NaN)) } : {}),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe("stepMetrics", () => {
  it("computes reward, length, valid-action and validation metrics from the step's own rollouts", () => {
    for (const spec of DEMO_RUNS) {
      for (const step of simulateRun(spec, { fromStep: 60, toStep: 100 })) {
        const logged = Object.fromEntries(step.metrics.map((m) => [m.key, m.value]));
        for (const [key, value] of Object.entries(recompute(step.rollouts)))
          expect(logged[key], `${spec.key} ${step.step} ${key}`).toBeCloseTo(value, 10);
      }
    }
  });

  it("logs every metric key once per step, probabilities in [0, 1] and summing to at most 1", () => {
    for (const spec of DEMO_RUNS) {
      for (const step of simulateRun(spec, { fromStep: 0, toStep: 149 })) {
        const keys = step.metrics.map((m) => m.key);
        expect(new Set(keys).size).toBe(keys.length);
        const expected = Object.values(DEMO_METRIC_KEYS).filter(
          (k) => step.step % 20 === 0 || k !== DEMO_METRIC_KEYS.valScore,
        );
        expect(keys.sort()).toEqual([...expected].sort());
        const value = (key: string) => step.metrics.find((m) => m.key === key)!.value;
        const probes = [
          value(DEMO_METRIC_KEYS.pLbrace),
          value(DEMO_METRIC_KEYS.pImEnd),
          value(DEMO_METRIC_KEYS.pToolCall),
        ];
        expect(probes.every((p) => p >= 0 && p <= 1)).toBe(true);
        expect(probes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-9);
        expect(value(DEMO_METRIC_KEYS.gradNorm)).toBeGreaterThan(0);
        expect(value(DEMO_METRIC_KEYS.entropy)).toBeGreaterThan(0);
      }
    }
  });
});
