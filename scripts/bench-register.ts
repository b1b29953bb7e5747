// Benchmark (not a test): how fast registering a checkpoint folder by path hashes it.
//   npm run bench:register [-- --mib 2048 --shards 4]
// Writes a folder like transformers' sharded save (config, index, N shards of random bytes) and
// times the registration's file pass (choose, check, stream-hash every file) against `sha256sum`
// over the same files, printing MB/s for both, their ratio and peak RSS (streaming keeps it flat).
// The files were just written, so both read from the page cache: on a cold disk both read at disk speed.
import { spawnSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { collectCheckpointFiles } from "../lib/server/checkpoints/collect-checkpoint-files";
import { localFolderReader } from "../lib/server/checkpoints/folder-reader";
import { hashStream } from "../lib/server/checkpoints/hashing-stream";

const { values } = parseArgs({
  options: {
    mib: { type: "string", default: process.env.BENCH_QUICK === "1" ? "64" : "2048" },
    shards: { type: "string", default: "4" },
  },
});
const MIB = Number(values.mib);
const SHARDS = Number(values.shards);
const HF = path.resolve(import.meta.dirname, "..", "..", "shared", "data", "hf-checkpoints", "qwen2-bf16-sharded");

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-bench-register-")));
try {
  const shardName = (i: number) =>
    `model-${String(i + 1).padStart(5, "0")}-of-${String(SHARDS).padStart(5, "0")}.safetensors`;
  fs.copyFileSync(path.join(HF, "config.json"), path.join(dir, "config.json"));
  fs.writeFileSync(
    path.join(dir, "model.safetensors.index.json"),
    JSON.stringify({
      metadata: {},
      weight_map: Object.fromEntries(Array.from({ length: SHARDS }, (_, i) => [`t${i}`, shardName(i)])),
    }),
  );
  const chunk = Buffer.alloc(16 * 1024 * 1024);
  for (let i = 0; i < SHARDS; i++) {
    const fd = fs.openSync(path.join(dir, shardName(i)), "w");
    for (let written = 0; written < (MIB / SHARDS) * 1024 * 1024; written += chunk.length)
      fs.writeSync(fd, randomFillSync(chunk));
    fs.closeSync(fd);
  }
  const bytes = fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);

  const started = performance.now();
  const { files } = await collectCheckpointFiles(localFolderReader(dir, [dir], dir), dir, (_name, body) =>
    hashStream(body),
  );
  const registerSeconds = (performance.now() - started) / 1000;

  const reference = performance.now();
  const sums = spawnSync(
    "sha256sum",
    files.map((f) => path.join(dir, f.name)),
    { encoding: "utf8" },
  );
  const sha256sumSeconds = (performance.now() - reference) / 1000;
  const agree = files.every((f) => sums.stdout.includes(`${f.sha256}  ${path.join(dir, f.name)}`));

  const mbps = (s: number) => (bytes / 1e6 / s).toFixed(0);
  console.log(
    `folder: ${files.length} files, ${(bytes / 2 ** 20).toFixed(0)} MiB (${SHARDS} shards), in the page cache; ` +
      `machine: ${os.cpus().length} cores`,
  );
  console.log(
    `registration file pass (stream sha256 in Node): ${registerSeconds.toFixed(2)} s = ${mbps(registerSeconds)} MB/s`,
  );
  console.log(
    `sha256sum over the same files: ${sha256sumSeconds.toFixed(2)} s = ${mbps(sha256sumSeconds)} MB/s; ` +
      `hashes agree: ${agree}`,
  );
  console.log(`registration / sha256sum throughput: ${(sha256sumSeconds / registerSeconds).toFixed(2)}`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
