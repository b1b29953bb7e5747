import { resolveConfig, type Config } from "@/lib/server/config";
import { createDb, type Db } from "@/lib/server/db";
import { ensureMigrated } from "@/lib/server/migrate";
import { createRun } from "@/lib/server/runs/create-run";
import { CreateRunSchema, type CreateRun } from "@/lib/domain/ingest/schemas";
import { zodIssues } from "@/lib/server/errors";
import { CliError, note } from "./output";

export type CliContext = { db: Db; config: Config };

const opened: Db[] = [];

/** The database of the current environment, migrated, as the web app and worker see it. */
export async function openContext(): Promise<CliContext> {
  const config = resolveConfig(process.env);
  const db = createDb(config);
  opened.push(db);
  await ensureMigrated(db, config);
  return { db, config };
}

/** Closes every connection so the process exits at once (a PostgreSQL pool would idle for seconds). */
export async function closeContexts(): Promise<void> {
  await Promise.all(opened.splice(0).map((db) => db.$disconnect()));
}

/** Finds the run by name or creates it with the given labels, validated as the API validates them. */
export async function ensureRun(db: Db, raw: CreateRun): Promise<string> {
  const parsed = CreateRunSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = zodIssues(parsed.error)[0]!;
    throw new CliError(`run ${issue.path}: ${issue.message}`);
  }
  const input = parsed.data;
  const { id, isCreated } = await createRun(db, input);
  note(isCreated ? `created run "${input.name}" (${id})` : `appending to existing run "${input.name}" (${id})`);
  return id;
}
