import { describe, expect, it } from "vitest";
import { classifyTurn } from "../classifier/classify-turn";
import { createRng } from "./prng";
import { EXPECTED_CLASSIFICATION, FAILURE_MODES, renderTurn, type TurnTarget } from "./render-turn";
import { TASK_TEMPLATES } from "./tasks";
import { TOOLS } from "./tool-catalog";

const knownTools = TOOLS.map((t) => t.name);

function targets(): { target: TurnTarget; request: string }[] {
  const rng = createRng(1);
  return TASK_TEMPLATES.flatMap((template) => {
    const task = template.make(rng);
    const last = task.calls[task.calls.length - 1]!;
    return [
      ...task.calls.map((call) => ({ target: { kind: "call", call } as const, request: task.request })),
      { target: { kind: "answer", answer: task.answer, lastCall: last } as const, request: task.request },
    ];
  });
}

describe("renderTurn", () => {
  it("renders healthy calls and answers that the classifier calls healthy", () => {
    const rng = createRng(2);
    for (const { target, request } of targets()) {
      const text = renderTurn("healthy", target, rng);
      const result = classifyTurn(text, { knownTools, previousUserMessage: request });
      expect({ text, state: result.state }).toEqual({
        text,
        state: target.kind === "call" ? "healthy_tool_call" : "healthy_response",
      });
    }
  });

  it("renders each failure mode, in all its variants, as the state and failure kind it stands for", () => {
    const rng = createRng(3);
    for (const mode of FAILURE_MODES) {
      for (let i = 0; i < 10; i++) {
        for (const { target, request } of targets()) {
          const text = renderTurn(mode, target, rng);
          const result = classifyTurn(text, { knownTools, previousUserMessage: request });
          const expected = EXPECTED_CLASSIFICATION[mode];
          expect({ mode, text, state: result.state }).toEqual({ mode, text, state: expected.state });
          expect(result.failures).toContain(expected.failure);
        }
      }
    }
  });
});
