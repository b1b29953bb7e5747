import { describe, expect, it } from "vitest";
import { prepareFailureKindBars, prepareTurnPositionChart } from "./prepare-evaluation-charts";

describe("prepareTurnPositionChart", () => {
  it("gives one row per position with its shares, marks positions too few dialogues reach, and labels the break", () => {
    const shares = { healthy_tool_call: 0.5, healthy_response: 0, text_pollution: 0.5, full_collapse: 0 };
    const counts = { healthy_tool_call: 1, healthy_response: 0, text_pollution: 1, full_collapse: 0 };
    const model = prepareTurnPositionChart(
      [
        { position: 1, turns: 30, counts, shares },
        { position: 2, turns: 4, counts, shares },
      ],
      { position: 1, dialogues: 30, brokenShare: 0.5 },
    );
    expect(model.rows.map((r) => [r.label, r.dialogues, r.isSparse, r.text_pollution])).toEqual([
      ["1", 30, false, 0.5],
      ["2", 4, true, 0.5],
    ]);
    expect(model.breakLabel).toBe("1");
    expect(prepareTurnPositionChart([], null)).toEqual({ rows: [], breakLabel: null });
  });
});

describe("prepareFailureKindBars", () => {
  it("orders kinds by frequency with readable labels and their share of all turns", () => {
    expect(
      prepareFailureKindBars(
        [
          { kind: "bad_json", turns: 2 },
          { kind: "bare_tag", turns: 5 },
          { kind: "junk_tail", turns: 0 },
        ],
        10,
      ),
    ).toEqual([
      { kind: "bare_tag", label: "bare tag", turns: 5, share: 0.5 },
      { kind: "bad_json", label: "bad json", turns: 2, share: 0.2 },
    ]);
  });
});
