import { expect, test } from "@playwright/test";

// The sign-in page's return link comes from `?next=`; where it leads is decided by the browser's own
// URL parser (it drops tabs and newlines, resolves dot segments, reads `\` as `/`), so it is checked
// in Chromium. Each of these left the site before the fix (a black-box probe found the first three).
const HOSTILE = [
  "/%09/evil.example",
  "/.//evil.example",
  "/..//evil.example/path",
  "/%0a/evil.example",
  "/%5C/evil.example",
  "/%2e%2e//evil.example",
  "/%0d//evil.example",
];

for (const next of HOSTILE) {
  test(`the sign-in page's Continue link stays on the site for next=${next}`, async ({ page, baseURL }) => {
    // Nothing may leave the machine even if the link were wrong.
    await page.route(
      (url) => url.hostname.endsWith("evil.example"),
      (route) => route.abort(),
    );
    const site = new URL(baseURL!).origin;
    await page.goto(`/sign-in?next=${next}`);
    const link = page.getByRole("link", { name: "Continue" });
    expect(new URL(await link.evaluate((a) => (a as HTMLAnchorElement).href)).origin).toBe(site);
    await link.click();
    await page.waitForLoadState();
    expect(new URL(page.url()).origin).toBe(site);
  });
}

test("a return path on the site is kept", async ({ page, baseURL }) => {
  await page.goto(`/sign-in?next=${encodeURIComponent("/compare?regimes=vanilla_rl")}`);
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(`${new URL(baseURL!).origin}/compare?regimes=vanilla_rl`);
});
