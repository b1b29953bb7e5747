/** Shown when /runs/:id names no run. */
export default function RunNotFound() {
  return (
    <div className="space-y-2 py-10 text-center">
      <h1 className="text-lg font-semibold">Run not found</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">It may have been deleted, or the link is mistyped.</p>
      <a href="/" className="text-sm font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
        Back to all runs
      </a>
    </div>
  );
}
