import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && !/\.(int\.|smoke\.)?test\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

function imports(file: string): { specifier: string; isTypeOnly: boolean }[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  return [...text.matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => ({
    specifier: m[2]!,
    isTypeOnly: Boolean(m[1]),
  }));
}

const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];

/** The repository file an import names (`@/...` or relative), or null for a package. */
function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? specifier.slice(2)
    : specifier.startsWith(".")
      ? path.join(path.dirname(from), specifier)
      : null;
  if (base === null) return null;
  return (
    [base, ...EXTENSIONS.map((ext) => base + ext)].find(
      (f) => fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile(),
    ) ?? null
  );
}

/** Groups of files that import each other in a ring (type imports count: they couple the modules too). */
function importCycles(dirs: string[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap(sourceFiles)) {
    graph.set(
      file,
      imports(file)
        .map((i) => resolveImport(file, i.specifier))
        .filter((f): f is string => f !== null),
    );
  }
  // Tarjan's strongly connected components: every component of more than one file holds a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      for (let member = stack.pop(); member !== undefined; member = member === file ? undefined : stack.pop())
        component.push(member);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

function violations(dir: string, isForbidden: (specifier: string, isTypeOnly: boolean) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) =>
    imports(file)
      .filter((i) => isForbidden(i.specifier, i.isTypeOnly))
      .map((i) => `${file} imports ${i.specifier}`),
  );
}

// The dependency rules of ARCHITECTURE.md, checked on every test run so they cannot decay.
describe("module boundaries", () => {
  it("lib/domain is pure: no Next.js, React, Prisma, onnxruntime, server code or node: modules", () => {
    const forbidden =
      /^(next|react|@prisma\/|@spikewatch\/|onnxruntime|node:|fs$|path$|@\/lib\/server|@\/worker|@\/app|@\/components)/;
    expect(violations("lib/domain", (s) => forbidden.test(s))).toEqual([]);
  });

  it("lib/utils imports nothing, so every layer may use it", () => {
    expect(violations("lib/utils", (s) => !s.startsWith("."))).toEqual([]);
  });

  it("lib/jobs depends only on zod and lib/domain", () => {
    expect(violations("lib/jobs", (s) => !/^(zod|@\/lib\/domain|\.)/.test(s))).toEqual([]);
  });

  it("lib/server never reaches into the app, components or worker", () => {
    expect(violations("lib/server", (s) => /^@\/(app|components|worker)/.test(s) || s === "onnxruntime-node")).toEqual(
      [],
    );
  });

  it("components get data through props: no value imports of server code or Prisma", () => {
    expect(
      violations("components", (s, isTypeOnly) => !isTypeOnly && /^(@\/lib\/server|@prisma|@spikewatch\/)/.test(s)),
    ).toEqual([]);
  });

  it("only worker/inference/session.ts may import onnxruntime-node", () => {
    const dirs = ["app", "components", "lib", "worker", "cli", "scripts"];
    const offenders = dirs
      .flatMap((d) => violations(d, (s) => s.startsWith("onnxruntime")))
      .filter((v) => !v.startsWith(path.join("worker", "inference", "session.ts")));
    expect(offenders).toEqual([]);
  });

  it("no import cycles: every module can be read, tested and loaded on its own", () => {
    expect(importCycles(["app", "components", "lib", "worker", "cli", "scripts"])).toEqual([]);
  });

  it("one Prisma client module: only lib/server/db.ts imports the generated clients", () => {
    const dirs = ["app", "components", "lib", "worker", "cli", "scripts"];
    const offenders = dirs.flatMap((d) =>
      violations(d, (s, isTypeOnly) => !isTypeOnly && /^(@prisma\/client|@spikewatch\/prisma)/.test(s)),
    );
    expect(offenders.filter((v) => !v.startsWith(path.join("lib", "server", "db.ts")))).toEqual([]);
  });
});
