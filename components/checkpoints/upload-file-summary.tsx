import { formatBytes } from "@/lib/domain/charts/format-probability";
import type { UploadPlan } from "@/lib/domain/ingest/plan-checkpoint-upload";

const SHOWN_IGNORED = 6;

/** What the picked files become: the parts sent, what is left out and why, and what blocks the upload. */
export function UploadFileSummary({ plan, pickedCount }: { plan: UploadPlan<File>; pickedCount: number }) {
  if (pickedCount === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No files picked yet.</p>;
  const more = plan.ignored.length - SHOWN_IGNORED;
  return (
    <div data-testid="upload-plan" className="space-y-1 text-sm">
      {plan.parts.length > 0 ? (
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {plan.parts.map(({ part, file }) => (
            <li key={part}>
              <code className="font-mono text-xs">{part}</code> <span className="tabular-nums text-zinc-500 dark:text-zinc-400">{formatBytes(file.size)}</span>
            </li>
          ))}
          <li className="font-medium tabular-nums">total {formatBytes(plan.totalBytes)}</li>
        </ul>
      ) : null}
      {plan.missingRequired.length > 0 ? (
        <p className="text-red-700 dark:text-red-400">Missing {plan.missingRequired.join(", ")}: a checkpoint needs its ONNX graph.</p>
      ) : null}
      {plan.duplicates.map((d) => (
        <p key={d.part} className="text-red-700 dark:text-red-400">
          {d.paths.length} files are named {d.part} ({d.paths.join(", ")}): pick one checkpoint folder at a time.
        </p>
      ))}
      {plan.ignored.length > 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">
          {plan.ignored.length === 1 ? "Ignoring 1 file that is not a checkpoint file" : `Ignoring ${plan.ignored.length} files that are not checkpoint files`}: {plan.ignored.slice(0, SHOWN_IGNORED).join(", ")}
          {more > 0 ? ` and ${more} more` : ""}.
        </p>
      ) : null}
      {plan.absentOptional.length > 0 && plan.missingRequired.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">
          Not picked (optional): {plan.absentOptional.join(", ")}.{plan.absentOptional.includes("tokenizer.json") ? " Without tokenizer.json the replay job will fail." : ""}
        </p>
      ) : null}
    </div>
  );
}
