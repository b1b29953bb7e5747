/**
 * The files a checkpoint may hold, by name. Two layouts: a Hugging Face ONNX export (`model.onnx`,
 * maybe `model.onnx_data`) and the folder trainers save (transformers `save_pretrained`: `config.json`,
 * safetensors weights, tokenizer files). Fixed names in the order the API lists them; weight shards
 * are matched by pattern and sorted in after the index.
 */
export const CHECKPOINT_FILES = [
  "model.onnx",
  "model.onnx_data",
  "config.json",
  "generation_config.json",
  "model.safetensors",
  "model.safetensors.index.json",
  "tokenizer.json",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "vocab.json",
  "merges.txt",
  "chat_template.jinja",
] as const;

export const SAFETENSORS_INDEX = "model.safetensors.index.json";

/**
 * A weight shard as transformers names it: `save_pretrained` formats `model{suffix}.safetensors` with
 * huggingface_hub's suffix `-{idx+1:05d}-of-{nb_shards:05d}` (`split_state_dict_into_shards_factory`).
 */
export const SHARD_FILE = /^model-(\d{5,})-of-(\d{5,})\.safetensors$/;

/** Files only an ONNX-less (safetensors) checkpoint reads: skipped when the folder also has an ONNX export. */
export const SAFETENSORS_WEIGHT_FILES: readonly string[] = ["model.safetensors", SAFETENSORS_INDEX];

export type StoredFile = { name: string; bytes: number; sha256: string };

export function isCheckpointFileName(name: string): boolean {
  return (CHECKPOINT_FILES as readonly string[]).includes(name) || SHARD_FILE.test(name);
}

/** The one form field of a checkpoint upload besides the files: the training step. */
export const CHECKPOINT_FIELDS = ["step"] as const;

/** `model.safetensors` or a shard: what a safetensors index may name. */
export function isSafetensorsWeightFile(name: string): boolean {
  return name === "model.safetensors" || SHARD_FILE.test(name);
}

/** Orders checkpoint file names as the API lists them: fixed names in list order, shards after the index. */
export function compareCheckpointFiles(a: string, b: string): number {
  return rankOf(a) - rankOf(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function rankOf(name: string): number {
  const fixed = (CHECKPOINT_FILES as readonly string[]).indexOf(name);
  if (fixed >= 0) return fixed;
  return SHARD_FILE.test(name) ? CHECKPOINT_FILES.indexOf(SAFETENSORS_INDEX) + 0.5 : CHECKPOINT_FILES.length;
}

/** Pickle-based formats: `torch.load` of such a file can run arbitrary code, so none is ever read. */
export const PICKLE_FILE = /\.(bin|pt|pth|pkl)$/i;

export const PICKLE_REFUSAL =
  "only safetensors weights are loaded: pickled files (.bin, .pt, .pth) can run code when opened. " +
  "Save the model with save_pretrained(..., safe_serialization=True), the default since transformers 4.35";

/** verl's per-rank FSDP model shards (`FSDPCheckpointManager.save_checkpoint`): pickled, and partial. */
export const FSDP_SHARD_FILE = /^model_world_size_\d+_rank_\d+\.pt$/;

/**
 * Optimizer, scheduler, RNG and trainer state that trainers save beside the model: transformers'
 * Trainer (`optimizer.pt`, `scheduler.pt`, `scaler.pt`, `rng_state[_<rank>].pth`, `training_args.bin`,
 * `trainer_state.json`), verl (`optim_`/`extra_state_world_size_<W>_rank_<R>.pt`, `fsdp_config.json`)
 * and DeepSpeed (`*_optim_states.pt`, `mp_rank_<NN>_model_states.pt`). Replay needs none of them.
 */
const TRAINING_STATE_FILES = [
  /^optimizer\.(pt|bin)$/,
  /^scheduler\.pt$/,
  /^scaler\.pt$/,
  /^rng_state(_\d+)?\.pth$/,
  /^training_args\.bin$/,
  /^trainer_state\.json$/,
  /^(optim|extra_state)_world_size_\d+_rank_\d+\.pt$/,
  /^fsdp_config\.json$/,
  /_optim_states\.pt$/,
  /^mp_rank_\d+_model_states\.pt$/,
];

/** What a file found in a trainer's checkpoint folder is to Spikewatch. */
export type FolderFileKind = "checkpoint" | "training_state" | "fsdp_shard" | "pickled_weights" | "other";

export function folderFileKind(name: string): FolderFileKind {
  if (isCheckpointFileName(name)) return "checkpoint";
  if (TRAINING_STATE_FILES.some((pattern) => pattern.test(name))) return "training_state";
  if (FSDP_SHARD_FILE.test(name)) return "fsdp_shard";
  return PICKLE_FILE.test(name) ? "pickled_weights" : "other";
}
