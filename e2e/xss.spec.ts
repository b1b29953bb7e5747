import { expect, test, type Page } from "@playwright/test";
import { createRun, postRollouts } from "./api";

// Rollout text, tool calls and run names come from trainers and models: never trusted as HTML.
const SCRIPT = "<script>window.__xss=1</script>";
const IMG = '<img src=x onerror="window.__xss=2">';
const SVG = '<svg onload="window.__xss=3;alert(3)"></svg>';
const BREAKOUT = '"><script>alert(4)</script>';

type Probe = { dialogs: string[] };

function watch(page: Page): Probe {
  const probe: Probe = { dialogs: [] };
  page.on("dialog", async (dialog) => {
    probe.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return probe;
}

async function expectNothingRan(page: Page, probe: Probe): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(probe.dialogs).toEqual([]);
  // No element the payloads would have made, anywhere in the document.
  await expect(page.locator('img[src="x"], svg[onload], [onerror]')).toHaveCount(0);
  // Next's own scripts carry the page data (payloads included) as escaped JSON strings; an injected
  // script would be one whose whole code is the payload.
  const injected = await page
    .locator("script")
    .evaluateAll(
      (els) => els.filter((el) => /^(window\.__xss=\d|alert\(\d\))$/.test(el.textContent?.trim() ?? "")).length,
    );
  expect(injected).toBe(0);
}

test("script and markup in rollouts, tool calls and run names are shown as text and never run", async ({
  page,
  request,
}, testInfo) => {
  const probe = watch(page);
  const stamp = `e2e-xss-${Date.now()}`;
  const name = `${stamp} ${IMG} ${SCRIPT}`;
  const runId = await createRun(request, name, { model: `model ${SVG}` });
  const toolCall = `<tool_call>\n{"name": "send_message", "arguments": {"to": "Frank", "text": "${SCRIPT.replace(/"/g, '\\"')} ${IMG.replace(/"/g, '\\"')}"}}\n</tool_call>`;
  await postRollouts(request, runId, [
    {
      step: 0,
      sampleId: "plain",
      reward: 1,
      messages: [
        { role: "user", content: `Please echo ${SCRIPT}` },
        { role: "assistant", content: `Sure: ${SCRIPT} ${IMG} ${SVG}` },
      ],
    },
    {
      step: 0,
      sampleId: "tool-call",
      reward: 1,
      messages: [
        { role: "user", content: "Message Frank" },
        { role: "assistant", content: toolCall },
        { role: "tool", content: `{"ok": true, "echo": "${BREAKOUT.replace(/"/g, '\\"')}"}` },
      ],
    },
    {
      step: 0,
      sampleId: "broken-json",
      reward: 0,
      messages: [
        { role: "user", content: "Message Frank" },
        {
          role: "assistant",
          content: `<tool_call>\n{"name": "send_message", "arguments": ${BREAKOUT} ${IMG}\n</tool_call>`,
        },
      ],
    },
  ]);

  await page.goto("/");
  await expect(page.getByTestId("run-row").filter({ hasText: stamp })).toContainText(SCRIPT);
  await expectNothingRan(page, probe);

  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-page")).toContainText(IMG);
  await expectNothingRan(page, probe);

  await page.goto(`/runs/${runId}/rollouts?step=0`);
  await expect(page.getByTestId("rollout-browser")).toContainText(`Rollouts of ${name}`);
  // A valid tool call is shown as pretty-printed JSON, so its quotes appear escaped.
  const asJson = (text: string) => text.replace(/"/g, '\\"');
  const expected: Record<string, string[]> = {
    plain: [SCRIPT, IMG, SVG],
    "tool-call": [SCRIPT, asJson(IMG), BREAKOUT],
    "broken-json": [BREAKOUT, IMG],
  };
  const items = page.getByTestId("rollout-item");
  await expect(items).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    const sampleId = /step 0 · (\S+)/.exec(await items.nth(i).innerText())![1]!;
    await items.nth(i).getByRole("link").click();
    await expect(items.nth(i).getByRole("link")).toHaveAttribute("aria-current", "true");
    for (const text of expected[sampleId]!) await expect(page.getByTestId("transcript")).toContainText(text);
    await expectNothingRan(page, probe);
  }
  await page.screenshot({ path: testInfo.outputPath("xss-as-text.png"), fullPage: true });
});
