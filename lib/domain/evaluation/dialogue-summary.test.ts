import { describe, expect, it } from "vitest";
import { summarizeDialogue } from "./dialogue-summary";

describe("summarizeDialogue", () => {
  it("gives the turn count, worst state, first broken position and every failure kind seen", () => {
    const summary = summarizeDialogue([
      { turn: 2, state: "full_collapse", failures: ["bare_tag"] },
      { turn: 0, state: "healthy_tool_call", failures: [] },
      { turn: 1, state: "text_pollution", failures: ["junk_tail", "bad_json"] },
      { turn: 3, state: "text_pollution", failures: ["bad_json"] },
    ]);
    expect(summary).toEqual({
      turns: 4,
      worstState: "full_collapse",
      firstFailingTurn: 2,
      failureKinds: ["bare_tag", "bad_json", "junk_tail"],
    });
  });

  it("has no failing turn when every turn is healthy, and nothing for a dialogue without assistant turns", () => {
    expect(summarizeDialogue([{ turn: 0, state: "healthy_response", failures: [] }])).toEqual({
      turns: 1,
      worstState: "healthy_response",
      firstFailingTurn: null,
      failureKinds: [],
    });
    expect(summarizeDialogue([])).toEqual({ turns: 0, worstState: null, firstFailingTurn: null, failureKinds: [] });
  });
});
