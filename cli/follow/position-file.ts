import fs from "node:fs";
import path from "node:path";
import { CliError } from "../output";

/**
 * What a follower has sent, kept on disk so a restarted follower neither sends again nor skips: one
 * JSON object per source key. Every `set` rewrites the file atomically (a temporary file, then rename).
 */
export type PositionFile = {
  readonly file: string;
  get(key: string): unknown;
  set(key: string, state: unknown): void;
};

export function openPositionFile(file: string): PositionFile {
  let sources: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { sources?: unknown };
      if (typeof parsed.sources !== "object" || parsed.sources === null) throw new Error("no sources object");
      sources = parsed.sources as Record<string, unknown>;
    } catch (error) {
      throw new CliError(`${file}: unreadable position file (${(error as Error).message}); move it away to start over`);
    }
  }
  return {
    file,
    get: (key) => (Object.hasOwn(sources, key) ? sources[key] : undefined),
    set(key, state) {
      sources = { ...sources, [key]: state };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, `${JSON.stringify({ version: 1, sources }, null, 1)}\n`);
      fs.renameSync(tmp, file);
    },
  };
}
