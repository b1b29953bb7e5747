import { describe, expect, it } from "vitest";
import { parseRunPageParams, timelineSearchParams, TimelineQuerySchema } from "./timeline-query";

describe("TimelineQuerySchema", () => {
  it("parses a full query and defaults the point budget", () => {
    const q = TimelineQuerySchema.parse({ split: "val", fromStep: "10", toStep: "20", keys: "a, b,a,," });
    expect(q).toEqual({ split: "val", fromStep: 10, toStep: 20, keys: ["a", "b"], maxPoints: 1_000 });
  });

  it("tells an absent keys parameter from an empty one", () => {
    expect(TimelineQuerySchema.parse({}).keys).toBeUndefined();
    expect(TimelineQuerySchema.parse({ keys: "" }).keys).toEqual([]);
  });

  it("names the field of a bad range or split", () => {
    const range = TimelineQuerySchema.safeParse({ fromStep: "5", toStep: "4" });
    expect(range.success ? [] : range.error.issues.map((i) => i.path.join("."))).toEqual(["toStep"]);
    const split = TimelineQuerySchema.safeParse({ split: "test" });
    expect(split.success ? [] : split.error.issues.map((i) => i.path.join("."))).toEqual(["split"]);
  });
});

describe("timelineSearchParams", () => {
  it("writes only what is set, under the API or the page names", () => {
    expect(timelineSearchParams({ split: "train", fromStep: 3, toStep: null, keys: ["a/b", "c"] }).toString()).toBe(
      "split=train&fromStep=3&keys=a%2Fb%2Cc",
    );
    expect(timelineSearchParams({ split: "eval", fromStep: 1, toStep: 2 }, { from: "from", to: "to" }).toString()).toBe(
      "split=eval&from=1&to=2",
    );
  });
});

describe("parseRunPageParams", () => {
  it("ignores invalid fields and orders a reversed range", () => {
    expect(parseRunPageParams({ split: "bogus", from: "90", to: "30", keys: "x,,y" })).toEqual({
      split: undefined,
      fromStep: 30,
      toStep: 90,
      keys: ["x", "y"],
    });
    expect(parseRunPageParams({ from: "-1", to: ["7", "8"] })).toEqual({
      split: undefined,
      fromStep: undefined,
      toStep: 7,
      keys: undefined,
    });
  });
});
