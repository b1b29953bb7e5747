// A run with probes and a series of tiny-LM checkpoints uploaded through the web app's upload function,
// each queued for replay as a real upload is, for the multi-worker and kill -9 suites.
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { z } from "zod";
import { ProbeInputSchema, type ProbeInput } from "@/lib/domain/ingest/schemas";
import { addProbes } from "@/lib/server/probes/add-probes";
import { createRun } from "@/lib/server/runs/create-run";
import { uploadCheckpoint } from "@/lib/server/checkpoints/upload-checkpoint";
import { unpackTrace } from "@/lib/domain/traces/pack-trace";
import { buildCheckpoint, DECISION_PROBE } from "../../fixtures/tiny-lm/checkpoint-series";
import type { ScratchDatabase } from "./scratch-database";
import { waitFor, type Worker } from "./worker-processes";

/** The decision-point probe and more tool-call dialogues like it: each takes a moment to score, so a replay has steps to interrupt. */
export function probesOf(count: number): ProbeInput[] {
  const more = Array.from({ length: count - 1 }, (_, i) => ({
    name: `dialogue-${i + 1}`,
    messages: [
      { role: "user", content: `Look up order ${1000 + i}, then email the customer about it.` },
      {
        role: "assistant",
        content: `<tool_call>\n{"name": "get_order", "arguments": {"id": ${1000 + i}}}\n</tool_call>`,
      },
      { role: "tool", content: `{"status": "shipped", "items": ${i + 2}}` },
      {
        role: "assistant",
        content: '<tool_call>\n{"name": "send_email", "arguments": {"subject": "Your order"}}\n</tool_call>',
      },
    ],
  }));
  return z.array(ProbeInputSchema).parse([DECISION_PROBE, ...more]);
}

export type UploadedCheckpoint = { checkpointId: string; jobId: string; step: number };

/** Uploads one checkpoint per planted `<|im_end|>` boost at steps 100, 200, ...; returns them in step order. */
export async function uploadCheckpointSeries(
  suite: ScratchDatabase,
  name: string,
  boosts: readonly number[],
  probeCount: number,
): Promise<{ runId: string; checkpoints: UploadedCheckpoint[] }> {
  const { id: runId } = await createRun(suite.db, { name });
  await addProbes(suite.db, runId, probesOf(probeCount));
  const fixtures = path.join(suite.config.dataDir, "fixtures");
  const checkpoints: UploadedCheckpoint[] = [];
  for (const [i, imEndBoost] of boosts.entries()) {
    const dir = buildCheckpoint(fixtures, `boost-${i}`, { imEndBoost });
    const form = new FormData();
    form.set("step", String((i + 1) * 100));
    for (const file of fs.readdirSync(dir)) form.set(file, new Blob([fs.readFileSync(path.join(dir, file))]), file);
    const uploaded = await uploadCheckpoint(
      suite.db,
      suite.config,
      runId,
      new Request("http://spikewatch.test/upload", { method: "POST", body: form }),
    );
    checkpoints.push({ ...uploaded, step: (i + 1) * 100 });
  }
  fs.rmSync(fixtures, { recursive: true, force: true });
  return { runId, checkpoints };
}

/**
 * What is wrong with each stored trace of these checkpoints, as readable strings (none: []). A trace
 * is whole when every packed array holds exactly `tokenCount` positions (times the tracked tokens or
 * top-5 columns), it decodes, and only its last position lacks P(next token).
 */
export async function tornTraces(suite: ScratchDatabase, checkpointIds: string[]): Promise<string[]> {
  const traces = await suite.db.trace.findMany({ where: { checkpointId: { in: checkpointIds } } });
  return traces.flatMap((t) => {
    const n = t.tokenCount;
    const tracked = (JSON.parse(t.trackedTokens) as unknown[]).length;
    const expected = {
      tokenIds: 4 * n,
      pNext: 4 * n,
      entropy: 4 * n,
      tracked: 4 * n * tracked,
      topIds: 20 * n,
      topP: 20 * n,
    };
    const wrong = Object.entries(expected)
      .filter(([column, bytes]) => t[column as keyof typeof expected].byteLength !== bytes)
      .map(([column]) => column);
    const { tokenIds, stats } = unpackTrace(t, tracked);
    const missingNext = stats.flatMap((s, i) => (s.pNext === null ? [i] : []));
    const isWhole =
      n > 0 && wrong.length === 0 && tokenIds.length === n && missingNext.length === 1 && missingNext[0] === n - 1;
    return isWhole
      ? []
      : [
          `trace ${t.id} (checkpoint ${t.checkpointId}, probe ${t.probeId}, ${n} tokens): bad ${wrong.join(", ") || "pNext"}`,
        ];
  });
}

/** Waits until every job has finished (succeeded or failed), with the workers' output on a timeout. */
export async function waitForJobs(suite: ScratchDatabase, jobIds: string[], workers: readonly Worker[]): Promise<void> {
  const finished = { id: { in: jobIds }, status: { in: ["succeeded", "failed"] } };
  await waitFor(
    "every job to finish",
    async () => ((await suite.db.job.count({ where: finished })) === jobIds.length ? true : undefined),
    240_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${workers.map((w) => `--- ${w.id}\n${w.output()}`).join("\n")}`);
  });
}

/**
 * The end state of a replayed spike series, however many workers took part or died: every checkpoint
 * scored with all its probes, exactly one whole trace per (checkpoint, probe), one spike alert at 400.
 */
export async function expectSeriesReplayedOnce(
  suite: ScratchDatabase,
  runId: string,
  checkpoints: readonly UploadedCheckpoint[],
  probes: number,
): Promise<void> {
  const stored = await suite.db.checkpoint.findMany({
    where: { runId },
    orderBy: { step: "asc" },
    select: { status: true, probesDone: true, probesTotal: true },
  });
  expect(stored).toEqual(checkpoints.map(() => ({ status: "scored", probesDone: probes, probesTotal: probes })));
  const checkpointIds = checkpoints.map((c) => c.checkpointId);
  const pairs = await suite.db.trace.groupBy({
    by: ["checkpointId", "probeId"],
    where: { checkpointId: { in: checkpointIds } },
    _count: { _all: true },
  });
  expect(pairs).toHaveLength(checkpoints.length * probes);
  expect(pairs.filter((p) => p._count._all !== 1)).toEqual([]);
  expect(await tornTraces(suite, checkpointIds)).toEqual([]);

  const alerts = await suite.db.alert.findMany({
    where: { runId, kind: "control_token_spike" },
    select: { step: true },
  });
  expect(alerts).toEqual([{ step: 400 }]);
}
