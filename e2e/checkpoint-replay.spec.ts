import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { formatProbability } from "../lib/domain/charts/format-probability";
import { makeTempDir, removeDir } from "../test/fixtures/temp-dir";
import { buildCheckpoint, DECISION_PROBE, SPIKE_SERIES_BOOSTS } from "../test/fixtures/tiny-lm/checkpoint-series";
import { createRun } from "./api";

const auth = () => ({ authorization: `Bearer ${process.env.E2E_TOKEN}` });

async function uploadByApi(request: APIRequestContext, runId: string, step: number, dir: string) {
  const multipart: Record<string, string | { name: string; mimeType: string; buffer: Buffer }> = { step: String(step) };
  for (const name of fs.readdirSync(dir))
    multipart[name] = { name, mimeType: "application/octet-stream", buffer: fs.readFileSync(path.join(dir, name)) };
  const res = await request.post(`/api/runs/${runId}/checkpoints`, { headers: auth(), multipart });
  expect(res.status()).toBe(202);
}

test("uploaded checkpoints are replayed by the worker and a planted control-token spike shows up live", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const root = makeTempDir("e2e-ckpt");
  try {
    const dirs = SPIKE_SERIES_BOOSTS.map((imEndBoost, i) => buildCheckpoint(root, `ckpt-${i}`, { imEndBoost }));
    const runId = await createRun(request, `e2e-ckpt-${Date.now()}`);
    expect(
      (await request.post(`/api/runs/${runId}/probes`, { headers: auth(), data: { probes: [DECISION_PROBE] } })).ok(),
    ).toBe(true);

    await page.goto(`/runs/${runId}/checkpoints`);
    await expect(page.getByTestId("checkpoints-page")).toBeVisible();
    await page.getByLabel("Training step").fill("100");
    await page.getByLabel("Files").setInputFiles(fs.readdirSync(dirs[0]!).map((f) => path.join(dirs[0]!, f)));
    await page.getByLabel("API token").fill(process.env.E2E_TOKEN!);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect(page.getByTestId("upload-progress")).toBeVisible();
    await expect(page.locator('[data-testid="checkpoint-row"][data-step="100"]')).toBeVisible({ timeout: 15_000 });

    for (const [i, dir] of dirs.slice(1).entries()) await uploadByApi(request, runId, (i + 2) * 100, dir);
    for (const step of [100, 200, 300, 400]) {
      await expect(page.locator(`[data-testid="checkpoint-row"][data-step="${step}"]`)).toHaveAttribute(
        "data-status",
        "scored",
        { timeout: 90_000 },
      );
    }
    await expect(page.getByTestId("decision-chart").locator("svg.recharts-surface").first()).toBeVisible();
    await expect(page.getByTestId("checkpoints-page")).toContainText(/<\|im_end\|>/, { timeout: 10_000 });
    await page.screenshot({ path: testInfo.outputPath("checkpoints.png"), fullPage: true });

    const alerts = await (await request.get(`/api/runs/${runId}/alerts?kind=control_token_spike`)).json();
    expect(alerts.alerts.map((a: { step: number }) => a.step)).toEqual([400]);

    const checkpoints = await (await request.get(`/api/runs/${runId}/checkpoints`)).json();
    const last = checkpoints.checkpoints.find((c: { step: number }) => c.step === 400);

    // Next to the spike: the capability check, showing the API's numbers (default token: the spike's).
    const capability = await (await request.get(`/api/checkpoints/${last.id}/capability?probe=decision`)).json();
    expect(capability.suppressedToken.text).toBe("<|im_end|>");
    const point = capability.decisionPoints[0];
    const panel = page.getByTestId("spike-alert").first().getByTestId("capability-check").first();
    await expect(panel).toHaveAttribute("data-loaded", "true", { timeout: 10_000 });
    await expect(panel.getByTestId("capability-p-suppressed")).toHaveText(formatProbability(point.pSuppressed));
    await expect(panel.getByTestId("capability-likelihood-before")).toHaveText(
      formatProbability(point.likelihoodBefore),
    );
    await expect(panel.getByTestId("capability-likelihood-after")).toHaveText(formatProbability(point.likelihoodAfter));
    await expect(panel.getByTestId("capability-greedy-before")).toHaveText(point.greedyBefore ? "yes" : "no");
    await expect(panel.getByTestId("capability-greedy-after")).toHaveText(point.greedyAfter ? "yes" : "no");
    await page.goto(`/runs/${runId}/checkpoints/${last.id}?probe=decision`);
    await expect(page.getByTestId("token-view")).toBeVisible();
    const decision = page.locator('[data-testid="trace-token"][data-decision-point="true"]').first();
    await decision.hover();
    await expect(page.getByTestId("token-tooltip")).toBeVisible();
    await expect(page.getByTestId("token-tooltip")).toContainText(/entropy/i);
    await page.screenshot({ path: testInfo.outputPath("token-view.png"), fullPage: true });
  } finally {
    removeDir(root);
  }
});
