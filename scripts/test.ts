// `npm test`: every suite, in order of cost. Integration tests run twice, on SQLite and on PostgreSQL.
// Ends with one "N passed, N failed" line summing all vitest runs.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isTestPostgresUp, TEST_PG_URL } from "./local-services";

const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
const totals = { passed: 0, failed: 0 };
/** Names of failed tests, repeated in the summary: CI keeps only the tail of the output. */
const failures: string[] = [];

const started = Date.now();
const elapsed = (since: number) => `${Math.round((Date.now() - since) / 1000)} s`;

function step(label: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n=== ${label} ===`);
  const stepStarted = Date.now();
  const res = spawnSync(command, args, {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  console.log(`=== ${label}: ${elapsed(stepStarted)} ===`);
  return res.status === 0;
}

function vitest(label: string, project: string, env: Record<string, string> = {}): boolean {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-test-")), "report.json");
  const ok = step(
    label,
    bin("vitest"),
    ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    env,
  );
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
    };
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    for (const file of json.testResults)
      for (const test of file.assertionResults)
        if (test.status === "failed") failures.push(`${label}: ${path.relative(ROOT, file.name)} › ${test.fullName}`);
  } else totals.failed++;
  return ok;
}

type PlaywrightSuite = {
  specs?: { title: string; ok: boolean; file: string; line: number }[];
  suites?: PlaywrightSuite[];
};

function playwright(): boolean {
  const report = path.join(ROOT, "test-results", "e2e", "report.json");
  fs.rmSync(report, { force: true });
  const ok = step("e2e tests in Chromium (screenshots in test-results/e2e)", bin("playwright"), ["test"]);
  if (fs.existsSync(report)) {
    const { stats, suites } = JSON.parse(fs.readFileSync(report, "utf8")) as {
      stats: { expected: number; unexpected: number; flaky: number };
      suites: PlaywrightSuite[];
    };
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    const visit = (suite: PlaywrightSuite) => {
      for (const spec of suite.specs ?? [])
        if (!spec.ok) failures.push(`e2e: ${spec.file}:${spec.line} › ${spec.title}`);
      suite.suites?.forEach(visit);
    };
    suites.forEach(visit);
  } else totals.failed++;
  return ok;
}

/**
 * The Python client's own suite (`python3 -m unittest discover` in clients/python): it starts the real
 * server from this checkout itself. unittest reports on stderr, which is shown live and read for the totals.
 */
async function pythonClient(): Promise<boolean> {
  const label = "Python client tests (clients/python, against a real server)";
  console.log(`\n=== ${label} ===`);
  const stepStarted = Date.now();
  const child = spawn("python3", ["-m", "unittest", "discover"], {
    cwd: path.join(ROOT, "clients", "python"),
    stdio: ["ignore", "inherit", "pipe"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PYTHONDONTWRITEBYTECODE: "1" },
  });
  let report = "";
  child.on("error", (error) => console.error(`python3 could not be started: ${error.message}`));
  child.stderr.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    report = (report + chunk.toString()).slice(-20_000);
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  console.log(`=== ${label}: ${elapsed(stepStarted)} ===`);
  const ran = Number(/^Ran (\d+) tests?/m.exec(report)?.[1] ?? 0);
  const summary = /^(?:OK|FAILED)(?: \((.*)\))?$/m.exec(report)?.[1] ?? ""; // e.g. "failures=1, errors=2, skipped=1"
  const count = (what: string) => Number(new RegExp(`${what}=(\\d+)`).exec(summary)?.[1] ?? 0);
  const failed = count("failures") + count("errors");
  totals.passed += ran - failed - count("skipped");
  totals.failed += ran === 0 && code !== 0 ? 1 : failed;
  return code === 0;
}

async function main(): Promise<number> {
  const results: [string, boolean][] = [];
  results.push(["schema parity", step("schema parity and migrations", bin("tsx"), ["scripts/prisma.ts", "check"])]);
  results.push(["typecheck", step("typecheck", bin("tsc"), ["--noEmit"])]);
  results.push([
    "lint",
    step("lint: ESLint (import boundaries, cycles) and Prettier", "npm", ["run", "--silent", "lint"]),
  ]);
  results.push(["unit", vitest("unit tests", "unit")]);
  results.push(["integration (SQLite)", vitest("integration tests on SQLite", "integration")]);
  if (process.env.SPIKEWATCH_TEST_PG === "skip")
    console.log("\n=== integration tests on PostgreSQL: skipped (SPIKEWATCH_TEST_PG=skip) ===");
  else if (!(await isTestPostgresUp())) {
    console.error(
      `\nPostgreSQL is not reachable at ${TEST_PG_URL}: start it, point SPIKEWATCH_TEST_PG_URL at one, or set SPIKEWATCH_TEST_PG=skip`,
    );
    results.push(["integration (PostgreSQL)", false]);
  } else
    results.push([
      "integration (PostgreSQL)",
      vitest("integration tests on PostgreSQL", "integration", { SPIKEWATCH_TEST_DB: "postgresql" }),
    ]);
  results.push(["python client", await pythonClient()]);
  results.push(["start command smoke", vitest("start command smoke test (build, migrate, serve, worker)", "smoke")]);
  results.push(["e2e (Playwright, Chromium)", playwright()]);

  console.log(`\n=== summary (${elapsed(started)} in all) ===`);
  for (const [label, ok] of results) console.log(`${ok ? "ok  " : "FAIL"} ${label}`);
  for (const failure of failures) console.log(`failed: ${failure}`);
  const failedStages = results.filter(([, ok]) => !ok).length;
  console.log(
    `${totals.passed} passed, ${totals.failed + (failedStages > 0 && totals.failed === 0 ? failedStages : 0)} failed`,
  );
  return failedStages === 0 ? 0 : 1;
}

process.exitCode = await main();
