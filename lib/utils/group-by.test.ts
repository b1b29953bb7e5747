import { describe, expect, it } from "vitest";
import { groupBy } from "./group-by";

describe("groupBy", () => {
  it("groups by key in first-seen order and keeps item order inside a group", () => {
    const groups = groupBy(
      [
        { k: "b", v: 1 },
        { k: "a", v: 2 },
        { k: "b", v: 3 },
      ],
      (x) => x.k,
    );
    expect([...groups.keys()]).toEqual(["b", "a"]);
    expect(groups.get("b")!.map((x) => x.v)).toEqual([1, 3]);
  });
});
