import fs from "node:fs";
import path from "node:path";
import { parseVerlConsoleLine } from "@/lib/domain/ingest/parse-verl-console-line";
import { MAX_METRIC_POINTS_PER_BATCH, MetricPointSchema, type MetricPointInput } from "@/lib/domain/ingest/schemas";
import { toWireValue } from "@/lib/domain/series/metric-value";
import type { Db } from "@/lib/server/db";
import { ingestMetrics } from "@/lib/server/metrics/ingest-metrics";
import type { FollowSource } from "./follow-source";
import type { PositionFile } from "./position-file";

type LogPosition = { offset: number; dev: number; ino: number };
type Counts = { points: number; stored: number; nonFinite: number; unreadable: number };

const MAX_READ_BYTES = 8 * 1024 * 1024;
const NEWLINE = 0x0a;

export type ConsoleLogSourceOptions = { db: Db; runId: string; file: string; position: PositionFile };

/**
 * Follows a file holding verl's console output (`python -m verl.trainer.main_ppo ... | tee train.log`)
 * and sends the metrics of every `step:<N> - key:value - ...` line (parseVerlConsoleLine) through
 * ingestMetrics, the function behind POST /api/runs/:id/metrics. Only whole lines are read (up to
 * the last "\n", 8 MiB a poll); the byte offset after them is kept in the position file under
 * `log:<file>`, so a restart goes on where it stopped. A file that shrinks or is replaced (another
 * inode) is read again from the start: the server keeps the first value of each (key, step), so
 * nothing is stored twice. NaN and ±Infinity (a diverged loss) are sent by name and kept; keys the API
 * would refuse are counted as unreadable.
 */
export function consoleLogSource({ db, runId, file, position }: ConsoleLogSourceOptions): FollowSource {
  const key = `log:${path.resolve(file)}`;
  let state = (position.get(key) as LogPosition | undefined) ?? { offset: 0, dev: 0, ino: 0 };
  const counts: Counts = { points: 0, stored: 0, nonFinite: 0, unreadable: 0 };
  let lastStep: number | undefined;
  let isWaiting = false;

  return {
    async poll() {
      isWaiting = !fs.existsSync(file);
      if (isWaiting) return;
      const stat = fs.statSync(file);
      if (stat.dev !== state.dev || stat.ino !== state.ino || stat.size < state.offset)
        state = { offset: 0, dev: stat.dev, ino: stat.ino };
      while (state.offset < stat.size) {
        const chunk = readChunk(file, state.offset, Math.min(MAX_READ_BYTES, stat.size - state.offset));
        const end = chunk.lastIndexOf(NEWLINE) + 1;
        // No line end in a full chunk: a line longer than 8 MiB is no metric line, so it is passed over.
        const used = end > 0 ? end : chunk.length === MAX_READ_BYTES ? chunk.length : 0;
        if (used === 0) return;
        await send(end > 0 ? new TextDecoder().decode(chunk.subarray(0, end)) : "");
        state = { ...state, offset: state.offset + used };
        position.set(key, state);
      }
    },
    status() {
      if (isWaiting) return `log waiting for ${file}`;
      const parts = [`log ${counts.points} points (${counts.stored} new)`];
      if (lastStep !== undefined) parts.push(`last step ${lastStep}`);
      if (counts.nonFinite > 0) parts.push(`${counts.nonFinite} nan/inf`);
      if (counts.unreadable > 0) parts.push(`${counts.unreadable} unreadable`);
      return parts.join(", ");
    },
  };

  async function send(text: string): Promise<void> {
    const points: MetricPointInput[] = [];
    for (const line of text.split(/\r\n|\r|\n/)) {
      const metrics = parseVerlConsoleLine(line);
      if (!metrics) continue;
      lastStep = Math.max(lastStep ?? metrics.step, metrics.step);
      counts.unreadable += metrics.unreadable.length;
      for (const p of metrics.points) {
        const point = { step: metrics.step, key: p.key, value: toWireValue(p.value) };
        if (!MetricPointSchema.safeParse(point).success) counts.unreadable++;
        else {
          points.push(point);
          if (!Number.isFinite(p.value)) counts.nonFinite++;
        }
      }
    }
    for (let i = 0; i < points.length; i += MAX_METRIC_POINTS_PER_BATCH) {
      counts.stored += (await ingestMetrics(db, runId, points.slice(i, i + MAX_METRIC_POINTS_PER_BATCH))).inserted;
    }
    counts.points += points.length;
  }
}

function readChunk(file: string, offset: number, length: number): Uint8Array {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(length);
    const read = fs.readSync(fd, buffer, 0, length, offset);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}
