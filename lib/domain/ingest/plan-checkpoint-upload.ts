import { CHECKPOINT_FILES, REQUIRED_CHECKPOINT_FILES, isCheckpointFileName, type CheckpointFileName } from "./checkpoint-files";

/** What the browser knows of a picked file; a folder pick also gives the path inside the folder. */
export type PickedFile = { name: string; size: number; webkitRelativePath?: string };

export type UploadPlan<F extends PickedFile> = {
  /** one form part per checkpoint file, in the API's order */
  parts: { part: CheckpointFileName; file: F }[];
  /** picked files that are not checkpoint files (by path), left out of the upload */
  ignored: string[];
  /** part names picked more than once, with the paths that collide */
  duplicates: { part: CheckpointFileName; paths: string[] }[];
  missingRequired: CheckpointFileName[];
  /** optional files not picked */
  absentOptional: CheckpointFileName[];
  totalBytes: number;
  canUpload: boolean;
};

/**
 * Maps picked files (from a multi-file or folder pick) to the upload's part names by base name:
 * `onnx/model.onnx` becomes part `model.onnx`. Other files are ignored; a part name picked twice
 * or a missing `model.onnx` blocks the upload.
 */
export function planCheckpointUpload<F extends PickedFile>(files: readonly F[]): UploadPlan<F> {
  const byPart = new Map<CheckpointFileName, F[]>();
  const ignored: string[] = [];
  for (const file of files) {
    const name = baseName(file.name);
    if (!isCheckpointFileName(name)) {
      ignored.push(pathOf(file));
      continue;
    }
    byPart.set(name, [...(byPart.get(name) ?? []), file]);
  }
  const parts = CHECKPOINT_FILES.flatMap((part) => (byPart.get(part) ?? []).slice(0, 1).map((file) => ({ part, file })));
  const duplicates = [...byPart].filter(([, picked]) => picked.length > 1).map(([part, picked]) => ({ part, paths: picked.map(pathOf) }));
  const missingRequired = REQUIRED_CHECKPOINT_FILES.filter((part) => !byPart.has(part));
  const absentOptional = CHECKPOINT_FILES.filter((part) => !byPart.has(part) && !REQUIRED_CHECKPOINT_FILES.includes(part));
  const totalBytes = parts.reduce((sum, p) => sum + p.file.size, 0);
  return { parts, ignored, duplicates, missingRequired, absentOptional, totalBytes, canUpload: missingRequired.length === 0 && duplicates.length === 0 };
}

function pathOf(file: PickedFile): string {
  return file.webkitRelativePath || file.name;
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}
