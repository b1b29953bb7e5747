import { describe, expect, it } from "vitest";
import { findStructureBreak } from "./structure-break";
import { emptyStateCounts, type TurnPositionCounts } from "./turn-positions";

/** A position where `broken` of `turns` turns are text pollution and the rest healthy tool calls. */
function at(position: number, turns: number, broken: number): TurnPositionCounts {
  return {
    position,
    turns,
    counts: { ...emptyStateCounts(), healthy_tool_call: turns - broken, text_pollution: broken },
  };
}

describe("findStructureBreak", () => {
  it("breaks at the first position with half or more of its turns broken", () => {
    const series = [at(1, 30, 3), at(2, 30, 10), at(3, 28, 14), at(4, 20, 19)];
    expect(findStructureBreak(series)).toEqual({ position: 3, dialogues: 28, brokenShare: 0.5 });
  });

  it("counts full collapse as broken too", () => {
    const row: TurnPositionCounts = {
      position: 1,
      turns: 10,
      counts: { ...emptyStateCounts(), full_collapse: 4, text_pollution: 1, healthy_response: 5 },
    };
    expect(findStructureBreak([row])).toEqual({ position: 1, dialogues: 10, brokenShare: 0.5 });
  });

  it("ignores positions reached by fewer than five dialogues", () => {
    // Four long dialogues all broken at turn 6: too few to say the structure broke there.
    expect(findStructureBreak([at(1, 30, 0), at(5, 12, 5), at(6, 4, 4)])).toBeNull();
    expect(findStructureBreak([at(1, 30, 0), at(6, 5, 3)])).toEqual({ position: 6, dialogues: 5, brokenShare: 0.6 });
  });

  it("returns null when the structure holds, and for no data", () => {
    expect(findStructureBreak([at(1, 30, 14), at(2, 30, 1)])).toBeNull();
    expect(findStructureBreak([])).toBeNull();
  });

  it("reads positions in order whatever order they come in, and takes other thresholds", () => {
    expect(findStructureBreak([at(4, 20, 20), at(2, 30, 16)])?.position).toBe(2);
    expect(findStructureBreak([at(1, 3, 3), at(2, 30, 8)], { minDialogues: 3, minBrokenShare: 0.25 })?.position).toBe(
      1,
    );
    expect(findStructureBreak([at(1, 30, 7), at(2, 30, 8)], { minDialogues: 5, minBrokenShare: 0.25 })?.position).toBe(
      2,
    );
  });
});
