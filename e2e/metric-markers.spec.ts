import { expect, test } from "@playwright/test";
import { createRun } from "./api";

// A diverged run's loss: a lone NaN at step 33, then NaN for good from step 80. The chart marks both
// instead of bridging its line over them.
test("the run page marks non-finite metric values at their steps", async ({ page, request }, testInfo) => {
  const runId = await createRun(request, `nan-loss-${Date.now()}`);
  const points = Array.from({ length: 100 }, (_, step) => ({
    step,
    key: "actor/pg_loss",
    value: step === 33 || step >= 80 ? "NaN" : 0.5 - step / 400,
  }));
  const res = await request.post(`/api/runs/${runId}/metrics`, {
    headers: { authorization: `Bearer ${process.env.E2E_TOKEN}` },
    data: { points },
  });
  expect(res.ok()).toBe(true);

  await page.goto(`/runs/${runId}?keys=actor/pg_loss`);
  const chart = page.locator("svg.recharts-surface").filter({ hasText: "NaN" });
  await expect(chart.getByText("NaN", { exact: true })).toBeVisible();
  await expect(chart.getByText("NaN ×20", { exact: true })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("non-finite-markers.png"), fullPage: true });
});
