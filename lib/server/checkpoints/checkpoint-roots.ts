import fs from "node:fs/promises";
import path from "node:path";
import { isWithinS3Location, parseS3Location, type S3Location } from "@/lib/domain/ingest/s3-location";
import type { CheckpointRoot } from "../config";
import { AppError } from "../errors";

export const ROOTS_HINT =
  "Registration by path is off: set SPIKEWATCH_CHECKPOINT_ROOTS on the web app and the workers to the folders " +
  "(comma-separated absolute paths, or s3://bucket/prefix/) that checkpoints may be registered from, " +
  "or upload the folder instead";

/** Refuses registration when no root is configured, saying how to enable it. */
export function assertRegistrationEnabled(roots: readonly CheckpointRoot[]): void {
  if (roots.length === 0) throw new AppError("FORBIDDEN", ROOTS_HINT);
}

/** The configured local roots as real paths; a root that does not exist (yet) holds nothing. */
export async function realLocalRoots(roots: readonly CheckpointRoot[]): Promise<string[]> {
  const dirs = roots.flatMap((root) => (root.kind === "local" ? [root.dir] : []));
  const real = await Promise.all(dirs.map((dir) => fs.realpath(dir).catch(() => null)));
  return real.filter((dir): dir is string => dir !== null);
}

export function isInsideDir(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/**
 * The real path of a folder a caller asked to register, if it lies under a root. The path as given
 * is checked first, so a path outside every root is refused without touching the file system; then
 * its real path (symbolic links resolved) must still be under a root. Messages name only what the
 * caller sent, never where a link points.
 */
export async function resolveRegisteredFolder(
  requested: string,
  roots: readonly CheckpointRoot[],
  label = requested,
): Promise<string> {
  assertRegistrationEnabled(roots);
  if (!path.isAbsolute(requested)) {
    throw new AppError("UNPROCESSABLE", `path must be absolute, got ${JSON.stringify(requested)}`, [
      { path: "path", message: "expected an absolute folder path or s3://bucket/prefix/" },
    ]);
  }
  const asGiven = path.resolve(requested);
  const realRoots = await realLocalRoots(roots);
  const configured = roots.flatMap((root) => (root.kind === "local" ? [root.dir] : []));
  if (![...configured, ...realRoots].some((root) => isInsideDir(asGiven, root))) throw outsideRoots(label);
  const real = await fs.realpath(asGiven).catch(() => {
    throw new AppError("UNPROCESSABLE", `${label}: no such folder`, [{ path: "path", message: "no such folder" }]);
  });
  if (!realRoots.some((root) => isInsideDir(real, root)))
    throw outsideRoots(label, "it resolves outside them (a symbolic link?)");
  if (!(await fs.stat(real)).isDirectory()) {
    throw new AppError("UNPROCESSABLE", `${label} is not a folder`, [{ path: "path", message: "not a folder" }]);
  }
  return real;
}

/** An `s3://bucket/prefix/` to register, if it lies under an S3 root. */
export function resolveRegisteredPrefix(
  requested: string,
  roots: readonly CheckpointRoot[],
  label = requested,
): S3Location {
  assertRegistrationEnabled(roots);
  const location = parseS3Location(requested);
  if (!location || location.prefix === "") {
    throw new AppError(
      "UNPROCESSABLE",
      "expected s3://bucket/prefix/ naming a folder (letters, digits, '.', '_', '-'; ending in /), " +
        `got ${JSON.stringify(requested)}`,
      [{ path: "path", message: "not an S3 folder URL" }],
    );
  }
  if (!roots.some((root) => root.kind === "s3" && isWithinS3Location(location, root))) throw outsideRoots(label);
  return location;
}

export function outsideRoots(requested: string, why = "registration reads only folders under them"): AppError {
  return new AppError("FORBIDDEN", `${requested} is not under SPIKEWATCH_CHECKPOINT_ROOTS: ${why}`, [
    { path: "path", message: "outside SPIKEWATCH_CHECKPOINT_ROOTS" },
  ]);
}
