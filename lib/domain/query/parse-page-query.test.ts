import { describe, expect, it } from "vitest";
import { RolloutBrowserQuery, RunsPageQuery } from "./page-queries";
import { parsePageQuery } from "./parse-page-query";

describe("parsePageQuery", () => {
  it("coerces valid values and skips empty ones", () => {
    const query = parsePageQuery(RolloutBrowserQuery, {
      step: "12",
      split: "train",
      state: "",
      failure: undefined,
      rollout: "7",
    });
    expect(query).toEqual({ values: { step: 12, split: "train", rollout: 7 }, ignored: [] });
  });

  it("drops only the invalid fields and names them", () => {
    const query = parsePageQuery(RolloutBrowserQuery, {
      step: "-1",
      state: "melted",
      failure: "bare_tag",
      cursor: "abc",
    });
    expect(query.values).toEqual({ failure: "bare_tag" });
    expect(query.ignored).toEqual(["step", "state", "cursor"]);
  });

  it("takes the first of repeated keys and ignores unknown keys", () => {
    const query = parsePageQuery(RunsPageQuery, { status: ["finished", "running"], regime: "ops", other: "x" });
    expect(query).toEqual({ values: { status: "finished", regime: "ops" }, ignored: [] });
  });

  it("rejects a status outside the known set", () => {
    expect(parsePageQuery(RunsPageQuery, { status: "exploded" })).toEqual({ values: {}, ignored: ["status"] });
  });
});
