import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// One fresh data directory per `playwright test` run. Workers re-read this file, so the first
// evaluation publishes its choices through the environment they inherit.
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-e2e-"));
process.env.E2E_PORT ??= "3217";
process.env.E2E_TOKEN ??= "e2e-token-0123456789abcdef";
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e/report.json" }]],
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
  },
  webServer: {
    // The README's start command on an empty data directory: it migrates, builds when stale and loads the demo.
    command: "node_modules/.bin/tsx scripts/start.ts",
    url: `${baseURL}/api/healthz`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: process.env.E2E_PORT,
      SPIKEWATCH_DATA_DIR: process.env.E2E_DATA_DIR,
      DATABASE_URL: "",
      SPIKEWATCH_API_TOKEN: process.env.E2E_TOKEN,
      SPIKEWATCH_WORKER_POLL_MS: "200",
    },
  },
});
