import fs from "node:fs";
import { expect, test } from "@playwright/test";

const DEMO_REGIMES = ["vanilla_rl", "ets", "ops"];
const NUMERIC_FIELDS = [
  "collapseOnsetStep",
  "minHealthyToolCallRate",
  "bestScore",
  "finalScore",
  "maxDrawdown",
  "firstSpikeStep",
  "spikeLeadSteps",
] as const;

type ApiRow = Record<(typeof NUMERIC_FIELDS)[number], number | null> & {
  id: string;
  name: string;
  regime: string;
  collapseStatus: string;
};

test("three demo regimes side by side: picker, charts, table equal to the API, CSV download", async ({
  page,
  request,
}, testInfo) => {
  await page.goto("/compare");
  const picker = page.getByTestId("compare-picker");
  for (const regime of DEMO_REGIMES) await picker.getByRole("checkbox", { name: regime, exact: true }).check();
  await picker.getByRole("combobox").selectOption("only");
  await page.getByTestId("compare-apply").click();
  await expect(page).toHaveURL(/regimes=vanilla_rl,ets,ops&demo=only/);

  const api = await request.get(`/api/compare?regimes=${DEMO_REGIMES.join(",")}&demo=only`);
  expect(api.ok()).toBe(true);
  const body = (await api.json()) as {
    runs: ApiRow[];
    regimes: { regime: string; collapsed: number; judged: number }[];
  };
  expect(body.regimes.map((r) => r.regime).sort()).toEqual([...DEMO_REGIMES].sort());
  expect(body.runs.length).toBeGreaterThanOrEqual(3);

  // Which regime collapsed: vanilla did, the supervised ones did not.
  const vanilla = body.regimes.find((r) => r.regime === "vanilla_rl")!;
  expect(vanilla.collapsed).toBe(vanilla.judged);
  await expect(page.getByTestId("compare-summary")).toContainText(
    `${vanilla.collapsed} of ${vanilla.judged} runs collapsed`,
  );

  // Every number in the table is the API's.
  const table = page.getByTestId("compare-table");
  for (const run of body.runs) {
    const row = table.getByTestId(`compare-row-${run.id}`);
    await expect(row).toContainText(run.name);
    for (const field of NUMERIC_FIELDS) {
      const value = await row.locator(`[data-field="${field}"]`).getAttribute("data-value");
      expect(value === "" ? null : Number(value), `${run.name} ${field}`).toBe(run[field]);
    }
    await expect(row.locator('[data-field="collapseOnsetStep"]')).toHaveText(
      run.collapseStatus === "collapsed" ? String(run.collapseOnsetStep) : "none",
    );
  }
  for (const regime of DEMO_REGIMES) await expect(table.getByTestId(`compare-regime-${regime}`)).toBeVisible();

  await expect(page.getByTestId("compare-chart").locator(".recharts-wrapper")).toHaveCount(4);
  await expect(page.getByTestId("survival-chart").locator(".recharts-wrapper")).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("compare-demo.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("compare-csv").click()]);
  const csv = fs
    .readFileSync((await download.path())!, "utf8")
    .trimEnd()
    .split("\r\n");
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

// The folder `npm start` imports (SPIKEWATCH_SAMPLE_DATA when set, as the config reads it), one run per configuration.
const SAMPLE_DATA =
  process.env.SPIKEWATCH_SAMPLE_DATA && process.env.SPIKEWATCH_SAMPLE_DATA !== "off"
    ? process.env.SPIKEWATCH_SAMPLE_DATA
    : "../shared/data/acebench-dialogues/multi_turn";
const ACEBENCH_CONFIGURATIONS = fs
  .readdirSync(SAMPLE_DATA, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith("."))
  .map((e) => e.name);

test("the ACEBench configurations loaded at start compare as evaluations in one click", async ({ page }, testInfo) => {
  await page.goto("/");
  await page.getByTestId("compare-evaluations").click();
  await expect(page).toHaveURL(/evaluations=all&demo=exclude/);
  const table = page.getByTestId("compare-evaluations");
  for (const name of ACEBENCH_CONFIGURATIONS) {
    const row = table.locator("tr", { has: page.getByRole("link", { name, exact: true }) });
    await expect(row.locator('[data-field="stateMix"]')).toHaveAttribute(
      "title",
      /healthy tool call \d+\.\d%.*full collapse \d+\.\d% \(\d+ assistant turns/,
    );
    await expect(row.locator('[data-field="structureBreak"]')).toHaveText(/^(turn \d+|holds)$/);
  }
  // The shipped data: vanilla GRPO's structure breaks at its first assistant turn, the base model's holds.
  if (ACEBENCH_CONFIGURATIONS.includes("Qwen2.5-1.5B-GRPO")) {
    await expect(
      table
        .locator("tr", { has: page.getByRole("link", { name: "Qwen2.5-1.5B-GRPO", exact: true }) })
        .locator('[data-field="structureBreak"]'),
    ).toHaveText("turn 1");
    await expect(
      table
        .locator("tr", { has: page.getByRole("link", { name: "Qwen2.5-1.5B-Instruct-local", exact: true }) })
        .locator('[data-field="structureBreak"]'),
    ).toHaveText("holds");
  }
  await expect(page.getByTestId("compare-turn-positions")).toHaveCount(ACEBENCH_CONFIGURATIONS.length);
  await expect(
    page.getByTestId("compare-turn-positions").first().locator(".recharts-bar-rectangle").first(),
  ).toBeAttached();
  await page.screenshot({ path: testInfo.outputPath("compare-acebench.png"), fullPage: true });

  // Each configuration's run page reads as an evaluation, its dialogues linking to their transcripts.
  await table.getByRole("link", { name: ACEBENCH_CONFIGURATIONS[0]!, exact: true }).click();
  await expect(page.getByTestId("evaluation-view")).toBeVisible();
  await expect(page.getByTestId("dialogue-row").first()).toBeVisible();
  await page.getByTestId("dialogue-row").first().getByRole("link").click();
  await expect(page).toHaveURL(/\/rollouts\?split=eval&step=\d+&rollout=\d+/);
  await expect(page.getByTestId("transcript")).toBeVisible();
});
