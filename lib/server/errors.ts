import { ZodError } from "zod";

export type AppErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "UNPROCESSABLE";

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
};

export type ErrorIssue = { path: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** "rollouts.3.messages.0.role" from zod's ["rollouts", 3, "messages", 0, "role"]. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(body)" : path.map(String).join(".");
}

export function zodIssues(error: ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({ path: issuePath(issue.path), message: issue.message }));
}

/** Maps any thrown value to a JSON response; unknown errors are logged and never leak internals. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ZodError) {
    const issues = zodIssues(error);
    const first = issues[0];
    const message = first ? `${first.path}: ${first.message}` : "invalid input";
    return Response.json({ error: { code: "UNPROCESSABLE", message, issues } }, { status: 422 });
  }
  if (error instanceof AppError) {
    const headers = error.code === "UNAUTHORIZED" ? { "WWW-Authenticate": 'Bearer realm="spikewatch"' } : undefined;
    return Response.json(
      { error: { code: error.code, message: error.message, ...(error.issues.length ? { issues: error.issues } : {}) } },
      { status: STATUS[error.code], headers },
    );
  }
  console.error(error);
  return Response.json({ error: { code: "INTERNAL", message: "Internal error" } }, { status: 500 });
}
