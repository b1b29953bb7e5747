import { formatBytes } from "@/lib/domain/charts/format-probability";
import { describeSkipped, type FolderPlan } from "@/lib/domain/ingest/plan-checkpoint-folder";

/** What the picked files become: the parts sent, what is skipped and why, and what blocks the upload. */
export function UploadFileSummary({ plan, pickedCount }: { plan: FolderPlan<File>; pickedCount: number }) {
  if (pickedCount === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No files picked yet.</p>;
  return (
    <div data-testid="upload-plan" className="space-y-1 text-sm">
      {plan.parts.length > 0 ? (
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {plan.parts.map(({ part, file }) => (
            <li key={part}>
              <code className="font-mono text-xs">{part}</code>{" "}
              <span className="tabular-nums text-zinc-500 dark:text-zinc-400">{formatBytes(file.size)}</span>
            </li>
          ))}
          <li className="font-medium tabular-nums">total {formatBytes(plan.totalBytes)}</li>
        </ul>
      ) : null}
      {plan.problems.map((problem) => (
        <p key={problem.path} data-testid="upload-problem" className="text-red-700 dark:text-red-400">
          <code className="font-mono text-xs">{problem.path}</code>: {problem.message}
        </p>
      ))}
      {plan.duplicates.map((d) => (
        <p key={d.part} className="text-red-700 dark:text-red-400">
          {d.paths.length} files are named {d.part} ({d.paths.join(", ")}): pick one checkpoint folder at a time.
        </p>
      ))}
      {describeSkipped(plan.skipped).map((line) => (
        <p key={line} data-testid="upload-skipped" className="text-zinc-600 dark:text-zinc-400">
          {line[0]!.toUpperCase() + line.slice(1)}.
        </p>
      ))}
      {plan.format !== null && !plan.hasTokenizer ? (
        <p className="text-amber-800 dark:text-amber-300">
          No tokenizer.json picked: the replay job will fail without it.
        </p>
      ) : null}
    </div>
  );
}
