import { expect, test, type Page } from "@playwright/test";

const WIDTHS = [1280, 390] as const;

async function shoot(page: Page, name: string, outputPath: (name: string) => string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    await page.screenshot({ path: outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("npm start replays the demo checkpoints: decision-point chart, spike alert, capability check and token view of demo-grpo-vanilla", async ({
  page,
}, testInfo) => {
  // Ten replays queued by npm start on a 2-core machine that other jobs share.
  test.setTimeout(420_000);
  const outputPath = (name: string) => testInfo.outputPath(name);
  await page.goto("/");
  await page
    .getByTestId("demo-runs")
    .locator('[data-testid="run-row"][data-run-name="demo-grpo-vanilla"]')
    .getByRole("link")
    .first()
    .click();
  await page.getByTestId("run-checkpoints-link").click();

  const checkpointsPage = page.getByTestId("checkpoints-page");
  await expect(checkpointsPage.getByRole("heading", { name: /Checkpoints/ }).first()).toContainText("Demo");
  await expect(page.getByTestId("demo-checkpoints-notice")).toContainText("not trained models");
  for (const step of [20, 40, 60, 80, 100]) {
    const row = page.locator(`[data-testid="checkpoint-row"][data-step="${step}"]`);
    await expect(row).toHaveAttribute("data-status", "scored", { timeout: 360_000 });
    await expect(row).toContainText("demo model");
  }
  await expect(page.getByTestId("decision-chart").locator("svg.recharts-surface").first()).toBeVisible();
  const spike = page.getByTestId("spike-alert");
  await expect(spike).toHaveCount(1, { timeout: 15_000 });
  await expect(spike).toHaveAttribute("data-step", "80");
  await expect(spike).toContainText(/<\|im_end\|>/);
  await expect(spike.getByTestId("capability-check").first()).toHaveAttribute("data-loaded", "true", {
    timeout: 15_000,
  });
  await shoot(page, "demo-checkpoints", outputPath);

  await page
    .locator('[data-testid="checkpoint-row"][data-step="80"]')
    .getByRole("link", { name: "Token view" })
    .click();
  await expect(page.getByTestId("token-view")).toBeVisible();
  await expect(page.getByTestId("token-view-page")).toContainText("Demo");
  const decision = page.locator('[data-testid="trace-token"][data-decision-point="true"]').first();
  await decision.hover();
  await expect(page.getByTestId("token-tooltip")).toContainText(/<\|im_end\|>/);
  await shoot(page, "demo-token-view", outputPath);
});
