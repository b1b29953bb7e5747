import { MAX_STEP } from "./schemas";

/**
 * Where trainers put checkpoints, and the step a checkpoint folder's name gives:
 * - verl: `<default_local_dir>/global_step_<N>/actor/huggingface/` (`RayPPOTrainer._save_checkpoint`
 *   names the step folder; `FSDPCheckpointManager.save_checkpoint` writes config and tokenizer to
 *   `actor/huggingface/`, the weights too when `checkpoint.save_contents` has `hf_model`, otherwise only
 *   per-rank FSDP shards to `actor/` until `verl.model_merger` merges them).
 * - transformers `Trainer` and TRL: `<output_dir>/checkpoint-<N>/` (`PREFIX_CHECKPOINT_DIR`).
 */
const STEP_FOLDER = /^(?:global_step_|checkpoint-)(\d+)$/;

/** The training step in a `global_step_<N>` or `checkpoint-<N>` folder name; null for other names. */
export function stepOfCheckpointFolder(name: string): number | null {
  const match = STEP_FOLDER.exec(name);
  if (!match) return null;
  const step = Number(match[1]);
  return Number.isSafeInteger(step) && step <= MAX_STEP ? step : null;
}

/** The path inside a verl step folder that holds the Hugging Face model. */
export const VERL_HF_SUBPATH = ["actor", "huggingface"] as const;

/** What to tell a verl user whose `actor/` folder has only FSDP shards (verl's `model_merger` CLI). */
export function verlMergeMessage(actorDir: string): string {
  const target = `${actorDir}/huggingface`;
  return (
    `${actorDir} holds only verl FSDP shards (model_world_size_<W>_rank_<R>.pt), which are pickled and partial. ` +
    `Merge them into a Hugging Face folder first: ` +
    `python -m verl.model_merger merge --backend fsdp --local_dir ${actorDir} --target_dir ${target} ` +
    "(or save it while training with actor_rollout_ref.actor.checkpoint.save_contents including hf_model), " +
    `then use ${target}`
  );
}
