import { ZodError } from "zod";
import { isTransientDbError } from "./db-errors";
import { noteFault } from "./service-health/fault-log";

export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNPROCESSABLE"
  | "UNAVAILABLE"
  | "INSUFFICIENT_STORAGE";

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  UNAVAILABLE: 503,
  INSUFFICIENT_STORAGE: 507,
};

/** Seconds a client is asked to wait before retrying a 503. */
const RETRY_AFTER_SECONDS = 2;

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
    const headers: Record<string, string> =
      error.code === "UNAUTHORIZED"
        ? { "WWW-Authenticate": 'Bearer realm="spikewatch"' }
        : error.code === "UNAVAILABLE"
          ? { "Retry-After": String(RETRY_AFTER_SECONDS) }
          : {};
    return Response.json(
      { error: { code: error.code, message: error.message, ...(error.issues.length ? { issues: error.issues } : {}) } },
      { status: STATUS[error.code], headers },
    );
  }
  // A 503 the client can retry. Noted for the health report (logged once per outage): a read outside
  // the write-retry path (a token or run lookup) reaches here without having been recorded.
  if (isTransientDbError(error)) {
    noteFault("database", error, "request");
    return toErrorResponse(new AppError("UNAVAILABLE", "The database is busy or unreachable; retry shortly"));
  }
  console.error(error);
  return Response.json({ error: { code: "INTERNAL", message: "Internal error" } }, { status: 500 });
}
