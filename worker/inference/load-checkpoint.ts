import fs from "node:fs/promises";
import path from "node:path";
import type { BlobStore } from "@/lib/server/blobs/blob-store";
import { materialiseBlobFolder, type LocalFolder } from "@/lib/server/blobs/materialise-blob-folder";
import { loadModelFile, type CheckpointModel, type DevicePreference } from "./session";
import { loadCheckpointTokenizer, type CheckpointTokenizer } from "./tokenizer";

export type Checkpoint = { dir: string; model: CheckpointModel; tokenizer: CheckpointTokenizer };

/**
 * Loads an exported checkpoint folder (model.onnx [+ model.onnx_data], tokenizer.json,
 * tokenizer_config.json) and checks that the model scores every id the tokenizer can produce.
 */
export async function loadCheckpoint(dir: string, options: { device: DevicePreference; threads?: number }): Promise<Checkpoint> {
  const modelPath = path.join(dir, "model.onnx");
  await fs.access(modelPath).catch(() => {
    throw new Error(`checkpoint has no model.onnx (looked in ${dir})`);
  });
  const tokenizer = await loadCheckpointTokenizer(dir);
  const model = await loadModelFile(modelPath, options);
  if (model.vocabSize <= tokenizer.maxTokenId) {
    await model.close();
    throw new Error(
      `model.onnx scores ${model.vocabSize} token ids but tokenizer.json produces ids up to ${tokenizer.maxTokenId}: the model and tokenizer do not belong together`,
    );
  }
  return { dir, model, tokenizer };
}

/**
 * Puts a stored checkpoint's files (`files`: the Checkpoint row's JSON list) in one local folder for
 * onnxruntime, which needs file paths: the data directory's own folder for the local store, a download
 * under `cacheDir` for S3. Release the folder once the model is loaded (the session holds it by then).
 */
export async function fetchCheckpointFiles(store: BlobStore, stored: { dir: string; files: string }, cacheDir: string): Promise<LocalFolder> {
  const names = (JSON.parse(stored.files) as { name: string }[]).map((file) => file.name);
  return materialiseBlobFolder(store, stored.dir, names, cacheDir);
}
