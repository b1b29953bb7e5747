import { describe, expect, it } from "vitest";
import { isEvaluationOnly, summarizeEvaluation } from "./evaluation-run";

describe("isEvaluationOnly", () => {
  it("is an evaluation when every stored split is eval", () => {
    expect(isEvaluationOnly(["eval"])).toBe(true);
    expect(isEvaluationOnly(["train", "eval"])).toBe(false);
    expect(isEvaluationOnly(["val"])).toBe(false);
    expect(isEvaluationOnly([])).toBe(false); // nothing stored yet: not known to be an evaluation
  });
});

describe("summarizeEvaluation", () => {
  it("counts dialogues and the state mix over all turns", () => {
    const row = {
      rollouts: 2,
      turns: 4,
      healthy_tool_call: 2,
      healthy_response: 1,
      text_pollution: 1,
      full_collapse: 0,
    };
    expect(
      summarizeEvaluation([
        row,
        {
          ...row,
          rollouts: 1,
          turns: 4,
          healthy_tool_call: 0,
          healthy_response: 0,
          text_pollution: 0,
          full_collapse: 4,
        },
      ]),
    ).toEqual({
      dialogues: 3,
      turns: 8,
      shares: { healthy_tool_call: 0.25, healthy_response: 0.125, text_pollution: 0.125, full_collapse: 0.5 },
    });
  });
});
