import fs from "node:fs";
import { expect, test } from "@playwright/test";

const DEMO_REGIMES = ["vanilla_rl", "ets", "ops"];
const NUMERIC_FIELDS = ["collapseOnsetStep", "minHealthyToolCallRate", "bestScore", "finalScore", "maxDrawdown", "firstSpikeStep", "spikeLeadSteps"] as const;

type ApiRow = Record<(typeof NUMERIC_FIELDS)[number], number | null> & { id: string; name: string; regime: string; collapseStatus: string };

test("three demo regimes side by side: picker, charts, table equal to the API, CSV download", async ({ page, request }, testInfo) => {
  await page.goto("/compare");
  const picker = page.getByTestId("compare-picker");
  for (const regime of DEMO_REGIMES) await picker.getByRole("checkbox", { name: regime, exact: true }).check();
  await picker.getByRole("combobox").selectOption("only");
  await page.getByTestId("compare-apply").click();
  await expect(page).toHaveURL(/regimes=vanilla_rl,ets,ops&demo=only/);

  const api = await request.get(`/api/compare?regimes=${DEMO_REGIMES.join(",")}&demo=only`);
  expect(api.ok()).toBe(true);
  const body = (await api.json()) as { runs: ApiRow[]; regimes: { regime: string; collapsed: number; judged: number }[] };
  expect(body.regimes.map((r) => r.regime).sort()).toEqual([...DEMO_REGIMES].sort());
  expect(body.runs.length).toBeGreaterThanOrEqual(3);

  // Which regime collapsed: vanilla did, the supervised ones did not.
  const vanilla = body.regimes.find((r) => r.regime === "vanilla_rl")!;
  expect(vanilla.collapsed).toBe(vanilla.judged);
  await expect(page.getByTestId("compare-summary")).toContainText(`${vanilla.collapsed} of ${vanilla.judged} runs collapsed`);

  // Every number in the table is the API's.
  const table = page.getByTestId("compare-table");
  for (const run of body.runs) {
    const row = table.getByTestId(`compare-row-${run.id}`);
    await expect(row).toContainText(run.name);
    for (const field of NUMERIC_FIELDS) {
      const value = await row.locator(`[data-field="${field}"]`).getAttribute("data-value");
      expect(value === "" ? null : Number(value), `${run.name} ${field}`).toBe(run[field]);
    }
    await expect(row.locator('[data-field="collapseOnsetStep"]')).toHaveText(run.collapseStatus === "collapsed" ? String(run.collapseOnsetStep) : "none");
  }
  for (const regime of DEMO_REGIMES) await expect(table.getByTestId(`compare-regime-${regime}`)).toBeVisible();

  await expect(page.getByTestId("compare-chart").locator(".recharts-wrapper")).toHaveCount(4);
  await expect(page.getByTestId("survival-chart").locator(".recharts-wrapper")).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("compare-demo.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("compare-csv").click()]);
  const csv = fs.readFileSync((await download.path())!, "utf8").trimEnd().split("\r\n");
  expect(csv).toHaveLength(1 + body.runs.length + body.regimes.length);
  const header = csv[0]!.split(",");
  const onsetColumn = header.indexOf("collapse_onset_step");
  const vanillaRun = body.runs.find((r) => r.regime === "vanilla_rl")!;
  const line = csv.find((l) => l.includes(vanillaRun.id))!.split(",");
  expect(Number(line[onsetColumn])).toBe(vanillaRun.collapseOnsetStep);

  // The URL alone reproduces the view.
  await page.goto(page.url());
  await expect(table.getByTestId(`compare-row-${vanillaRun.id}`)).toContainText(String(vanillaRun.collapseOnsetStep));

  // The stored verdict is the one the run page shows.
  await table.getByRole("link", { name: vanillaRun.name, exact: true }).click();
  await expect(page.getByTestId("run-collapse-verdict")).toContainText(`onset at step ${vanillaRun.collapseOnsetStep}`);
});

test("a bad selection says what was wrong", async ({ page }) => {
  await page.goto("/compare?runs=no-such-run");
  await expect(page.getByTestId("compare-problem")).toContainText("no-such-run");
});

const ACEBENCH_CONFIGURATIONS = fs.readdirSync("../shared/data/acebench-dialogues/multi_turn");

test("the ten ACEBench configurations loaded at start, side by side with their state mix", async ({ page }, testInfo) => {
  expect(ACEBENCH_CONFIGURATIONS).toHaveLength(10);
  await page.goto("/compare");
  await page.getByRole("link", { name: "All real runs by regime" }).click();
  await expect(page).toHaveURL(/demo=exclude/);
  const table = page.getByTestId("compare-table");
  for (const name of ACEBENCH_CONFIGURATIONS) {
    const row = table.locator("tr", { has: page.getByRole("link", { name, exact: true }) });
    await expect(row.locator('[data-field="stateMix"]')).toHaveAttribute("title", /healthy tool call \d+\.\d%.*full collapse \d+\.\d% \(\d+ turns/);
    await expect(row.locator('[data-field="collapseOnsetStep"]')).toHaveText("n/a"); // evaluation-only: no training steps
  }
  await page.screenshot({ path: testInfo.outputPath("compare-acebench.png"), fullPage: true });
});
