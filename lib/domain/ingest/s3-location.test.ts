import { describe, expect, it } from "vitest";
import { isWithinS3Location, parseS3Location } from "./s3-location";

describe("parseS3Location", () => {
  it("reads a bucket and a prefix ending in /", () => {
    expect(parseS3Location("s3://ml-ckpts/verl/run7/global_step_40/actor/huggingface/")).toEqual({
      bucket: "ml-ckpts",
      prefix: "verl/run7/global_step_40/actor/huggingface/",
    });
    expect(parseS3Location("s3://ml-ckpts/")).toEqual({ bucket: "ml-ckpts", prefix: "" });
  });

  it("refuses dot segments, missing slashes, odd characters and other schemes", () => {
    for (const text of [
      "s3://bkt/../other/",
      "s3://bkt/a/./b/",
      "s3://bkt/a",
      "s3://bkt",
      "s3://bkt//a/",
      "s3://bkt/a b/",
      "s3://BKT/a/",
      "http://bkt/a/",
      "s3://bkt/a/.hidden/",
      "s3://bk/a/",
    ]) {
      expect(parseS3Location(text), text).toBeNull();
    }
  });

  it("tells a prefix inside a root from one beside it", () => {
    const root = { bucket: "bk", prefix: "runs/" };
    expect(isWithinS3Location({ bucket: "bk", prefix: "runs/a/" }, root)).toBe(true);
    expect(isWithinS3Location({ bucket: "bk", prefix: "runsX/a/" }, root)).toBe(false);
    expect(isWithinS3Location({ bucket: "other", prefix: "runs/a/" }, root)).toBe(false);
  });
});
