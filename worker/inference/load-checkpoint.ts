import fs from "node:fs/promises";
import path from "node:path";
import { parseDecoderConfig } from "@/lib/domain/checkpoints/decoder-config";
import { buildDecoderGraph } from "./build-decoder-graph";
import { hasSafetensors, readSafetensors } from "./read-safetensors";
import {
  loadCheckpointModel,
  readModelFile,
  type CheckpointModel,
  type LoadOptions,
  type ModelSource,
} from "./session";
import { loadCheckpointTokenizer, type CheckpointTokenizer } from "./tokenizer";

/** Which files the model came from: an ONNX export, or the graph built from config.json + safetensors. */
export type ModelFormat = "onnx" | "safetensors";
export type Checkpoint = { dir: string; format: ModelFormat; model: CheckpointModel; tokenizer: CheckpointTokenizer };

const SAFETENSORS_MODEL = "the model built from config.json and safetensors";

async function readConfig(dir: string): Promise<unknown> {
  const text = await fs.readFile(path.join(dir, "config.json"), "utf8").catch(() => {
    throw new Error(`checkpoint has safetensors but no config.json (looked in ${dir})`);
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`config.json is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The model to load: model.onnx when the folder has one (an export is what its owner chose to
 * run), else a graph built from config.json and the safetensors, which reference the weights in place.
 */
async function modelSource(dir: string): Promise<{ format: ModelFormat; source: ModelSource }> {
  const onnxPath = path.join(dir, "model.onnx");
  if (
    await fs.access(onnxPath).then(
      () => true,
      () => false,
    )
  )
    return { format: "onnx", source: await readModelFile(onnxPath) };
  if (!(await hasSafetensors(dir))) {
    throw new Error(
      `checkpoint has no model.onnx and no model.safetensors or model.safetensors.index.json (looked in ${dir})`,
    );
  }
  const config = parseDecoderConfig(await readConfig(dir));
  const bytes = buildDecoderGraph(config, await readSafetensors(dir));
  return { format: "safetensors", source: { bytes, fileName: SAFETENSORS_MODEL, externalDataDir: dir } };
}

/**
 * Loads a checkpoint folder, an ONNX export (model.onnx [+ model.onnx_data]) or a Hugging Face
 * folder (config.json + model.safetensors or shards with their index), with tokenizer.json and
 * tokenizer_config.json, and checks that the model scores every id the tokenizer can produce.
 */
export async function loadCheckpoint(dir: string, options: LoadOptions): Promise<Checkpoint> {
  const { format, source } = await modelSource(dir);
  const tokenizer = await loadCheckpointTokenizer(dir);
  const model = await loadCheckpointModel(source, options);
  if (model.vocabSize <= tokenizer.maxTokenId) {
    await model.close();
    throw new Error(
      `${format === "onnx" ? "model.onnx" : SAFETENSORS_MODEL} scores ${model.vocabSize} token ids but tokenizer.json ` +
        `produces ids up to ${tokenizer.maxTokenId}: the model and tokenizer do not belong together`,
    );
  }
  return { dir, format, model, tokenizer };
}
