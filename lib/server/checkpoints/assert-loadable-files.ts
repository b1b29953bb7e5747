import { checkCheckpointFiles } from "@/lib/domain/ingest/check-checkpoint-files";
import { SAFETENSORS_INDEX } from "@/lib/domain/ingest/checkpoint-files";
import { AppError } from "../errors";
import { readSmallFile, type FolderReader } from "./folder-reader";

/** transformers' index for a 405B model is about 200 KB; anything near this is not an index. */
export const MAX_INDEX_BYTES = 16 * 1024 * 1024;

/**
 * Refuses (422) a set of checkpoint files the worker could not load: no weights, safetensors without
 * config.json, or shards and `model.safetensors.index.json` that do not match (read from `reader`).
 */
export async function assertLoadableFiles(names: readonly string[], reader: FolderReader): Promise<void> {
  const indexText = names.includes(SAFETENSORS_INDEX)
    ? (await readSmallFile(reader, SAFETENSORS_INDEX, MAX_INDEX_BYTES)).toString("utf8")
    : null;
  const { issues } = checkCheckpointFiles(names, indexText);
  if (issues.length > 0) throw new AppError("UNPROCESSABLE", `${issues[0]!.path}: ${issues[0]!.message}`, issues);
}
