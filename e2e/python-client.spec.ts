import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createRun } from "./api";

const ROOT = path.resolve(import.meta.dirname, "..");

test("a Python training script streams a collapsing run; the open page shows the alert without reload", async ({
  page,
  request,
  baseURL,
}, testInfo) => {
  // The run exists before the script starts (the client resumes it by name), so its page can be open first.
  const name = `e2e-python-${Date.now()}`;
  const runId = await createRun(request, name);
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-page")).toBeVisible();
  await page.waitForTimeout(500); // the event stream is open once the page is
  const navigations: string[] = [];
  page.on("framenavigated", (frame) => frame === page.mainFrame() && navigations.push(frame.url()));

  const script = spawn("python3", [path.join(ROOT, "e2e", "python", "stream_collapsing_run.py"), name], {
    cwd: ROOT,
    env: {
      ...process.env,
      PYTHONPATH: path.join(ROOT, "clients", "python"),
      SPIKEWATCH_URL: baseURL!,
      SPIKEWATCH_TOKEN: process.env.E2E_TOKEN!,
      SPIKEWATCH_OFFLINE_DIR: testInfo.outputPath("spikewatch-offline"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  script.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  script.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => script.on("close", resolve));

  // The first collapsed step (12) departs from the healthy baseline by 1.0: a critical alert at once.
  const alert = page.locator('[data-testid="alert-item"][data-step="12"][data-kind="healthy_tool_call_drop"]');
  await expect(alert.first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("latest-step")).toHaveText("15", { timeout: 10_000 });
  expect(await exited, output).toBe(0);
  expect(navigations).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("python-client-live-alert.png"), fullPage: true });
});
