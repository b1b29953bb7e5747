import type { DemoRunSpec } from "./demo-runs";
import { simulateStep, type DemoStep } from "./simulate-step";

/**
 * The steps `fromStep` .. `toStep` (inclusive, clamped to the run) of a demo run, in step order.
 * Pure and deterministic: the same spec (its seed) always gives byte-identical output.
 */
export function simulateRun(spec: DemoRunSpec, { fromStep = 0, toStep = spec.steps - 1 } = {}): DemoStep[] {
  const steps: DemoStep[] = [];
  for (let step = Math.max(0, fromStep); step <= Math.min(toStep, spec.steps - 1); step++)
    steps.push(simulateStep(spec, step));
  return steps;
}
