import { describe, expect, it } from "vitest";
import { hrefWithQuery } from "./href-with-query";

describe("hrefWithQuery", () => {
  it("keeps set values in order and drops empty ones", () => {
    expect(
      hrefWithQuery("/runs/a/rollouts", { step: 0, split: undefined, state: "", failure: null, rollout: 12 }),
    ).toBe("/runs/a/rollouts?step=0&rollout=12");
  });

  it("returns the bare path without values and encodes the rest", () => {
    expect(hrefWithQuery("/", {})).toBe("/");
    expect(hrefWithQuery("/", { model: "Qwen 2.5+x&y" })).toBe("/?model=Qwen+2.5%2Bx%26y");
  });
});
