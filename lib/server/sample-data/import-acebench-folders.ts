import fs from "node:fs";
import path from "node:path";
import { acebenchRunLabels } from "@/lib/domain/ingest/acebench-configurations";
import { CreateRunSchema, type CreateRun, type EvalKind, type RolloutInput } from "@/lib/domain/ingest/schemas";
import { parseAcebenchTable } from "@/lib/domain/transcripts/parse-acebench-table";
import type { Db } from "../db";
import { AppError, zodIssues } from "../errors";
import { createRun } from "../runs/create-run";
import { ingestInBatches, validateFileRollout } from "./ingest-in-batches";

export type ImportAcebenchOptions = {
  /** the run's name when one folder is imported (default: `namePrefix` + the folder's name) */
  runName?: string;
  /** prefix of run names taken from folders (default none); tests pass their own to stay apart */
  namePrefix?: string;
  /** run fields overriding those read off a known configuration folder's name */
  labels?: Omit<CreateRun, "name">;
  /** the step the dialogues are stored at (default 0) */
  step?: number;
  /** default content_ood: ACEBench's APIs are unseen in training (domain.md §5) */
  evalKind?: EvalKind;
  /** called after each folder with what was stored */
  onRun?: (run: ImportedAcebenchRun) => void;
};

export type ImportedAcebenchRun = {
  id: string;
  name: string;
  folder: string;
  isCreated: boolean;
  /** every dialogue was already stored: nothing was read or written */
  isSkipped: boolean;
  dialogues: number;
  inserted: number;
  duplicates: number;
};

type FolderPlan = { dir: string; folder: string; run: CreateRun; files: string[]; sampleIds: string[] };
type FolderWork = { plan: FolderPlan; completeRunId: string } | { plan: FolderPlan; rollouts: RolloutInput[] };

const collator = new Intl.Collator("en", { numeric: true });

/**
 * Imports folders of ACEBench dialogue tables as eval runs, one rollout (split "eval") per
 * dialogue, one run per folder, through the same ingestion as the API. The paper's configuration
 * folders get model, regime and scheme from their name; config records {source: "acebench",
 * folder} and status finished (an evaluation is complete once stored). Idempotent: a run holding every dialogue is skipped unread, a partial one is completed.
 * Every folder that needs work is parsed before anything is written, so a bad table (the error
 * names the file and the field) leaves the database unchanged. Runs are real data, never demo.
 */
export async function importAcebenchFolders(
  db: Db,
  dirs: readonly string[],
  options: ImportAcebenchOptions = {},
): Promise<ImportedAcebenchRun[]> {
  if (options.runName !== undefined && dirs.length !== 1)
    throw new AppError(
      "BAD_REQUEST",
      "runName names one run: give one folder, or no runName to name runs after the folders",
    );
  const plans = dirs.map((dir) => planFolder(dir, options));
  const work: FolderWork[] = [];
  for (const plan of plans) {
    const runId = await findRunId(db, plan.run.name);
    const isComplete =
      runId !== null && (await storedCount(db, runId, plan, options.step ?? 0)) === plan.sampleIds.length;
    work.push(isComplete ? { plan, completeRunId: runId } : { plan, rollouts: readRollouts(plan, options) });
  }
  const imported: ImportedAcebenchRun[] = [];
  for (const item of work) {
    const run = await storeFolder(db, item);
    options.onRun?.(run);
    imported.push(run);
  }
  return imported;
}

export function assertDirectory(dir: string): void {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new AppError("NOT_FOUND", `${dir}: no such directory`);
}

function planFolder(dir: string, options: ImportAcebenchOptions): FolderPlan {
  assertDirectory(dir);
  const folder = path.basename(path.resolve(dir));
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter(
      (rel) => rel.endsWith(".txt") && !path.basename(rel).startsWith(".") && fs.statSync(path.join(dir, rel)).isFile(),
    )
    .sort(collator.compare);
  if (files.length === 0) throw new AppError("UNPROCESSABLE", `${dir}: no .txt dialogue tables found`);
  const raw = {
    name: options.runName ?? `${options.namePrefix ?? ""}${folder}`,
    ...acebenchRunLabels(folder),
    config: { source: "acebench", folder },
    // An evaluation is complete once imported; "running" would promise more steps.
    status: "finished",
    ...options.labels,
  };
  const parsed = CreateRunSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = zodIssues(parsed.error)[0]!;
    throw new AppError("UNPROCESSABLE", `${dir}: run ${issue.path}: ${issue.message}`);
  }
  return {
    dir,
    folder,
    run: parsed.data,
    files: files.map((rel) => path.join(dir, rel)),
    sampleIds: files.map((rel) => rel.replace(/\.txt$/, "")),
  };
}

function readRollouts(plan: FolderPlan, options: ImportAcebenchOptions): RolloutInput[] {
  return plan.files.map((file, i) => {
    const parsed = parseAcebenchTable(fs.readFileSync(file, "utf8"));
    if (!parsed.ok)
      throw new AppError(
        "UNPROCESSABLE",
        `${file}: ${parsed.issues[0]!.path}: ${parsed.issues[0]!.message}`,
        parsed.issues,
      );
    const raw = {
      step: options.step ?? 0,
      sampleId: plan.sampleIds[i],
      split: "eval",
      evalKind: options.evalKind ?? "content_ood",
      messages: parsed.value.messages,
      meta: { file: path.basename(file) },
    };
    return validateFileRollout(raw, file);
  });
}

async function findRunId(db: Db, name: string): Promise<string | null> {
  return (await db.run.findUnique({ where: { name }, select: { id: true } }))?.id ?? null;
}

function storedCount(db: Db, runId: string, plan: FolderPlan, step: number): Promise<number> {
  return db.rollout.count({ where: { runId, step, sampleId: { in: plan.sampleIds } } });
}

async function storeFolder(db: Db, work: FolderWork): Promise<ImportedAcebenchRun> {
  const { plan } = work;
  const { id, isCreated } =
    "completeRunId" in work ? { id: work.completeRunId, isCreated: false } : await createRun(db, plan.run);
  // Runs imported before evaluations were marked finished are brought up to date.
  if (!isCreated && plan.run.status)
    await db.run.updateMany({ where: { id, status: "running" }, data: { status: plan.run.status } });
  const base = { name: plan.run.name, folder: plan.folder, dialogues: plan.files.length };
  if ("completeRunId" in work)
    return { ...base, id, isCreated, isSkipped: true, inserted: 0, duplicates: plan.files.length };
  const result = await ingestInBatches(db, id, work.rollouts, {
    source: `import:acebench:${plan.folder}`,
    format: "acebench_table",
  });
  return { ...base, id, isCreated, isSkipped: false, ...result };
}
