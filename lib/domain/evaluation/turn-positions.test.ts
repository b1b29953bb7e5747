import { describe, expect, it } from "vitest";
import { brokenShare, turnPositionShares } from "./turn-positions";

describe("turnPositionShares", () => {
  it("turns 0-based turn indexes into 1-based positions with each state's share", () => {
    const rows = turnPositionShares([
      { turn: 1, state: "healthy_tool_call", count: 1 },
      { turn: 0, state: "healthy_tool_call", count: 3 },
      { turn: 0, state: "full_collapse", count: 1 },
      { turn: 1, state: "text_pollution", count: 3 },
    ]);
    expect(rows.map((r) => [r.position, r.turns])).toEqual([
      [1, 4],
      [2, 4],
    ]);
    expect(rows[0]!.shares).toEqual({
      healthy_tool_call: 0.75,
      healthy_response: 0,
      text_pollution: 0,
      full_collapse: 0.25,
    });
    expect(rows[1]!.counts.text_pollution).toBe(3);
    expect(brokenShare(rows[0]!)).toBe(0.25);
    expect(brokenShare(rows[1]!)).toBe(0.75);
  });

  it("adds up repeated rows (several groups of one position) and skips unknown states and empty counts", () => {
    const rows = turnPositionShares([
      { turn: 2, state: "healthy_response", count: 2 },
      { turn: 2, state: "healthy_response", count: 2 },
      { turn: 2, state: "mystery", count: 9 },
      { turn: 5, state: "full_collapse", count: 0 },
    ]);
    expect(rows).toEqual([
      {
        position: 3,
        turns: 4,
        counts: { healthy_tool_call: 0, healthy_response: 4, text_pollution: 0, full_collapse: 0 },
        shares: { healthy_tool_call: 0, healthy_response: 1, text_pollution: 0, full_collapse: 0 },
      },
    ]);
  });

  it("gives no positions for no turns", () => {
    expect(turnPositionShares([])).toEqual([]);
  });
});
