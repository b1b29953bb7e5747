// A throwaway PostgreSQL cluster of the suite's own (initdb + pg_ctl on a free port, as in
// shared/docs/offline-stack.md §3), so a suite can restart the server without touching the
// machine's shared one on 5432.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "@/scripts/local-services";

const BIN_ROOT = "/usr/lib/postgresql";

function binDir(): string | null {
  const versions = fs.existsSync(BIN_ROOT) ? fs.readdirSync(BIN_ROOT).sort((a, b) => Number(b) - Number(a)) : [];
  const dir = versions.map((v) => path.join(BIN_ROOT, v, "bin")).find((d) => fs.existsSync(path.join(d, "pg_ctl")));
  return dir ?? null;
}

/** Why a private cluster cannot be made here, or null when it can. */
export function privatePostgresUnavailable(): string | null {
  if (process.getuid?.() !== 0) return "needs root, to run initdb and pg_ctl as the postgres user";
  if (!binDir()) return `no PostgreSQL server binaries under ${BIN_ROOT} (apt-get install postgresql)`;
  try {
    execFileSync("id", ["postgres"], { stdio: "ignore" });
  } catch {
    return "no postgres system user";
  }
  return null;
}

export type PrivatePostgres = {
  /** a new empty database on the cluster */
  createDatabase: (name: string) => Promise<string>;
  /**
   * `pg_ctl stop -m fast`, `downMs` with no server, then start: every connection is terminated (57P01),
   * and anything that reaches for the database meanwhile is refused, then the server is back
   */
  restart: (downMs?: number) => Promise<void>;
  stop: () => Promise<void>;
};

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir()!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-pg-"));
  fs.mkdirSync(path.join(dir, "run"));
  execFileSync("chown", ["-R", "postgres:postgres", dir]);
  // Output to /dev/null: a pipe would be inherited by the server pg_ctl starts and never reach EOF.
  const suArgs = (command: string, args: string[]) => [
    "postgres",
    "-s",
    "/bin/sh",
    "-c",
    [path.join(bin, command), ...args, ">/dev/null 2>&1"]
      .map((a, i, all) => (i === all.length - 1 ? a : `'${a}'`))
      .join(" "),
  ];
  const asPostgres = (command: string, args: string[]) => promisify(execFile)("su", suArgs(command, args));
  const data = path.join(dir, "data");
  await asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  const start = () =>
    asPostgres("pg_ctl", [
      "-D",
      data,
      "-l",
      path.join(dir, "pg.log"),
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${path.join(dir, "run")}`,
      "-w",
      "start",
    ]);
  await start();
  const url = (db: string) => `postgresql://postgres@127.0.0.1:${port}/${db}`;
  return {
    createDatabase: async (name) => {
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      await client.query(`CREATE DATABASE "${name}"`);
      await client.end();
      return url(name);
    },
    restart: async (downMs = 0) => {
      await asPostgres("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    stop: async () => {
      await asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
