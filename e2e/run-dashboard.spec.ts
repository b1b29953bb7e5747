import { expect, test } from "@playwright/test";
import { createRun, postHealthyBaseline, postRollouts, stepOf } from "./api";

test("the demo run page draws its charts and its flags", async ({ page }, testInfo) => {
  await page.goto("/");
  const demo = page.getByTestId("demo-runs");
  await expect(demo).toContainText(/demo/i);
  // By exact name: the other vanilla seeds (demo-grpo-vanilla-s2, -s3) contain this one's name.
  await demo.locator('[data-testid="run-row"][data-run-name="demo-grpo-vanilla"]').getByRole("link").first().click();

  await expect(page.getByTestId("run-page")).toBeVisible();
  await expect(page.getByTestId("run-page")).toContainText(/demo/i);
  for (const chart of ["chart-score", "chart-states", "chart-failures"]) {
    await expect(page.getByTestId(chart).locator("svg.recharts-surface").first()).toBeVisible();
    await expect(
      page.getByTestId(chart).locator("path.recharts-area-area, path.recharts-curve, path.recharts-rectangle").first(),
    ).toBeAttached();
  }
  await expect(page.getByTestId("alert-item").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("demo-run-page.png"), fullPage: true });
});

test("a collapse posted while the run page is open shows its step and alert without reload", async ({
  page,
  request,
}, testInfo) => {
  const runId = await createRun(request, `e2e-live-${Date.now()}`);
  await postHealthyBaseline(request, runId);
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("latest-step")).toHaveText("9");
  await expect(page.getByTestId("alert-item")).toHaveCount(0);
  // The stream is open once the page is; then the new step must arrive within 2 s.
  await page.waitForTimeout(500);
  const navigations: string[] = [];
  page.on("framenavigated", (frame) => frame === page.mainFrame() && navigations.push(frame.url()));

  await postRollouts(request, runId, stepOf(10, 8, "collapsed"));
  await expect(page.getByTestId("latest-step")).toHaveText("10", { timeout: 2_000 });
  await expect(page.locator('[data-testid="alert-item"][data-step="10"]').first()).toBeVisible({ timeout: 2_000 });
  await expect(page.locator('[data-testid="alert-item"][data-kind="healthy_tool_call_drop"]')).toHaveCount(1);
  expect(navigations).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("live-alert.png"), fullPage: true });
});

test("clicking a chart point opens the rollouts of that step", async ({ page, request }, testInfo) => {
  const runId = await createRun(request, `e2e-click-${Date.now()}`);
  await postHealthyBaseline(request, runId, 20);
  await page.goto(`/runs/${runId}`);
  const plot = page.getByTestId("chart-states").locator("svg.recharts-surface").first();
  await expect(plot).toBeVisible();
  // As a user does: the pointer rests on the middle of the plot (Recharts marks that step active), then clicks.
  await plot.hover();
  await page.waitForTimeout(200);
  await plot.click();

  await expect(page).toHaveURL(/\/runs\/[^/]+\/rollouts\?.*step=\d+/);
  const step = Number(new URL(page.url()).searchParams.get("step"));
  expect(step).toBeGreaterThanOrEqual(0);
  expect(step).toBeLessThan(20);
  await expect(page.getByTestId("rollout-browser")).toBeVisible();
  await expect(page.getByTestId("rollout-item")).toHaveCount(8);
  await expect(page.getByTestId("rollout-item").first()).toContainText(String(step));
  await page.screenshot({ path: testInfo.outputPath("rollout-browser.png"), fullPage: true });
});

test("the runs list shows a new alert without reload", async ({ page, request }, testInfo) => {
  const name = `e2e-list-${Date.now()}`;
  const runId = await createRun(request, name);
  await postHealthyBaseline(request, runId);
  await page.goto("/");
  const row = page.locator(`[data-testid="run-row"][data-run-name="${name}"]`);
  await expect(row).toBeVisible();
  await page.waitForTimeout(500);

  await postRollouts(request, runId, stepOf(10, 8, "collapsed"));
  await expect(row.getByTestId("run-newest-alert")).toContainText("10", { timeout: 3_000 });
  await page.screenshot({ path: testInfo.outputPath("runs-list.png"), fullPage: true });
});
