/**
 * The /search page on the corpus server (tests/e2e/corpus.ts), where queries
 * have several pages of results: the total holds from page to page and the
 * pages together list every result once; a page past the last says so; on a
 * phone the filters are a collapsed panel above the results.
 */
import { expect, test, type Page } from "@playwright/test";
import { PHONE, useCorpus } from "./corpus";

useCorpus();

async function summary(page: Page): Promise<{ total: number; pages: number | null }> {
  const text = (await page.locator(".search-summary").textContent()) ?? "";
  const total = /^(\d+) results?/.exec(text);
  expect(total, `summary “${text}”`).not.toBeNull();
  const pages = / — page \d+ of (\d+)/.exec(text);
  return { total: Number(total![1]), pages: pages ? Number(pages[1]) : null };
}

test.describe("paging", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  // A query naming a concept (it leads page one) and a plain one.
  for (const q of ["feature factory", "roadmap"]) {
    test(`“${q}”: the same total on every page, and every result on exactly one page`, async ({ page }) => {
      test.setTimeout(90_000);
      await page.goto(`/search?q=${encodeURIComponent(q)}`);
      const first = await summary(page);
      expect(first.pages, "several pages of results").toBeGreaterThan(1);
      const seen: string[] = [];
      for (let n = 1; n <= first.pages!; n++) {
        if (n > 1) {
          await page.getByRole("navigation", { name: "Result pages" }).getByRole("link", { name: /Next/ }).click();
          await expect(page).toHaveURL(new RegExp(`[?&]page=${n}$`));
        }
        expect(await summary(page), `page ${n}`).toEqual(first);
        await expect(page.locator(".pagination")).toContainText(`Page ${n} of ${first.pages}`);
        const links = await page
          .locator(".search-results > li h2 a")
          .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
        expect(links.length, `page ${n} is full, or the last`).toBe(
          n < first.pages! ? 20 : first.total - 20 * (first.pages! - 1),
        );
        // Numbered on from the page before.
        expect(await page.locator(".search-results").getAttribute("start")).toBe(String((n - 1) * 20 + 1));
        seen.push(...links);
      }
      expect(new Set(seen).size, "no result twice").toBe(seen.length);
      expect(seen.length).toBe(first.total);
      await expect(page.getByRole("link", { name: /Next/ })).toHaveCount(0);
    });
  }

  test("a page past the last says there is no such page and links to the last and the first", async ({ page }) => {
    await page.goto("/search?q=roadmap");
    const { total, pages } = await summary(page);
    const response = await page.goto("/search?q=roadmap&page=99");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "There is no page 99" })).toBeVisible();
    await expect(page.locator(".search-summary")).toHaveText(`${total} results for “roadmap”`);
    await expect(page.locator("main")).not.toContainText("Page 99 of");
    await expect(page.locator(".search-results")).toHaveCount(0);
    await page.getByRole("link", { name: `Go to the last page (${pages})` }).click();
    await expect(page).toHaveURL(new RegExp(`page=${pages}$`));
    await expect(page.locator(".pagination")).toContainText(`Page ${pages} of ${pages}`);
    await page.goto("/search?q=roadmap&page=99");
    await page.getByRole("link", { name: "start from the first" }).click();
    await expect(page).toHaveURL(/\/search\?q=roadmap$/);
    // Nonsense page numbers are read as the first page.
    for (const p of ["0", "-3", "abc"]) {
      await page.goto(`/search?q=roadmap&page=${p}`);
      expect(await summary(page)).toEqual({ total, pages });
      await expect(page.locator(".search-results")).toHaveAttribute("start", "1");
    }
  });

  test("on a wide screen the filters stand beside the results, open", async ({ page }) => {
    await page.goto("/search?q=roadmap");
    const facets = page.getByRole("complementary", { name: "Filter results" });
    await expect(facets).toBeVisible();
    await expect(page.locator(".search-filters > summary")).toBeHidden();
    const [f, r] = await Promise.all([facets.boundingBox(), page.locator(".search-results").boundingBox()]);
    expect(f!.x).toBeGreaterThan(r!.x + r!.width - 1);
  });
});

test.describe("on a phone", () => {
  test.use(PHONE);

  test("the filters are a collapsed panel above the results, which opens and filters", async ({ page }) => {
    await page.goto("/search?q=roadmap");
    const toggle = page.locator(".search-filters > summary");
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveText("Filters");
    const facets = page.getByRole("complementary", { name: "Filter results" });
    await expect(facets).toBeHidden();
    const [t, r] = await Promise.all([toggle.boundingBox(), page.locator(".search-results").boundingBox()]);
    expect(t!.y + t!.height).toBeLessThanOrEqual(r!.y);
    expect(t!.y).toBeLessThan(844);

    await toggle.click();
    await expect(facets).toBeVisible();
    await facets.getByRole("link", { name: "Concepts", exact: true }).click();
    await expect(page).toHaveURL(/kind=concept/);
    await expect(page.locator(".search-filters > summary")).toContainText("(1 on)");
    await expect(page.locator(".search-results > li").first()).toHaveClass(/search-result--concept/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
