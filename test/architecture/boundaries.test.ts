import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && !/\.(int\.|smoke\.)?test\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

function imports(file: string): { specifier: string; isTypeOnly: boolean }[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  return [...text.matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => ({ specifier: m[2]!, isTypeOnly: Boolean(m[1]) }));
}

function violations(dir: string, isForbidden: (specifier: string, isTypeOnly: boolean) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) => imports(file).filter((i) => isForbidden(i.specifier, i.isTypeOnly)).map((i) => `${file} imports ${i.specifier}`));
}

// The dependency rules of ARCHITECTURE.md, checked on every test run so they cannot decay.
describe("module boundaries", () => {
  it("lib/domain is pure: no Next.js, React, Prisma, onnxruntime, server code or node: modules", () => {
    const forbidden = /^(next|react|@prisma\/|@spikewatch\/|onnxruntime|node:|fs$|path$|@\/lib\/server|@\/worker|@\/app|@\/components)/;
    expect(violations("lib/domain", (s) => forbidden.test(s))).toEqual([]);
  });

  it("lib/utils imports nothing, so every layer may use it", () => {
    expect(violations("lib/utils", (s) => !s.startsWith("."))).toEqual([]);
  });

  it("lib/jobs depends only on zod and lib/domain", () => {
    expect(violations("lib/jobs", (s) => !/^(zod|@\/lib\/domain|\.)/.test(s))).toEqual([]);
  });

  it("lib/server never reaches into the app, components or worker", () => {
    expect(violations("lib/server", (s) => /^@\/(app|components|worker)/.test(s) || s === "onnxruntime-node")).toEqual([]);
  });

  it("components get data through props: no value imports of server code or Prisma", () => {
    expect(violations("components", (s, isTypeOnly) => !isTypeOnly && /^(@\/lib\/server|@prisma|@spikewatch\/)/.test(s))).toEqual([]);
  });

  it("only worker/inference/session.ts may import onnxruntime-node", () => {
    const dirs = ["app", "components", "lib", "worker", "cli", "scripts"];
    const offenders = dirs.flatMap((d) => violations(d, (s) => s.startsWith("onnxruntime"))).filter((v) => !v.startsWith(path.join("worker", "inference", "session.ts")));
    expect(offenders).toEqual([]);
  });

  it("one Prisma client module: only lib/server/db.ts imports the generated clients", () => {
    const dirs = ["app", "components", "lib", "worker", "cli", "scripts"];
    const offenders = dirs.flatMap((d) => violations(d, (s, isTypeOnly) => !isTypeOnly && /^(@prisma\/client|@spikewatch\/prisma)/.test(s)));
    expect(offenders.filter((v) => !v.startsWith(path.join("lib", "server", "db.ts")))).toEqual([]);
  });
});
