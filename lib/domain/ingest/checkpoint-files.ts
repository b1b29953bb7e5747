/** The files of a Hugging Face ONNX export folder that a checkpoint upload may carry, by part name. */
export const CHECKPOINT_FILES = ["model.onnx", "model.onnx_data", "config.json", "tokenizer.json", "tokenizer_config.json"] as const;
export type CheckpointFileName = (typeof CHECKPOINT_FILES)[number];

/** Without these the upload is refused; a missing tokenizer is reported by the replay job instead. */
export const REQUIRED_CHECKPOINT_FILES: readonly CheckpointFileName[] = ["model.onnx"];

export function isCheckpointFileName(name: string): name is CheckpointFileName {
  return (CHECKPOINT_FILES as readonly string[]).includes(name);
}

export type StoredFile = { name: CheckpointFileName; bytes: number; sha256: string };

/** The one form field of a checkpoint upload besides the files: the training step. */
export const CHECKPOINT_FIELDS = ["step"] as const;
