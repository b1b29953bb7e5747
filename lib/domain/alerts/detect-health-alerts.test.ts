import { describe, expect, it } from "vitest";
import type { StructuralState } from "@/lib/domain/classifier/types";
import { createRng } from "../demo/prng";
import { detectHealthAlerts, type HealthSample } from "./detect-health-alerts";

type Mix = Record<StructuralState, number>;
const HEALTHY: Mix = { healthy_tool_call: 0.6, healthy_response: 0.35, text_pollution: 0.04, full_collapse: 0.01 };
const COLLAPSED: Mix = { healthy_tool_call: 0.02, healthy_response: 0.03, text_pollution: 0.05, full_collapse: 0.9 };

/** Draws `turns` turns per step from a state mix: multinomial noise, as a real group of rollouts has. */
function sampleSeries(steps: number, turns: number, mixAt: (step: number) => Mix, seed: number): HealthSample[] {
  const random = createRng(seed).next;
  return Array.from({ length: steps }, (_, step) => {
    const mix = mixAt(step);
    const states: Mix = { healthy_tool_call: 0, healthy_response: 0, text_pollution: 0, full_collapse: 0 };
    for (let t = 0; t < turns; t++) {
      let u = random();
      const state = (Object.keys(mix) as StructuralState[]).find((s) => (u -= mix[s]) < 0) ?? "full_collapse";
      states[state]++;
    }
    return { step, turns, states };
  });
}

function exact(step: number, turns: number, counts: Partial<Mix>): HealthSample {
  return {
    step,
    turns,
    states: { healthy_tool_call: 0, healthy_response: 0, text_pollution: 0, full_collapse: 0, ...counts },
  };
}

describe("detectHealthAlerts", () => {
  it("raises a drop and a collapse alert at the known onset step of a collapsing run", () => {
    const series = sampleSeries(300, 24, (step) => (step < 180 ? HEALTHY : COLLAPSED), 7);
    const alerts = detectHealthAlerts(series);
    expect(alerts.map((a) => [a.kind, a.step])).toEqual([
      ["full_collapse_rise", 180],
      ["healthy_tool_call_drop", 180],
    ]);
    expect(alerts.every((a) => a.severity === "critical")).toBe(true);
    expect(alerts[1]!.details.baselineSteps).toEqual([0, 9]);
    expect(alerts[1]!.message).toMatch(/healthy tool-call rate fell to \d+% at step 180/);
  });

  it("stays silent on healthy noisy runs", () => {
    for (let seed = 1; seed <= 30; seed++) {
      expect(detectHealthAlerts(sampleSeries(300, 24, () => HEALTHY, seed)), `seed ${seed}`).toEqual([]);
    }
  });

  it("stays silent on a healthy run with thousands of turns per step (a real GRPO step)", () => {
    expect(detectHealthAlerts(sampleSeries(100, 2_000, () => HEALTHY, 3))).toEqual([]);
  });

  it("flags a gradual drift to text pollution once it leaves the band, not before", () => {
    const drift = (step: number): Mix => {
      const polluted = Math.min(0.8, Math.max(0, (step - 100) / 100));
      return { healthy_tool_call: 0.95 - polluted, healthy_response: 0.05, text_pollution: polluted, full_collapse: 0 };
    };
    const series = Array.from({ length: 200 }, (_, step) => {
      const m = drift(step);
      return exact(step, 100, {
        healthy_tool_call: Math.round(m.healthy_tool_call * 100),
        healthy_response: 5,
        text_pollution: Math.round(m.text_pollution * 100),
      });
    });
    const pollution = detectHealthAlerts(series).filter((a) => a.kind === "text_pollution_rise");
    // Baseline rate 0: the band edge is max(0 + 1/100, 0.15) = 0.15, first exceeded at 16/100 (step 116).
    expect(pollution.map((a) => a.step)).toEqual([116]);
    expect(pollution[0]!.severity).toBe("warning");
  });

  it("raises one alert per episode and a new one after the rate recovered for recoverSteps", () => {
    const healthy = (step: number) => exact(step, 20, { healthy_tool_call: 20 });
    const broken = (step: number) => exact(step, 20, { full_collapse: 20 });
    const steps = [
      ...Array.from({ length: 10 }, (_, i) => healthy(i)),
      broken(10),
      healthy(11),
      broken(12),
      healthy(13),
      healthy(14),
      healthy(15),
      broken(16),
    ];
    const drops = detectHealthAlerts(steps).filter((a) => a.kind === "healthy_tool_call_drop");
    expect(drops.map((a) => a.step)).toEqual([10, 16]);
  });

  it("waits for a full baseline and ignores steps with too few turns", () => {
    const baseline = Array.from({ length: 10 }, (_, i) => exact(i, 20, { healthy_tool_call: 20 }));
    expect(detectHealthAlerts(baseline.slice(0, 9).concat(exact(9, 20, { full_collapse: 20 })))).toEqual([]);
    expect(detectHealthAlerts([...baseline, exact(10, 5, { full_collapse: 5 })])).toEqual([]);
    expect(detectHealthAlerts([...baseline, exact(10, 8, { full_collapse: 8 })]).map((a) => a.kind)).toContain(
      "healthy_tool_call_drop",
    );
  });

  it("takes thresholds as options", () => {
    const series = [
      ...Array.from({ length: 5 }, (_, i) => exact(i, 10, { healthy_tool_call: 10 })),
      exact(5, 10, { healthy_tool_call: 8, healthy_response: 2 }),
    ];
    expect(detectHealthAlerts(series, { baselineSteps: 5, confirmSteps: 1 }).map((a) => a.step)).toEqual([5]);
    expect(detectHealthAlerts(series, { baselineSteps: 5, confirmSteps: 1, minBand: 0.25 })).toEqual([]);
  });

  it("alerts on a critical single step at once, but wants a warning-sized departure confirmed", () => {
    const baseline = Array.from({ length: 10 }, (_, i) => exact(i, 10, { healthy_tool_call: 10 }));
    const dip = (step: number) => exact(step, 10, { healthy_tool_call: 7, healthy_response: 3 });
    const ok = (step: number) => exact(step, 10, { healthy_tool_call: 10 });
    const drops = (samples: HealthSample[]) =>
      detectHealthAlerts(samples).filter((a) => a.kind === "healthy_tool_call_drop");
    expect(drops([...baseline, dip(10), ok(11), dip(12), ok(13)])).toEqual([]);
    expect(drops([...baseline, dip(10), dip(11)]).map((a) => [a.step, a.severity, a.details.rate])).toEqual([
      [10, "warning", 0.7],
    ]);
    expect(drops([...baseline, exact(10, 10, { full_collapse: 10 })]).map((a) => [a.step, a.severity])).toEqual([
      [10, "critical"],
    ]);
  });
});
