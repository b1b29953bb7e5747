/** Says what a demo run's checkpoints are, wherever they appear, so they are never taken for a trained model. */
export function DemoCheckpointsNotice() {
  return (
    <p
      data-testid="demo-checkpoints-notice"
      className="mt-2 rounded-md border border-violet-300 bg-violet-50 px-3 py-2 text-sm text-violet-900 dark:border-violet-800 dark:bg-violet-950 dark:text-violet-200"
    >
      Demo checkpoints: tiny Qwen2-shaped models (hidden size 8, the real Qwen tokenizer) made by Spikewatch&apos;s
      simulator, not trained models. Their probabilities after <code>&lt;tool_call&gt;\n</code> are planted to follow
      what this simulated run logged; the worker replays them like any upload.
    </p>
  );
}
