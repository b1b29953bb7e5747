import type { ApiError } from "./send-checkpoint";

const HINTS: Record<number, string> = {
  401: "Check the API token above.",
  409: "This run already has a checkpoint at that step; pick another step.",
  413: "A file is larger than the server's limit (SPIKEWATCH_MAX_CHECKPOINT_FILE_BYTES).",
};

/** An API error as the user should read it: message, the fields at fault, and what to do. */
export function ApiErrorView({ error }: { error: ApiError }) {
  return (
    <div
      role="alert"
      data-testid="upload-error"
      className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-200"
    >
      <p className="font-medium">
        Upload refused{error.status ? ` (${error.status} ${error.code})` : ""}: {error.message}
      </p>
      {error.issues && error.issues.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {error.issues.map((issue, i) => (
            <li key={`${issue.path}-${i}`}>
              <code className="font-mono text-xs">{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {HINTS[error.status] ? <p className="mt-1">{HINTS[error.status]}</p> : null}
    </div>
  );
}
