import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTrainerState } from "./parse-trainer-state";

// test/fixtures/trl/trainer_state.json follows transformers' TrainerState.save_to_json
// (src/transformers/trainer_callback.py: json.dumps(asdict(state), indent=2, sort_keys=True)) for a TRL
// GRPOTrainer run logging every 10 steps: GRPOTrainer.log's keys, a NaN grad_norm, the train summary.
const STATE = fs.readFileSync(path.resolve(process.cwd(), "test/fixtures/trl/trainer_state.json"), "utf8");

describe("parseTrainerState", () => {
  it("turns each log_history entry into points at its step, keeping the NaN grad norm", () => {
    const result = parseTrainerState(STATE);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { points, skipped } = result.value;
    expect(skipped).toBe(0);
    expect(points.filter((p) => p.key === "reward")).toEqual([
      { step: 10, key: "reward", value: 0.3125 },
      { step: 20, key: "reward", value: 0.4375 },
    ]);
    expect(points.find((p) => p.key === "grad_norm" && p.step === 20)?.value).toBeNaN();
    expect(points).toContainEqual({ step: 20, key: "rewards/tool_call_reward/mean", value: 0.4375 });
    expect(points).toContainEqual({ step: 30, key: "train_runtime", value: 184.2731 });
    expect(new Set(points.map((p) => p.step))).toEqual(new Set([10, 20, 30]));
  });

  it("says what is wrong with a file that is not a trainer state", () => {
    expect(parseTrainerState('{"step": 1, "loss": 0.5}\n{"step": 2, "loss": 0.4}\n')).toEqual({
      ok: false,
      issues: [{ path: "(file)", message: expect.stringMatching(/^not valid JSON/) }],
    });
    expect(parseTrainerState('{"global_step": 3}')).toEqual({
      ok: false,
      issues: [
        {
          path: "log_history",
          message: "expected an object with a log_history list, as transformers' TrainerState.save_to_json writes",
        },
      ],
    });
    expect(parseTrainerState('{"log_history": [{"loss": 1}]}')).toEqual({
      ok: false,
      issues: [{ path: "log_history.0.step", message: "expected a non-negative integer step, got undefined" }],
    });
  });
});
