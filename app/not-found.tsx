/** Shown for any URL that names no page (and for paths that are not valid percent-encoding). */
export default function NotFound() {
  return (
    <div className="space-y-2 py-10 text-center">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        The address names no page of this Spikewatch; it may be mistyped.
      </p>
      <a href="/" className="text-sm font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
        Back to all runs
      </a>
    </div>
  );
}
