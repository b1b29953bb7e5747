/** Shown when /runs/:id/checkpoints/:checkpointId names no checkpoint of that run. */
export default function CheckpointNotFound() {
  return (
    <div className="space-y-2 py-10 text-center">
      <h1 className="text-lg font-semibold">Checkpoint not found</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        It is not a checkpoint of this run, or the link is mistyped.
      </p>
      <a href="/" className="text-sm font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
        Back to all runs
      </a>
    </div>
  );
}
