import { describe, expect, it } from "vitest";
import { createRng, type Rng } from "../demo/prng";
import { detectCollapseOnset, type CollapseSample } from "./detect-collapse-onset";

const TURNS = 20;

/** Counts drawn binomially from per-step true rates, so tests see the sampling noise a real run has. */
function sampleRun(
  steps: number,
  rates: (step: number) => { healthy: number; collapse: number; solve: number },
  rng: Rng,
): CollapseSample[] {
  return Array.from({ length: steps }, (_, step) => {
    const r = rates(step);
    let healthyToolCall = 0;
    let fullCollapse = 0;
    for (let t = 0; t < TURNS; t++) {
      const u = rng.next();
      if (u < r.collapse) fullCollapse++;
      else if (u < r.collapse + r.healthy) healthyToolCall++;
    }
    const solved = Array.from({ length: 6 }, () => rng.chance(r.solve)).filter(Boolean).length;
    return { step, turns: TURNS, healthyToolCall, fullCollapse, score: solved / 6 };
  });
}

const exact = (
  steps: number,
  rates: (step: number) => { healthy: number; collapse: number; score: number },
): CollapseSample[] =>
  Array.from({ length: steps }, (_, step) => {
    const r = rates(step);
    return {
      step,
      turns: TURNS,
      healthyToolCall: Math.round(r.healthy * TURNS),
      fullCollapse: Math.round(r.collapse * TURNS),
      score: r.score,
    };
  });

describe("detectCollapseOnset", () => {
  it("dates a sharp collapse at the step it happened", () => {
    const run = exact(100, (s) =>
      s < 60 ? { healthy: 0.95, collapse: 0, score: 0.6 } : { healthy: 0.05, collapse: 0.8, score: 0 },
    );
    expect(detectCollapseOnset(run)).toMatchObject({ status: "collapsed", onsetStep: 60, confirmedAtStep: 65 });
  });

  it("finds a noisy sigmoid collapse within two steps of where the healthy rate halves", () => {
    const rng = createRng(11);
    for (const c of [30, 55, 90]) {
      const run = sampleRun(
        150,
        (s) => {
          const collapse = 0.95 / (1 + Math.exp(-(s - c) / 1.5));
          return { healthy: 0.95 * (1 - collapse), collapse, solve: 0.6 * (1 - collapse) };
        },
        rng,
      );
      const verdict = detectCollapseOnset(run);
      expect(verdict.status).toBe("collapsed");
      if (verdict.status === "collapsed") expect(Math.abs(verdict.onsetStep - c)).toBeLessThanOrEqual(2);
    }
  });

  it("reports no collapse on 200 healthy noisy runs", () => {
    const rng = createRng(3);
    for (let k = 0; k < 200; k++) {
      const run = sampleRun(300, () => ({ healthy: 0.85, collapse: 0.03, solve: 0.5 }), rng);
      expect(detectCollapseOnset(run)).toMatchObject({ status: "stable", checkedThroughStep: 299 });
    }
  });

  it("does not call a dip shorter than the confirmation a collapse", () => {
    const run = exact(80, (s) =>
      s >= 40 && s < 44 ? { healthy: 0.05, collapse: 0.9, score: 0 } : { healthy: 0.9, collapse: 0, score: 0.5 },
    );
    // four collapsed steps (40..43); the median of three sees 41..44, one short of the 5 that confirm
    expect(detectCollapseOnset(run).status).toBe("stable");
  });

  it("needs the task or the structure to break along with the healthy-call rate", () => {
    const polluted = exact(80, (s) => ({ healthy: s < 40 ? 0.9 : 0.3, collapse: 0, score: 0.5 }));
    expect(detectCollapseOnset(polluted).status).toBe("stable");
    const scoreOnly = exact(80, (s) => ({ healthy: 0.9, collapse: 0, score: s < 40 ? 0.6 : 0 }));
    expect(detectCollapseOnset(scoreOnly).status).toBe("stable");
    const pollutedAndFailing = exact(80, (s) => ({
      healthy: s < 40 ? 0.9 : 0.3,
      collapse: 0,
      score: s < 40 ? 0.6 : 0.1,
    }));
    expect(detectCollapseOnset(pollutedAndFailing)).toMatchObject({ status: "collapsed", onsetStep: 40 });
  });

  it("never moves or withdraws an onset as points arrive", () => {
    const rng = createRng(5);
    const run = sampleRun(
      120,
      (s) => {
        const collapse = s >= 50 && s < 70 ? 0.9 : 0.02; // collapses, then recovers
        return { healthy: 0.95 - collapse, collapse, solve: 0.5 };
      },
      rng,
    );
    const final = detectCollapseOnset(run);
    expect(final.status).toBe("collapsed");
    if (final.status !== "collapsed") return;
    for (let n = 1; n <= run.length; n++) {
      const verdict = detectCollapseOnset(run.slice(0, n));
      if (n - 1 < final.confirmedAtStep) expect(verdict.status).not.toBe("collapsed");
      else expect(verdict).toEqual(final);
    }
  });

  it("skips thin steps and waits for enough data", () => {
    expect(detectCollapseOnset(exact(9, () => ({ healthy: 0.9, collapse: 0, score: 1 })))).toEqual({
      status: "insufficient_data",
      qualifyingSteps: 9,
    });
    const thin = exact(50, () => ({ healthy: 0.9, collapse: 0, score: 1 })).map((s) => ({ ...s, turns: 5 }));
    expect(detectCollapseOnset(thin)).toEqual({ status: "insufficient_data", qualifyingSteps: 0 });
  });

  it("never flags a run that never had the tool-call format", () => {
    const run = exact(60, (s) => ({ healthy: 0.2, collapse: s < 30 ? 0 : 0.7, score: 0 }));
    expect(detectCollapseOnset(run).status).toBe("stable");
  });
});
