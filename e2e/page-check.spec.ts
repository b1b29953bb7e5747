import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type ConsoleMessage, type Page, type Request } from "@playwright/test";

// Every page a new user reaches after `npm start`, at a laptop and a phone width: nothing wider than
// the window, every table column reachable, no console errors or failed requests, no repeated axis
// labels, and a full-page screenshot of each for a person to look at (test-results/e2e/page-check-*).
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
const SCREENSHOTS = path.join("test-results", "e2e");

type RunRow = { id: string; name: string; isDemo: boolean };

async function runIds(request: APIRequestContext) {
  const runs = ((await (await request.get("/api/runs")).json()) as { runs: RunRow[] }).runs;
  const byName = (name: string) => runs.find((r) => r.name === name)?.id;
  const train = byName("demo-grpo-vanilla");
  const evaluation = byName("Qwen2.5-1.5B-GRPO") ?? runs.find((r) => !r.isDemo)?.id;
  if (!train || !evaluation) throw new Error("npm start should have loaded the demo and the ACEBench sample");
  const rollout = (
    (await (await request.get(`/api/runs/${train}/rollouts?limit=1`)).json()) as {
      rollouts: { id: number; step: number }[];
    }
  ).rollouts[0]!;
  const checkpoint = (
    (await (await request.get(`/api/runs/${train}/checkpoints`)).json()) as { checkpoints: { id: string }[] }
  ).checkpoints[0];
  return { train, evaluation, rollout, checkpoint };
}

/** The pages to check by name; `status` is the document's expected HTTP status. */
async function pagesToCheck(request: APIRequestContext): Promise<{ name: string; url: string; status?: number }[]> {
  const { train, evaluation, rollout, checkpoint } = await runIds(request);
  return [
    { name: "runs", url: "/" },
    { name: "run-train", url: `/runs/${train}` },
    { name: "run-eval", url: `/runs/${evaluation}` },
    { name: "rollouts", url: `/runs/${train}/rollouts` },
    { name: "transcript", url: `/runs/${train}/rollouts?step=${rollout.step}&rollout=${rollout.id}` },
    { name: "eval-transcripts", url: `/runs/${evaluation}/rollouts?split=eval` },
    { name: "checkpoints", url: `/runs/${train}/checkpoints` },
    ...(checkpoint ? [{ name: "token-view", url: `/runs/${train}/checkpoints/${checkpoint.id}` }] : []),
    { name: "compare-picker", url: "/compare" },
    { name: "compare-demo", url: "/compare?regimes=vanilla_rl,ets,ops&demo=only" },
    { name: "compare-evaluations", url: "/compare?evaluations=all&demo=exclude" },
    { name: "sign-in", url: "/sign-in" },
    { name: "not-found", url: "/no-such-page", status: 404 },
    { name: "run-not-found", url: "/runs/no-such-run", status: 404 },
  ];
}

/** Console errors, uncaught exceptions and failed or refused requests while the page is open. */
function watchProblems(page: Page, url: string, documentStatus: number): string[] {
  const problems: string[] = [];
  // Chromium logs a not-found page's own 404 as an error; that one is expected.
  const isExpectedDocumentStatus = (m: ConsoleMessage) =>
    documentStatus !== 200 && new URL(m.location().url).pathname === url;
  page.on(
    "console",
    (m) =>
      m.type() === "error" &&
      !isExpectedDocumentStatus(m) &&
      problems.push(`console: ${m.text()} (${m.location().url})`),
  );
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  // Next.js cancels link prefetches (`?_rsc=`) it no longer needs; that is not a failed request.
  const isCancelledPrefetch = (r: Request) =>
    r.failure()?.errorText === "net::ERR_ABORTED" && new URL(r.url()).searchParams.has("_rsc");
  page.on(
    "requestfailed",
    (r) => !isCancelledPrefetch(r) && problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ""}`),
  );
  page.on("response", (r) => {
    const isDocument = r.request().resourceType() === "document";
    if (r.status() >= 400 && !(isDocument && r.status() === documentStatus))
      problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

/** Tables wider than their box: they must scroll inside it and keep their first column in view. */
async function tableProblems(page: Page, isNarrow: boolean): Promise<string[]> {
  return page.locator("table").evaluateAll(
    (tables, narrow) =>
      tables.flatMap((table, i) => {
        if (table.getBoundingClientRect().width === 0) return [];
        const name = table.getAttribute("data-testid") ?? table.getAttribute("aria-label") ?? `table ${i + 1}`;
        let box: HTMLElement | null = table.parentElement;
        while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
        const overflows = table.scrollWidth > (box ?? document.documentElement).clientWidth + 1;
        if (!overflows) return [];
        if (!box) return [`${name}: wider than the page and not in a scrolling box`];
        if (!narrow)
          return [
            `${name}: needs sideways scrolling at a laptop width (${table.scrollWidth} px in ${box.clientWidth} px)`,
          ];
        const first = table.querySelector("tr > :first-child");
        return first && getComputedStyle(first).position === "sticky"
          ? []
          : [`${name}: scrolls sideways but its first column does not stay in view`];
      }),
    isNarrow,
  );
}

/** Chart axes whose tick labels repeat (e.g. "1%, 1%, 2%" from rounding). */
async function repeatedTicks(page: Page): Promise<string[]> {
  return page.locator(".recharts-cartesian-axis").evaluateAll((axes) =>
    axes.flatMap((axis) => {
      const labels = [...axis.querySelectorAll(".recharts-cartesian-axis-tick-value")].map((t) => t.textContent ?? "");
      const repeated = labels.filter((label, i) => labels.indexOf(label) !== i);
      return repeated.length
        ? [`axis labels ${JSON.stringify(labels)} repeat ${JSON.stringify([...new Set(repeated)])}`]
        : [];
    }),
  );
}

test("every page fits a laptop and a phone, with no errors, reachable columns and distinct axis labels", async ({
  browser,
  request,
}) => {
  test.setTimeout(600_000);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const failures: string[] = [];
  for (const target of await pagesToCheck(request)) {
    for (const viewport of WIDTHS) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const problems = watchProblems(page, target.url, target.status ?? 200);
      const response = await page.goto(target.url, { waitUntil: "load" });
      expect(response?.status(), `${target.name} status`).toBe(target.status ?? 200);
      // Charts draw after hydration and a first measure of their box.
      await page.waitForTimeout(1_500);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) problems.push(`page is ${overflow} px wider than the window`);
      problems.push(...(await tableProblems(page, viewport.width < 640)), ...(await repeatedTicks(page)));
      await page.screenshot({
        path: path.join(SCREENSHOTS, `page-check-${target.name}-${viewport.width}.png`),
        fullPage: true,
      });
      failures.push(...problems.map((p) => `${target.name} @${viewport.width}: ${p}`));
      await context.close();
    }
  }
  expect(failures).toEqual([]);
});

test("empty states say what to do next with a command to copy", async ({ page, request }) => {
  const res = await request.post("/api/runs", {
    headers: { authorization: `Bearer ${process.env.E2E_TOKEN}` },
    data: { name: `e2e-empty-${Date.now()}` },
  });
  const { id } = (await res.json()) as { id: string };
  await page.goto(`/runs/${id}/checkpoints`);
  await expect(page.getByTestId("checkpoints-empty")).toContainText(`npx spikewatch checkpoint add --run ${id} --step`);
  await expect(page.getByTestId("checkpoints-empty")).toContainText(`npx spikewatch checkpoint watch --run ${id}`);
});
