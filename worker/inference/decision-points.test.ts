import { describe, expect, it } from "vitest";
import { findDecisionPoints } from "./decision-points";

// Real Qwen ids: <|im_start|> 151644, assistant 77091, "\n" 198, <tool_call> 151657, {" 4913,
// <|im_end|> 151645, user 872, Hello 9707.
const TAG = [151644, 77091, 198, 151657, 198];

describe("findDecisionPoints", () => {
  it("returns the position of the tag's last token, once per assistant tool-call turn", () => {
    const tokens = [
      151644,
      872,
      198,
      9707,
      151645,
      198, // user turn
      ...TAG,
      4913,
      151645,
      198, // positions 6..10 are the tag: the probe reads position 10
      151644,
      872,
      198,
      9707,
      151645,
      198,
      ...TAG,
      151645, // positions 20..24: a collapsed turn, <|im_end|> right after the tag
    ];
    expect(findDecisionPoints(tokens, TAG)).toEqual([10, 24]);
  });

  it("finds a tag that ends the sequence and ignores partial or interrupted tags", () => {
    expect(findDecisionPoints(TAG, TAG)).toEqual([4]);
    expect(findDecisionPoints(TAG.slice(0, 4), TAG)).toEqual([]);
    expect(findDecisionPoints([151644, 77091, 198, 4913, 151657, 198], TAG)).toEqual([]);
  });

  it("matches nothing for an empty tag or empty tokens", () => {
    expect(findDecisionPoints([198, 198], [])).toEqual([]);
    expect(findDecisionPoints([], TAG)).toEqual([]);
  });
});
