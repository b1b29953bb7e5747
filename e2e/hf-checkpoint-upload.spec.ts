import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { makeTempDir, removeDir } from "../test/fixtures/temp-dir";
import { copyHfCheckpoint } from "../test/fixtures/hf-checkpoint";
import { DECISION_PROBE } from "../test/fixtures/tiny-lm/checkpoint-series";
import { createRun } from "./api";

const auth = () => ({ authorization: `Bearer ${process.env.E2E_TOKEN}` });

/** Picks a whole folder in the upload form, as the browser's folder dialog does (webkitdirectory). */
async function pickFolder(page: Page, dir: string): Promise<void> {
  await page.getByLabel("…or a whole folder").setInputFiles(dir);
}

async function uploadFolder(page: Page, step: number, dir: string): Promise<void> {
  await page.getByLabel("Training step").fill(String(step));
  await pickFolder(page, dir);
  await page.getByLabel("API token").fill(process.env.E2E_TOKEN!);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("upload-done")).toBeVisible({ timeout: 30_000 });
}

test("a trainer's folder is picked as it is: model files sent, training state skipped, pickles refused", async ({
  page,
  request,
}) => {
  const root = makeTempDir("e2e-hf-pick");
  try {
    const runId = await createRun(request, `e2e-hf-pick-${Date.now()}`);
    await page.goto(`/runs/${runId}/checkpoints`);
    await expect(page.getByTestId("checkpoints-page")).toBeVisible();

    const pickled = path.join(root, "old-save");
    fs.mkdirSync(pickled);
    fs.copyFileSync(
      path.join(copyHfCheckpoint(root, "src", "qwen3-bf16"), "config.json"),
      path.join(pickled, "config.json"),
    );
    fs.writeFileSync(path.join(pickled, "pytorch_model.bin"), "pickle");
    await page.getByLabel("Training step").fill("50");
    await pickFolder(page, pickled);
    await expect(page.getByTestId("upload-problem")).toContainText(
      "only safetensors weights are loaded: pickled files (.bin, .pt, .pth) can run code",
    );
    await expect(page.getByRole("button", { name: "Upload" })).toBeDisabled();

    // transformers Trainer's checkpoint-<N>: sharded bfloat16 weights, tokenizer, and training state.
    const dir = copyHfCheckpoint(root, "checkpoint-100", "qwen2-bf16-sharded", { withTrainerState: true });
    await pickFolder(page, dir);
    const plan = page.getByTestId("upload-plan");
    await expect(plan).toContainText("model-00001-of-00002.safetensors");
    await expect(plan).toContainText("model.safetensors.index.json");
    await expect(page.getByTestId("upload-skipped").filter({ hasText: "trainer state" })).toContainText(
      "Skipping 5 files",
    );
    await uploadFolder(page, 100, dir);
    await expect(page.locator('[data-testid="checkpoint-row"][data-step="100"]')).toBeVisible({ timeout: 15_000 });

    const { checkpoints } = await (await request.get(`/api/runs/${runId}/checkpoints`)).json();
    expect(checkpoints[0].files.map((f: { name: string }) => f.name)).toEqual([
      "config.json",
      "generation_config.json",
      "model.safetensors.index.json",
      "model-00001-of-00002.safetensors",
      "model-00002-of-00002.safetensors",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
  } finally {
    removeDir(root);
  }
});

// Needs the worker to build a model from safetensors (the "graph" branch): without it the replay fails.
test("a Hugging Face folder uploaded in the browser is replayed and opens in the token view", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const root = makeTempDir("e2e-hf-replay");
  try {
    const runId = await createRun(request, `e2e-hf-replay-${Date.now()}`);
    expect(
      (await request.post(`/api/runs/${runId}/probes`, { headers: auth(), data: { probes: [DECISION_PROBE] } })).ok(),
    ).toBe(true);
    await page.goto(`/runs/${runId}/checkpoints`);
    await uploadFolder(page, 200, copyHfCheckpoint(root, "checkpoint-200", "qwen3-bf16", { withTrainerState: true }));

    const row = page.locator('[data-testid="checkpoint-row"][data-step="200"]');
    await expect(row).toHaveAttribute("data-status", /scored|failed/, { timeout: 120_000 });
    const { checkpoints } = await (await request.get(`/api/runs/${runId}/checkpoints`)).json();
    expect(checkpoints[0], "the replay's error").toMatchObject({ status: "scored", error: null });
    await row.getByRole("link", { name: "Token view" }).click();
    await expect(page.getByTestId("token-view")).toBeVisible();
    const decision = page.locator('[data-testid="trace-token"][data-decision-point="true"]').first();
    await decision.hover();
    await expect(page.getByTestId("token-tooltip")).toContainText(/entropy/i);
    await page.screenshot({ path: testInfo.outputPath("hf-token-view.png"), fullPage: true });
  } finally {
    removeDir(root);
  }
});
