import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db";
import { AppError } from "../errors";
import {
  assertDirectory,
  importAcebenchFolders,
  type ImportAcebenchOptions,
  type ImportedAcebenchRun,
} from "./import-acebench-folders";

export type ImportAcebenchSampleOptions = Pick<ImportAcebenchOptions, "namePrefix" | "onRun">;

/**
 * Imports every configuration folder under `dir` (its subfolders, in name order; the shared ACEBench
 * multi_turn folder holds the paper's ten) as content-OOD eval runs named after the folders: the
 * real sample data `npm start` loads. Idempotent, and all-or-nothing on a bad table, as
 * importAcebenchFolders.
 */
export async function importAcebenchSample(
  db: Db,
  dir: string,
  options: ImportAcebenchSampleOptions = {},
): Promise<ImportedAcebenchRun[]> {
  assertDirectory(dir);
  const folders = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  if (folders.length === 0) throw new AppError("UNPROCESSABLE", `${dir}: no configuration folders found`);
  return importAcebenchFolders(
    db,
    folders.map((name) => path.join(dir, name)),
    { ...options, evalKind: "content_ood" },
  );
}
