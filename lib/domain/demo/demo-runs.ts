import type { CreateRun, Phase } from "../ingest/schemas";

/** The regimes of domain.md §5 the demo simulates. */
export const DEMO_REGIMES = ["vanilla_rl", "sft_then_rl", "ets", "prs", "hbg", "ops"] as const;
export type DemoRegime = (typeof DEMO_REGIMES)[number];

export type DemoRunSpec = {
  /** run name without the demo prefix */
  key: string;
  regime: DemoRegime;
  scheme: NonNullable<CreateRun["scheme"]>;
  rlLr: number;
  sftLr?: number;
  seed: number;
  /** training steps 0 .. steps-1 */
  steps: number;
  phases: Phase[];
  /**
   * vanilla_rl: the step around which turns collapse (plantedCollapseStep); hbg: the middle of its
   * drift to untagged JSON calls, a format drift (text pollution), not a planted collapse
   */
  eventStep?: number;
};

export const DEMO_NAME_PREFIX = "demo-";
export const DEMO_MODEL = "Qwen2.5-1.5B-Instruct (simulated)";
export const SIMULATOR_ID = "spikewatch-demo/1";
/** 150 steps keep loading all nine runs to ~15 s on a 2-core machine (each step costs a few upserts). */
export const DEMO_STEPS = 150;

/** Alternating RL and SFT phases, `rounds` times, filling `steps` (ETS and PRS). */
function interleavedPhases(steps: number, rounds: number, rlSteps: number): Phase[] {
  const roundSteps = Math.floor(steps / rounds);
  return Array.from({ length: rounds }, (_, r) => {
    const start = r * roundSteps;
    const end = r === rounds - 1 ? steps - 1 : start + roundSteps - 1;
    return [
      { kind: "rl" as const, startStep: start, endStep: start + rlSteps - 1 },
      { kind: "sft" as const, startStep: start + rlSteps, endStep: end },
    ];
  }).flat();
}

const ALL_RL: Phase[] = [{ kind: "rl", startStep: 0, endStep: DEMO_STEPS - 1 }];

export const DEMO_RUNS: readonly DemoRunSpec[] = [
  // Three vanilla seeds collapsing at different steps: the spread of onsets a regime comparison shows.
  {
    key: "grpo-vanilla",
    regime: "vanilla_rl",
    scheme: "none",
    rlLr: 1e-6,
    seed: 1,
    steps: DEMO_STEPS,
    phases: ALL_RL,
    eventStep: 82,
  },
  {
    key: "grpo-vanilla-s2",
    regime: "vanilla_rl",
    scheme: "none",
    rlLr: 1e-6,
    seed: 7,
    steps: DEMO_STEPS,
    phases: ALL_RL,
    eventStep: 66,
  },
  {
    key: "grpo-vanilla-s3",
    regime: "vanilla_rl",
    scheme: "none",
    rlLr: 1e-6,
    seed: 8,
    steps: DEMO_STEPS,
    phases: ALL_RL,
    eventStep: 108,
  },
  {
    key: "sft-then-grpo",
    regime: "sft_then_rl",
    scheme: "sequential",
    rlLr: 1e-6,
    sftLr: 1e-5,
    seed: 2,
    steps: DEMO_STEPS,
    phases: [
      { kind: "sft", startStep: 0, endStep: 29 },
      { kind: "rl", startStep: 30, endStep: DEMO_STEPS - 1 },
    ],
  },
  {
    key: "ets-interleaved",
    regime: "ets",
    scheme: "interleaved",
    rlLr: 1e-6,
    sftLr: 1e-6,
    seed: 3,
    steps: DEMO_STEPS,
    phases: interleavedPhases(DEMO_STEPS, 3, 38),
  },
  {
    key: "ets-interleaved-s2",
    regime: "ets",
    scheme: "interleaved",
    rlLr: 1e-6,
    sftLr: 1e-6,
    seed: 9,
    steps: DEMO_STEPS,
    phases: interleavedPhases(DEMO_STEPS, 3, 38),
  },
  {
    key: "prs-interleaved",
    regime: "prs",
    scheme: "interleaved",
    rlLr: 1e-6,
    sftLr: 1e-5,
    seed: 4,
    steps: DEMO_STEPS,
    phases: interleavedPhases(DEMO_STEPS, 3, 38),
  },
  {
    key: "hbg-hints",
    regime: "hbg",
    scheme: "synchronous",
    rlLr: 1e-6,
    seed: 5,
    steps: DEMO_STEPS,
    phases: ALL_RL,
    eventStep: 75,
  },
  { key: "ops-gold", regime: "ops", scheme: "synchronous", rlLr: 1e-6, seed: 6, steps: DEMO_STEPS, phases: ALL_RL },
];

/** The run as registered: prefixed name, simulated model, labels and the demo config marker. */
export function demoCreateRun(spec: DemoRunSpec, namePrefix = DEMO_NAME_PREFIX): CreateRun {
  return {
    name: `${namePrefix}${spec.key}`,
    model: DEMO_MODEL,
    regime: spec.regime,
    scheme: spec.scheme,
    rlLr: spec.rlLr,
    ...(spec.sftLr === undefined ? {} : { sftLr: spec.sftLr }),
    seed: spec.seed,
    phases: spec.phases,
    config: { demo: true, simulator: SIMULATOR_ID },
    status: "finished",
  };
}

/** The phase kind of a step ("rl" when no phase covers it). */
export function phaseAt(spec: DemoRunSpec, step: number): Phase {
  return (
    spec.phases.find((p) => step >= p.startStep && step <= p.endStep) ?? { kind: "rl", startStep: step, endStep: step }
  );
}
