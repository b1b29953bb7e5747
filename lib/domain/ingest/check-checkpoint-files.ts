import { isSafetensorsWeightFile, SAFETENSORS_INDEX, SHARD_FILE } from "./checkpoint-files";

export type CheckpointFormat = "onnx" | "safetensors";
/** `path`: the file at fault (or `model.safetensors.index.json.weight_map`). */
export type FileIssue = { path: string; message: string };
export type FileCheck = { format: CheckpointFormat | null; issues: FileIssue[] };

export const NO_WEIGHTS_MESSAGE =
  "no model weights: expected model.onnx (an ONNX export), model.safetensors, or shards " +
  "model-0000K-of-0000N.safetensors with model.safetensors.index.json";

/**
 * Whether a set of checkpoint files (by name) makes a checkpoint the worker can load, and in which
 * format. An ONNX export wins when present: its other files are not read. Safetensors weights need
 * `config.json`; shards need the index, and the index and the shards must match exactly (a shard the
 * index names but that is missing, or one it does not name). `indexText` is the index's content, when
 * the set has one. `format` is null when there are no weights at all.
 */
export function checkCheckpointFiles(names: readonly string[], indexText: string | null): FileCheck {
  const has = new Set(names);
  if (has.has("model.onnx")) return { format: "onnx", issues: [] };
  const shards = names.filter((name) => SHARD_FILE.test(name));
  if (!has.has("model.safetensors") && shards.length === 0 && !has.has(SAFETENSORS_INDEX)) {
    return { format: null, issues: [{ path: "model.safetensors", message: NO_WEIGHTS_MESSAGE }] };
  }
  const issues: FileIssue[] = [];
  if (!has.has("config.json")) {
    issues.push({ path: "config.json", message: "required with safetensors weights: it describes the model to build" });
  }
  if (has.has("model.safetensors") && shards.length > 0) {
    issues.push({
      path: "model.safetensors",
      message: `both model.safetensors and shards (${shards[0]}, ...): keep one save`,
    });
  }
  if (shards.length > 0 || has.has(SAFETENSORS_INDEX)) issues.push(...checkShardIndex(has, shards, indexText));
  return { format: "safetensors", issues };
}

function checkShardIndex(has: ReadonlySet<string>, shards: readonly string[], indexText: string | null): FileIssue[] {
  if (!has.has(SAFETENSORS_INDEX) || indexText === null) {
    return [{ path: SAFETENSORS_INDEX, message: "required with shard files: it names the shard holding each tensor" }];
  }
  const named = indexedFiles(indexText);
  if (typeof named === "string") return [{ path: SAFETENSORS_INDEX, message: named }];
  const issues: FileIssue[] = [];
  for (const file of named) {
    if (!isSafetensorsWeightFile(file)) {
      issues.push({
        path: `${SAFETENSORS_INDEX}.weight_map`,
        message: `names ${JSON.stringify(file)}, not a file name like model-00001-of-00002.safetensors`,
      });
    } else if (!has.has(file)) {
      issues.push({ path: file, message: `named by ${SAFETENSORS_INDEX} but missing from the checkpoint` });
    }
  }
  for (const shard of shards) {
    if (!named.includes(shard))
      issues.push({ path: shard, message: `not named by ${SAFETENSORS_INDEX}: is it left over from another save?` });
  }
  return issues;
}

/** The distinct files an index's `weight_map` names, or what is wrong with the index. */
function indexedFiles(indexText: string): string[] | string {
  let index: unknown;
  try {
    index = JSON.parse(indexText);
  } catch {
    return "is not valid JSON";
  }
  const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== "object" || weightMap === null || Array.isArray(weightMap)) {
    return "has no weight_map object (tensor name -> shard file)";
  }
  const files = Object.values(weightMap);
  if (files.length === 0) return "has an empty weight_map";
  if (!files.every((file): file is string => typeof file === "string")) return "weight_map values must be file names";
  return [...new Set(files)].sort();
}
