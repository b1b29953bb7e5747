import { Readable } from "node:stream";
import { NO_WEIGHTS_MESSAGE } from "@/lib/domain/ingest/check-checkpoint-files";
import { verlMergeMessage } from "@/lib/domain/ingest/checkpoint-folders";
import { SAFETENSORS_INDEX, type StoredFile } from "@/lib/domain/ingest/checkpoint-files";
import { indexFileOf, planCheckpointFolder, type SkippedFile } from "@/lib/domain/ingest/plan-checkpoint-folder";
import { AppError } from "../errors";
import { MAX_INDEX_BYTES } from "./assert-loadable-files";
import { readSmallFile, type FolderReader } from "./folder-reader";
import type { FileDigest } from "./hashing-stream";

export type CollectedFiles = { files: StoredFile[]; skipped: SkippedFile[] };

/**
 * Picks a checkpoint folder's files as a browser upload picks them (`planCheckpointFolder`: training
 * state, pickles and unread files skipped; an ONNX export preferred), refuses (422) a folder the worker
 * could not load, and hands each chosen file to `take` (hash it, or copy it while hashing) in the API's
 * order. `label` names the folder in messages and skipped paths: what the caller gave.
 */
export async function collectCheckpointFiles(
  reader: FolderReader,
  label: string,
  take: (name: string, body: Readable) => Promise<FileDigest>,
): Promise<CollectedFiles> {
  const listed = (await reader.list()).map((name) => ({ name, size: 0, webkitRelativePath: `${label}/${name}` }));
  const index = indexFileOf(listed) ? await readSmallFile(reader, SAFETENSORS_INDEX, MAX_INDEX_BYTES) : null;
  const plan = planCheckpointFolder(listed, index?.toString("utf8") ?? null);
  if (!plan.canUpload) {
    // verl writes config and tokenizer to actor/huggingface/ at every save, the weights only with hf_model.
    const isUnmergedVerl = plan.problems[0]?.message === NO_WEIGHTS_MESSAGE && /(^|\/)actor\/huggingface$/.test(label);
    const problems = isUnmergedVerl
      ? [{ path: "path", message: verlMergeMessage(label.replace(/\/huggingface$/, "")) }]
      : plan.problems;
    throw new AppError("UNPROCESSABLE", `${label}: ${problems[0]!.message}`, problems);
  }
  const files: StoredFile[] = [];
  for (const { part } of plan.parts) {
    // The index is taken from the bytes just checked, not read again: what is recorded is what was checked.
    const body = part === SAFETENSORS_INDEX && index ? Readable.from([index]) : await reader.open(part);
    files.push({ name: part, ...(await take(part, body)) });
  }
  return { files, skipped: plan.skipped };
}
