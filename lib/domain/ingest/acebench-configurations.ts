/** Run fields read off an ACEBench dialogue folder name of the paper's published evaluations. */
export type RunLabels = {
  model: string;
  regime: string;
  scheme?: "none" | "sequential" | "synchronous" | "interleaved";
  sftLr?: number;
};

// Folder names of ../shared/data/acebench-dialogues/multi_turn, mapped as that folder's README says.
const KNOWN: Record<string, Omit<RunLabels, "model">> = {
  "Qwen2.5-1.5B-Instruct-local": { regime: "base", scheme: "none" },
  "Qwen2.5-1.5B-FCL-SFT-lr1e-5": { regime: "sft", scheme: "none", sftLr: 1e-5 },
  "Qwen2.5-1.5B-ACE-SFT-lr1e-5": { regime: "sft", scheme: "none", sftLr: 1e-5 },
  "Qwen2.5-1.5B-GRPO": { regime: "vanilla_rl", scheme: "none" },
  "Qwen2.5-1.5B-GRPO+FCL-SFT": { regime: "sft_then_rl", scheme: "sequential" },
  "Qwen2.5-1.5B-GRPO+ACE-SFT": { regime: "sft_then_rl", scheme: "sequential" },
  "Qwen2.5-1.5B-GRPO-sft-replace-1": { regime: "ops", scheme: "synchronous" },
  "Qwen2.5-1.5B-GRPO-hint-asst-2-sys": { regime: "hbg", scheme: "synchronous" },
  "Qwen2.5-1.5B-GRPO-sft-turn-3-lr1e-5": { regime: "ets", scheme: "interleaved", sftLr: 1e-5 },
  "Qwen2.5-1.5B-GRPO-pr-turn-3": { regime: "prs", scheme: "interleaved" },
};

/** Labels for a known configuration folder, or null for any other folder (the user passes --regime). */
export function acebenchRunLabels(folderName: string): RunLabels | null {
  const labels = KNOWN[folderName];
  return labels ? { model: "Qwen2.5-1.5B-Instruct", ...labels } : null;
}
