import { describe, expect, it } from "vitest";
import { evaluationProfile } from "./evaluation-profile";

describe("evaluationProfile", () => {
  it("splits the state mix by eval kind in the paper's order and finds the break over all dialogues", () => {
    const profile = evaluationProfile([
      { evalKind: "content_ood", turn: 0, state: "healthy_tool_call", count: 4 },
      { evalKind: "content_ood", turn: 1, state: "full_collapse", count: 4 },
      { evalKind: "in_distribution", turn: 0, state: "healthy_tool_call", count: 6 },
      { evalKind: "in_distribution", turn: 1, state: "healthy_tool_call", count: 2 },
      { evalKind: "in_distribution", turn: 1, state: "text_pollution", count: 4 },
    ]);
    expect(profile.byKind.map((k) => [k.evalKind, k.turns])).toEqual([
      ["in_distribution", 12],
      ["content_ood", 8],
    ]);
    expect(profile.byKind[1]!.shares).toEqual({
      healthy_tool_call: 0.5,
      healthy_response: 0,
      text_pollution: 0,
      full_collapse: 0.5,
    });
    expect(profile.turns).toBe(20);
    expect(profile.positions.map((p) => p.turns)).toEqual([10, 10]);
    // Position 2: 8 of 10 turns broken (4 collapsed, 4 polluted).
    expect(profile.structureBreak).toEqual({ position: 2, dialogues: 10, brokenShare: 0.8 });
  });

  it("keeps unlabelled dialogues as their own group, and is empty for no turns", () => {
    expect(evaluationProfile([{ evalKind: null, turn: 0, state: "healthy_response", count: 1 }]).byKind).toEqual([
      {
        evalKind: null,
        turns: 1,
        shares: { healthy_tool_call: 0, healthy_response: 1, text_pollution: 0, full_collapse: 0 },
      },
    ]);
    expect(evaluationProfile([])).toEqual({ turns: 0, byKind: [], positions: [], structureBreak: null });
  });
});
