import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTensorboardEvents } from "./parse-tensorboard-events";
import { crc32c } from "./tensorboard/crc32c";

// Real event files written by torch.utils.tensorboard.SummaryWriter (see ../shared/data/README.md):
// a verl run (tensorboard_log/<project>/<experiment>/) and a TRL run (<output_dir>/runs/<date>_<host>/).
const DATA = path.resolve(process.cwd(), "../shared/data/tensorboard");
const expected = JSON.parse(fs.readFileSync(path.join(DATA, "expected.json"), "utf8")) as Record<
  string,
  [number, number | null][]
>;

function eventFile(dir: string): Uint8Array {
  const folder = path.join(DATA, dir);
  const name = fs.readdirSync(folder).find((f) => f.startsWith("events.out.tfevents."))!;
  return fs.readFileSync(path.join(folder, name));
}

function scalarsOf(bytes: Uint8Array) {
  const result = parseTensorboardEvents(bytes);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** Each tag's [step, value] pairs equal expected.json's (float32 values: 1e-6 relative; null = NaN). */
function expectTags(points: { step: number; key: string; value: number }[], tags: [string, string][]) {
  for (const [key, expectedTag] of tags) {
    const got = points.filter((p) => p.key === key);
    const want = expected[expectedTag]!;
    expect(
      got.map((p) => p.step),
      key,
    ).toEqual(want.map(([step]) => step));
    got.forEach((p, i) => {
      const value = want[i]![1];
      if (value === null) expect(p.value, `${key} at ${p.step}`).toBeNaN();
      else
        expect(Math.abs(p.value - value), `${key} at ${p.step}`).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(value)),
        );
    });
  }
}

describe("parseTensorboardEvents", () => {
  it("checks CRC-32C against the standard check value", () => {
    expect(crc32c(new TextEncoder().encode("123456789"))).toBe(0xe3069283);
  });

  it("reads every scalar of a verl run, keeps the NaN grad norm at step 33 and skips the text summaries", () => {
    const { points, skipped } = scalarsOf(eventFile("tensorboard_log/proj/exp"));
    const tags = Object.keys(expected).filter((t) => !t.startsWith("trl:"));
    expectTags(
      points,
      tags.map((t) => [t, t]),
    );
    expect(new Set(points.map((p) => p.key))).toEqual(new Set(tags));
    expect(points.find((p) => p.key === "actor/grad_norm" && p.step === 33)?.value).toBeNaN();
    expect(skipped).toBe(4); // val/generations text at steps 10, 20, 30, 40
  });

  it("reads a TRL run's train/ tags", () => {
    const { points } = scalarsOf(eventFile("trl-run/runs/Dec04_10-00-00_node"));
    const tags = Object.keys(expected)
      .filter((t) => t.startsWith("trl:"))
      .map((t) => [t.slice(4), t] as [string, string]);
    expectTags(points, tags);
    expect(new Set(points.map((p) => p.key))).toEqual(new Set(tags.map(([key]) => key)));
  });

  it("names the offset of a record whose checksum does not match", () => {
    const bytes = Uint8Array.from(eventFile("tensorboard_log/proj/exp"));
    bytes[200] = bytes[200]! ^ 0xff; // inside the third record's data (records at 0, 88, 131, 188, ...)
    const result = parseTensorboardEvents(bytes);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]!.message).toMatch(/checksum mismatch/);
    expect(!result.ok && result.issues[0]!.path).toMatch(/^offset \d+$/);
  });

  it("refuses a file that is not TFRecord framed, and a truncated one", () => {
    const text = new TextEncoder().encode("step,key,value\n1,loss,0.5\n");
    expect(parseTensorboardEvents(text)).toEqual({
      ok: false,
      issues: [{ path: "offset 0", message: "length checksum mismatch (not a TFRecord file, or corrupted)" }],
    });
    const whole = eventFile("trl-run/runs/Dec04_10-00-00_node");
    const cut = parseTensorboardEvents(whole.subarray(0, whole.length - 3));
    expect(!cut.ok && cut.issues[0]!.message).toMatch(/truncated record/);
  });
});
