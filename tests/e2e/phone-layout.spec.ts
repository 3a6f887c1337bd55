/**
 * Phone layouts on the corpus server (tests/e2e/corpus.ts), with real lengths:
 * no page scrolls sideways at 390 px (every page of the issue list, issues,
 * concepts with years of timeline, search results with unbroken URLs in their
 * excerpts, the signed-in header); the account button stays on one line;
 * related concepts come before a concept's long list of mentions.
 */
import { expect, test, type Page } from "@playwright/test";
import { PHONE, useCorpus } from "./corpus";

useCorpus();
test.use(PHONE);

/** The page is no wider than the screen; on failure, the elements that stick out. */
async function expectNoSidewaysScroll(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  const { scrollWidth, innerWidth, offenders } = await page.evaluate(() => {
    // Not window.innerWidth: with a phone's viewport emulated, the layout viewport grows with the
    // content, so innerWidth widens with the very overflow this looks for (700 px of content: 708).
    const innerWidth = document.documentElement.clientWidth;
    const offenders = Array.from(document.querySelectorAll("body *"))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > innerWidth + 1 && !el.closest(".visually-hidden, [hidden], dialog:not([open])");
      })
      .slice(0, 5)
      .map(
        (el) => `${el.tagName.toLowerCase()}.${el.className} (right ${Math.round(el.getBoundingClientRect().right)})`,
      );
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, offenders };
  });
  expect(scrollWidth, `${path} scrolls sideways: ${offenders.join("; ")}`).toBeLessThanOrEqual(innerWidth);
}

/** Hrefs of the links in main matching `pattern`, deduplicated, at most `n`. */
async function links(page: Page, pattern: RegExp, n: number): Promise<string[]> {
  const hrefs = await page
    .getByRole("main")
    .locator("a[href]")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return [...new Set(hrefs.filter((h) => pattern.test(h)))].slice(0, n);
}

test("no page of the issue list, nor its year filters, scrolls sideways at 390 px", async ({ page }) => {
  test.setTimeout(180_000);
  await expectNoSidewaysScroll(page, "/issues");
  const last = Number((await page.locator(".pagination").textContent())?.match(/of (\d+)/)?.[1] ?? "1");
  expect(last, "the corpus fills several pages").toBeGreaterThan(5);
  const years = await links(page, /\/issues\?year=/, 20);
  expect(years.length).toBeGreaterThan(2);
  for (let n = 2; n <= last; n++) await expectNoSidewaysScroll(page, `/issues?page=${n}`);
  for (const href of years) await expectNoSidewaysScroll(page, href);
});

test("home, issues, concepts, search, sign-in and sign-up pages don't scroll sideways at 390 px", async ({ page }) => {
  test.setTimeout(180_000);
  for (const path of ["/", "/concepts", "/login", "/signup", "/search", "/no-such-page"])
    await expectNoSidewaysScroll(page, path);

  await page.goto("/issues?page=3");
  for (const href of await links(page, /^\/issues\/[^/?#]+$/, 8)) await expectNoSidewaysScroll(page, href);

  await page.goto("/concepts");
  const concepts = await links(page, /^\/concepts\/[^/?#]+$/, 6);
  for (const href of ["/concepts/feature-factory", ...concepts]) await expectNoSidewaysScroll(page, href);

  for (const q of ["roadmap", "issues page", "https", "feature factory", "team"]) {
    await expectNoSidewaysScroll(page, `/search?q=${encodeURIComponent(q)}`);
    await expectNoSidewaysScroll(page, `/search?q=${encodeURIComponent(q)}&page=2`);
  }
});

test("a concept's timeline fits the screen, last bar included, and related concepts come before its mentions", async ({
  page,
}) => {
  await page.goto("/concepts/feature-factory");
  const bars = page.locator(".timeline__year");
  expect(await bars.count(), "several years of mentions").toBeGreaterThan(4);
  const lastBar = await bars.last().boundingBox();
  expect(lastBar!.x + lastBar!.width).toBeLessThanOrEqual(390);
  const firstBar = await bars.first().boundingBox();
  expect(firstBar!.x).toBeGreaterThanOrEqual(0);

  const related = page.getByRole("heading", { name: /^Related concepts/ });
  const mentions = page.getByRole("heading", { name: "Every mention" });
  await expect(related).toBeVisible();
  const [r, m] = await Promise.all([related.boundingBox(), mentions.boundingBox()]);
  expect(r!.y).toBeLessThan(m!.y);
  expect(r!.y, "related concepts within the first few screens").toBeLessThan(2_500);
});

test("signed in with a long name, the account button keeps to one line and the header fits", async ({ page }) => {
  const name = "Maximiliana Featherstonehaugh-Smythe";
  await page.goto("/signup");
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Email").fill(`phone-${Date.now()}@example.org`);
  await page.getByLabel("Password").fill("a passphrase for phone layouts");
  await page.getByRole("button", { name: "Create account" }).click();
  const summary = page.getByRole("banner").locator(".account-menu summary");
  await expect(summary).toBeVisible();

  for (const path of [
    "/",
    "/issues",
    "/concepts/feature-factory",
    "/search?q=roadmap",
    "/me/annotations",
    "/me/account",
  ]) {
    await expectNoSidewaysScroll(page, path);
    // One line: the name is a single line box, and nothing else in the button sits above or below it.
    const lines = await summary.evaluate((el) => {
      const name = el.querySelector(".account-menu__name")!;
      const nameRange = document.createRange();
      nameRange.selectNodeContents(name);
      const nameLines = new Set(Array.from(nameRange.getClientRects()).map((r) => Math.round(r.top))).size;
      const box = name.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(el);
      const outside = Array.from(range.getClientRects()).filter(
        (r) => r.width > 1 && r.height > 1 && (r.top + r.height / 2 < box.top || r.top + r.height / 2 > box.bottom),
      ).length;
      return nameLines + outside;
    });
    expect(lines, `account button on ${path}`).toBe(1);
    const box = await summary.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  }
  // The full name is still there for whoever opens the menu or reads the page with a screen reader.
  await expect(summary).toContainText(name);
});
