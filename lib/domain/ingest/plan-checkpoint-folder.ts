import { checkCheckpointFiles, type CheckpointFormat, type FileIssue } from "./check-checkpoint-files";
import { verlMergeMessage } from "./checkpoint-folders";
import {
  compareCheckpointFiles,
  folderFileKind,
  PICKLE_REFUSAL,
  SAFETENSORS_INDEX,
  SAFETENSORS_WEIGHT_FILES,
  SHARD_FILE,
} from "./checkpoint-files";

/**
 * A file of a picked or listed folder. `webkitRelativePath`: the path shown in messages; a browser's
 * folder pick gives the path inside the picked folder, the server passes the folder path it was given.
 */
export type PickedFile = { name: string; size: number; webkitRelativePath?: string };

/** Why a file of the folder is not sent, in words for the browser and the CLI. */
export const SKIP_REASONS = {
  training_state: "optimizer, scheduler, RNG and trainer state: replay does not need it",
  onnx_export_used: "the folder has an ONNX export, which is what gets replayed",
  pickled_weights: "pickled weights: only safetensors are loaded (pickles can run code)",
  fsdp_shard: "verl FSDP shards: merge them with verl's model merger to get safetensors",
  not_read: "files Spikewatch does not read",
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;
export type SkippedFile = { path: string; reason: SkipReason };

/** One line per reason: "skipping 3 files (optimizer, ...): a, b, c". */
export function describeSkipped(skipped: readonly SkippedFile[], shown = 6): string[] {
  return (Object.keys(SKIP_REASONS) as SkipReason[]).flatMap((reason) => {
    const paths = skipped.filter((s) => s.reason === reason).map((s) => s.path);
    if (paths.length === 0) return [];
    const count = paths.length === 1 ? "1 file" : `${paths.length} files`;
    const more = paths.length > shown ? ` and ${paths.length - shown} more` : "";
    return [`skipping ${count} (${SKIP_REASONS[reason]}): ${paths.slice(0, shown).join(", ")}${more}`];
  });
}

export type FolderPlan<F extends PickedFile> = {
  format: CheckpointFormat | null;
  /** one part per checkpoint file, in the API's order */
  parts: { part: string; file: F }[];
  skipped: SkippedFile[];
  /** part names picked more than once, with the paths that collide */
  duplicates: { part: string; paths: string[] }[];
  /** what makes the checkpoint unloadable, as the server would refuse it */
  problems: FileIssue[];
  hasTokenizer: boolean;
  totalBytes: number;
  canUpload: boolean;
};

/**
 * What a checkpoint folder becomes when uploaded or registered: files map to part names by base name
 * (`onnx/model.onnx` is part `model.onnx`). Optimizer, RNG and trainer state, pickles and other files
 * are skipped with their reason; with an ONNX export in the folder its safetensors are skipped too
 * (the export is what gets replayed). `indexText`: the content of the folder's
 * `model.safetensors.index.json` (see `indexFileOf`), so a shard it names but that is missing is
 * caught before anything is sent.
 */
export function planCheckpointFolder<F extends PickedFile>(
  files: readonly F[],
  indexText: string | null,
): FolderPlan<F> {
  const byPart = new Map<string, F[]>();
  const skipped: FolderPlan<F>["skipped"] = [];
  for (const file of files) {
    const name = baseName(file.name);
    const kind = folderFileKind(name);
    if (kind === "checkpoint") byPart.set(name, [...(byPart.get(name) ?? []), file]);
    else skipped.push({ path: pathOf(file), reason: kind === "other" ? "not_read" : kind });
  }
  const hasOnnx = byPart.has("model.onnx");
  const isUnused = (part: string) => hasOnnx && (SAFETENSORS_WEIGHT_FILES.includes(part) || SHARD_FILE.test(part));
  for (const [part, picked] of byPart)
    if (isUnused(part))
      skipped.push(...picked.map((file) => ({ path: pathOf(file), reason: "onnx_export_used" as const })));
  const chosen = [...byPart.keys()].filter((part) => !isUnused(part)).sort(compareCheckpointFiles);
  const parts = chosen.map((part) => ({ part, file: byPart.get(part)![0]! }));
  const duplicates = chosen
    .filter((part) => byPart.get(part)!.length > 1)
    .map((part) => ({ part, paths: byPart.get(part)!.map(pathOf) }));
  const check = checkCheckpointFiles(chosen, indexText);
  const problems = check.format === null ? (whyNoWeights(skipped) ?? check.issues) : check.issues;
  return {
    format: check.format,
    parts,
    skipped,
    duplicates,
    problems,
    hasTokenizer: byPart.has("tokenizer.json"),
    totalBytes: parts.reduce((sum, p) => sum + p.file.size, 0),
    canUpload: problems.length === 0 && duplicates.length === 0,
  };
}

/** The folder's `model.safetensors.index.json`, whose content `planCheckpointFolder` checks. */
export function indexFileOf<F extends PickedFile>(files: readonly F[]): F | undefined {
  return files.find((file) => baseName(file.name) === SAFETENSORS_INDEX);
}

// A folder with no loadable weights often has weights Spikewatch will not read: say which and what to do.
function whyNoWeights(skipped: readonly { path: string; reason: string }[]): FileIssue[] | null {
  const pickle = skipped.find((s) => s.reason === "pickled_weights");
  if (pickle) return [{ path: pickle.path, message: PICKLE_REFUSAL }];
  const shard = skipped.find((s) => s.reason === "fsdp_shard");
  if (shard) return [{ path: shard.path, message: verlMergeMessage(parentOf(shard.path)) }];
  return null;
}

function pathOf(file: PickedFile): string {
  return file.webkitRelativePath || file.name;
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

function parentOf(filePath: string): string {
  const cut = filePath.search(/[\\/][^\\/]*$/);
  return cut > 0 ? filePath.slice(0, cut) : ".";
}
