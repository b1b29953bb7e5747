import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getRunTimeline } from "@/lib/server/timeline/get-run-timeline";
import { queryMetrics } from "@/lib/server/metrics/query-metrics";
import { listRunSummaries } from "@/lib/server/runs/list-run-summaries";
import { db, uniqueName } from "../helpers";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
// Real event files from torch.utils.tensorboard.SummaryWriter and their expected scalars (../shared/data/README.md).
const TENSORBOARD = path.resolve(ROOT, "..", "shared", "data", "tensorboard");
const expected = JSON.parse(fs.readFileSync(path.join(TENSORBOARD, "expected.json"), "utf8")) as Record<
  string,
  [number, number | null][]
>;

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, [path.join(ROOT, "bin", "spikewatch.mjs"), ...args], {
    cwd: ROOT,
    env: process.env,
    encoding: "utf8",
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-import-"));
}

async function storedSeries(runName: string) {
  const run = await db().run.findUniqueOrThrow({ where: { name: runName } });
  const keys = (await db().metricPoint.groupBy({ by: ["key"], where: { runId: run.id } })).map((r) => r.key);
  return { run, series: await queryMetrics(db(), run.id, { keys, maxPoints: 10_000 }) };
}

function expectMatches(series: { key: string; points: { step: number; value: number }[] }[], tags: [string, string][]) {
  expect(series.map((s) => s.key).sort()).toEqual(tags.map(([key]) => key).sort());
  for (const [key, tag] of tags) {
    const points = series.find((s) => s.key === key)!.points;
    expect(
      points.map((p) => p.step),
      key,
    ).toEqual(expected[tag]!.map(([step]) => step));
    points.forEach((p, i) => {
      const want = expected[tag]![i]![1];
      if (want === null) expect(p.value, `${key}@${p.step}`).toBeNaN();
      else expect(Math.abs(p.value - want), `${key}@${p.step}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
    });
  }
}

describe("spikewatch import tensorboard", () => {
  it("imports every scalar of a verl log directory, the NaN grad norm included", async () => {
    const name = uniqueName("tb-verl");
    const res = cli(
      "import",
      "tensorboard",
      path.join(TENSORBOARD, "tensorboard_log"),
      "--run",
      name,
      "--regime",
      "vanilla_rl",
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain("skipped 4 non-scalar summaries");
    const { series } = await storedSeries(name);
    expectMatches(
      series,
      Object.keys(expected)
        .filter((t) => !t.startsWith("trl:"))
        .map((t) => [t, t]),
    );
    expect(cli("import", "tensorboard", path.join(TENSORBOARD, "tensorboard_log"), "--run", name).code).toBe(0); // re-import: no-op
    expect((await storedSeries(name)).series.find((s) => s.key === "actor/grad_norm")!.totalPoints).toBe(
      expected["actor/grad_norm"]!.length,
    );
  });

  it("imports a TRL run, whose train/reward becomes the run's task score", async () => {
    const name = uniqueName("tb-trl");
    expect(cli("import", "tensorboard", path.join(TENSORBOARD, "trl-run"), "--run", name).code).toBe(0);
    const { run, series } = await storedSeries(name);
    expectMatches(
      series,
      Object.keys(expected)
        .filter((t) => t.startsWith("trl:"))
        .map((t) => [t.slice(4), t]),
    );
    const timeline = await getRunTimeline(db(), run.id);
    expect(timeline?.score?.key).toBe("train/reward");
    const summary = (await listRunSummaries(db())).runs.find((r) => r.run.id === run.id)!;
    const last = expected["trl:train/reward"]!.at(-1)!;
    expect(summary.latestScore).toMatchObject({ source: "metric", label: "train/reward", step: last[0] });
  });

  it("fails on a corrupted record, naming the file and the byte offset, and stores nothing", async () => {
    const dir = tempDir();
    const source = path.join(TENSORBOARD, "tensorboard_log", "proj", "exp");
    const file = path.join(dir, fs.readdirSync(source)[0]!);
    const bytes = fs.readFileSync(path.join(source, fs.readdirSync(source)[0]!));
    bytes[5_000] = bytes[5_000]! ^ 0x01;
    fs.writeFileSync(file, bytes);
    const name = uniqueName("tb-corrupt");
    const res = cli("import", "tensorboard", dir, "--run", name);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: offset \\d+: (data|length) checksum mismatch`),
    );
    expect(await db().run.findUnique({ where: { name } })).toBeNull();
  });

  it("refuses a directory without event files and a file that is not one", () => {
    expect(cli("import", "tensorboard", tempDir(), "--run", uniqueName("tb-empty")).stderr).toContain(
      "no events.out.tfevents.* files",
    );
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "events.out.tfevents.1.host"),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3, 4]),
    );
    const res = cli("import", "tensorboard", dir, "--run", uniqueName("tb-png"));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("offset 0: length checksum mismatch");
  });
});

describe("spikewatch import trl-state", () => {
  const STATE = path.join(ROOT, "test", "fixtures", "trl", "trainer_state.json");

  it("imports log_history from a checkpoint folder, the NaN grad norm included, reward as the score", async () => {
    const checkpoint = path.join(tempDir(), "checkpoint-30");
    fs.mkdirSync(checkpoint);
    fs.copyFileSync(STATE, path.join(checkpoint, "trainer_state.json"));
    const name = uniqueName("trl-state");
    const res = cli("import", "trl-state", path.dirname(checkpoint), "--run", name, "--regime", "vanilla_rl");
    expect(res.code, res.stderr).toBe(0);
    const { run, series } = await storedSeries(name);
    expect(series.find((s) => s.key === "reward")!.points).toEqual([
      { step: 10, value: 0.3125 },
      { step: 20, value: 0.4375 },
    ]);
    expect(series.find((s) => s.key === "grad_norm")!.points[1]!.value).toBeNaN();
    expect((await getRunTimeline(db(), run.id))?.score?.key).toBe("reward");
  });

  it("fails once, clearly, on a file that is not a trainer state; import metrics points to trl-state", () => {
    const dir = tempDir();
    const notState = path.join(dir, "trainer_state.json");
    fs.writeFileSync(notState, "step,loss\n1,2\n");
    const res = cli("import", "trl-state", notState, "--run", uniqueName("trl-bad"));
    expect(res.code).toBe(1);
    expect(
      res.stderr
        .trim()
        .split("\n")
        .filter((l) => l.includes("not valid JSON")),
    ).toHaveLength(1);
    const asMetrics = cli("import", "metrics", STATE, "--run", uniqueName("trl-as-metrics"));
    expect(asMetrics.code).toBe(1);
    expect(asMetrics.stderr).toContain("import trl-state");
  });
});

describe("spikewatch import metrics", () => {
  it("reads a quoted CSV with --step-column and refuses binary input", async () => {
    const dir = tempDir();
    const csv = path.join(dir, "history.csv");
    fs.writeFileSync(csv, '_step,train/global_step,train/reward,note\n0,10,0.25,"ok, fine"\n1,20,NaN,"two\nlines"\n');
    const name = uniqueName("metrics-step");
    expect(cli("import", "metrics", csv, "--run", name, "--step-column", "train/global_step").code).toBe(0);
    const { series } = await storedSeries(name);
    expect(series.map((s) => s.key)).toEqual(["train/reward"]);
    expect(series[0]!.points.map((p) => p.step)).toEqual([10, 20]);
    expect(series[0]!.points[1]!.value).toBeNaN();

    const binary = path.join(dir, "blob.csv");
    fs.writeFileSync(binary, Buffer.from([0, 1, 2, 255, 254, 10, 0, 7, 8]));
    expect(cli("import", "metrics", binary, "--run", uniqueName("metrics-binary")).code).toBe(1);
  });
});
