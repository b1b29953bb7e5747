import { describe, expect, it } from "vitest";
import { parseVerlConsoleLine } from "./parse-verl-console-line";

// Lines as verl's LocalLogger prints them: concat_dict_to_str (verl/utils/logger/aggregate_logger.py)
// joins f"step:{step}" and f"{k}:{pprint.pformat(v)}" (older releases f"{k}:{v:.3f}") with " - ",
// behind Ray's "(TaskRunner pid=N)" prefix (coloured on a terminal) when main_ppo runs the trainer remotely.
describe("parseVerlConsoleLine", () => {
  it("reads pprint-formatted values, numpy 2 scalars, nan, inf and booleans", () => {
    const line =
      "(TaskRunner pid=2440877) step:12 - critic/score/mean:0.4375 - actor/entropy:np.float64(0.52) - " +
      "actor/grad_norm:nan - actor/ppo_kl:-inf - response_length/clip_ratio:0.0 - actor/pg_clipfrac:1e-06 - " +
      "training/epoch:0 - perf/is_ok:True - val-core/fcl/reward/mean@1:inf";
    const parsed = parseVerlConsoleLine(line);
    expect(parsed?.step).toBe(12);
    expect(parsed?.unreadable).toEqual([]);
    expect(Object.fromEntries(parsed!.points.map((p) => [p.key, p.value]))).toEqual({
      "critic/score/mean": 0.4375,
      "actor/entropy": 0.52,
      "actor/grad_norm": Number.NaN,
      "actor/ppo_kl": Number.NEGATIVE_INFINITY,
      "response_length/clip_ratio": 0,
      "actor/pg_clipfrac": 1e-6,
      "training/epoch": 0,
      "perf/is_ok": 1,
      "val-core/fcl/reward/mean@1": Number.POSITIVE_INFINITY,
    });
  });

  it("reads the older {v:.3f} format and a line behind ANSI colours or glued to a tqdm bar", () => {
    expect(parseVerlConsoleLine("step:3 - critic/score/mean:0.500 - actor/entropy:nan")?.points).toEqual([
      { key: "critic/score/mean", value: 0.5 },
      { key: "actor/entropy", value: Number.NaN },
    ]);
    const coloured = "\x1b[36m(TaskRunner pid=42)\x1b[0m step:151 - actor/ppo_kl:np.float64(0.0042)";
    expect(parseVerlConsoleLine(coloured)).toEqual({
      step: 151,
      points: [{ key: "actor/ppo_kl", value: 0.0042 }],
      unreadable: [],
    });
    const glued = "Training Progress:   1%|          | 2/300 [02:43<6:44:41, 81.49s/it]step:2 - actor/entropy:0.61";
    expect(parseVerlConsoleLine(glued)?.step).toBe(2);
  });

  it("ignores lines without a step marker, and step-like keys inside other text", () => {
    for (const line of [
      "Training from scratch",
      "(TaskRunner pid=1) timing_s/step:1.25",
      "local_global_step_folder: ckpt/global_step:9/actor",
      "step:4",
      "step:x - a:1",
    ])
      expect(parseVerlConsoleLine(line)).toBeNull();
  });

  it("lists values it cannot read instead of inventing numbers", () => {
    expect(parseVerlConsoleLine("step:5 - a:tensor(0.5) - b:0.25 - c:")).toEqual({
      step: 5,
      points: [{ key: "b", value: 0.25 }],
      unreadable: ["a", "c"],
    });
  });
});
