/**
 * An author's first day, on a server of its own (playwright.config.ts, project "archive"):
 * the samples greet them, ingesting their folder replaces them everywhere, undated issues
 * stay in view, images show, and the site carries the newsletter's name, feeds and
 * link-preview metadata. Then the author withdraws and restores an issue from /admin.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, readers } from "./users";
import { usersIn } from "./operator";

const fixtures = path.join(process.cwd(), "tests", "fixtures", "archive");

/** `npm run ingest` against this server's embedded database, as the author runs it while the app is up; its stderr. */
function ingest(...args: string[]): string {
  const run = spawnSync("npx", ["tsx", "scripts/ingest.ts", ...args], {
    env: { ...process.env, CONCORDANCE_DATA_DIR: process.env.CONCORDANCE_E2E_ARCHIVE_DATA_DIR, DATABASE_URL: "" },
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stderr;
}

async function meta(page: Page, selector: string): Promise<string | null> {
  return page.locator(selector).first().getAttribute("content");
}

test.describe
  .serial("the author's archive", () => {
    test("first start shows the sample issues, under the newsletter's own name", async ({ page }) => {
      await page.goto("/");
      await expect(page.getByRole("main")).toContainText("5 issues so far");
      await expect(page).toHaveTitle("Field Notes");
      await expect(page.getByRole("banner").getByRole("link", { name: "Field Notes" })).toBeVisible();
      await expect(
        page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Subscribe" }),
      ).toHaveAttribute("href", "https://field-notes.example.net/subscribe");
      const footer = page.getByRole("contentinfo");
      await expect(footer).toContainText("Field Notes by Ada Example");
      await expect(footer.getByRole("link", { name: "The newsletter" })).toHaveAttribute(
        "href",
        "https://field-notes.example.net",
      );
      await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute(
        "href",
        /\/feed\.xml$/,
      );
      await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon\.svg/);

      await page.goto("/issues");
      await expect(page.locator(".issue-list > li")).toHaveCount(5);
      await expect(page.getByRole("link", { name: "The Decision Log" })).toBeVisible();
    });

    test("an issue page carries link-preview metadata and a canonical link to the original", async ({ page }) => {
      await page.goto("/issues/decision-log");
      await expect(page).toHaveTitle("The Decision Log · Field Notes");
      await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
        "href",
        "https://example.org/long-loop/decision-log",
      );
      expect(await meta(page, 'meta[property="og:type"]')).toBe("article");
      expect(await meta(page, 'meta[property="og:title"]')).toBe("The Decision Log");
      expect(await meta(page, 'meta[property="og:site_name"]')).toBe("Field Notes");
      expect(await meta(page, 'meta[property="og:url"]')).toMatch(/^http:\/\/localhost:\d+\/issues\/decision-log$/);
      expect(await meta(page, 'meta[property="article:published_time"]')).toBe("2024-01-22T00:00:00.000Z");
      expect(await meta(page, 'meta[name="twitter:card"]')).toBe("summary");
      expect(await meta(page, 'meta[name="twitter:title"]')).toBe("The Decision Log");
      expect(await meta(page, 'meta[name="description"]')).toBeTruthy();
    });

    test("feeds, sitemap, robots.txt and the favicon answer", async ({ request }) => {
      const feed = await request.get("/feed.xml");
      expect(feed.headers()["content-type"]).toContain("application/atom+xml");
      expect(await feed.text()).toContain("<title>Field Notes</title>");
      const sitemap = await request.get("/sitemap.xml");
      expect(await sitemap.text()).toMatch(/<loc>http:\/\/localhost:\d+\/issues\/decision-log<\/loc>/);
      const robots = await request.get("/robots.txt");
      expect(await robots.text()).toMatch(/Sitemap: http:\/\/localhost:\d+\/sitemap\.xml/);
      const icon = await request.get("/favicon.ico");
      expect(icon.headers()["content-type"]).toContain("image/svg+xml");
    });

    test("ingesting the author's folder removes the samples: home, issues, facets, concepts and search show only their issues", async ({
      page,
    }) => {
      // A fresh ingest process (start, migrations check, concepts, search index) on a shared machine.
      test.setTimeout(120_000);
      const stderr = ingest(path.join(fixtures, "field-notes"), path.join(fixtures, "with-images"));
      expect(stderr).toContain("Removed the 5 sample issues: your own issues take their place.");
      expect(stderr).toContain("4 images in 2 issues could not be found");

      await page.goto("/");
      await expect(page.getByRole("main")).toContainText("7 issues so far");
      await expect(page.getByRole("main")).not.toContainText("Long Loop");

      await page.goto("/issues");
      const items = page.locator(".issue-list > li");
      await expect(items).toHaveCount(7);
      await expect(page.getByRole("main")).not.toContainText("The Decision Log");
      // The undated issues come last, in their series' order, and have a filter of their own.
      await expect(items.nth(5)).toContainText("When the Queue Wins");
      await expect(items.nth(5)).toContainText("Undated");
      await expect(items.nth(6)).toContainText("Spending the Slack Budget");
      const years = page.getByRole("navigation", { name: "Filter by year" });
      await expect(years.getByRole("link", { name: /^2024/ })).toHaveCount(0);
      await years.getByRole("link", { name: /^Undated/ }).click();
      await expect(page).toHaveURL(/year=undated/);
      await expect(page.locator(".issue-list > li")).toHaveCount(2);

      // Search: the samples are gone, and undated issues are a facet.
      await page.goto("/search?q=decision+log");
      await expect(page.getByRole("main")).not.toContainText("The Decision Log");
      await page.goto("/search?q=queue");
      const yearFacet = page
        .getByRole("region", { name: "Year" })
        .or(page.locator("section[aria-labelledby=facet-year]"));
      await expect(yearFacet.getByRole("link", { name: "Undated" })).toBeVisible();

      // Concepts come from the author's issues only; a timeline counts the undated mentions.
      await page.goto("/concepts");
      await expect(page.getByRole("main")).not.toContainText("feature factory");
      await page.goto("/concepts/queue-length");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("queue length");
      await expect(page.locator(".timeline table")).toContainText("Undated");
      await expect(page.getByRole("link", { name: /Follow new issues about queue length/ })).toHaveAttribute(
        "href",
        "/concepts/queue-length/feed.xml",
      );
    });

    test("an undated issue in a numbered series has Previous and Next within its series", async ({ page }) => {
      await page.goto("/issues/3-spending-the-slack-budget");
      await expect(page.locator("article header .meta")).toContainText("Undated");
      await expect(page.getByRole("link", { name: /Previous issue/ })).toContainText(
        "Field Notes 2: Queues Are Invisible",
      );
      await page.getByRole("link", { name: /Next issue/ }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("When the Queue Wins");
    });

    test("copied images show, with their sizes; missing ones leave no broken box", async ({ page }) => {
      await page.goto("/issues/reading-the-tides");
      const local = page.locator('[data-issue-body] img[src^="/media/"]');
      await expect(local).toHaveCount(2);
      await expect(local.first()).toHaveAttribute("width", "40");
      await expect(local.first()).toHaveAttribute("loading", "lazy");
      await local.first().scrollIntoViewIfNeeded();
      await expect
        .poll(() => local.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBe(40);
      await expect(page.locator('[data-issue-body] img[src*="old-quay"]')).toHaveCount(0);
      await expect(page.locator('[data-issue-body] img[src^="https://"]')).toHaveAttribute(
        "referrerpolicy",
        "no-referrer",
      );
    });

    test("the author deletes an issue from the admin page and restores it", async ({ page }) => {
      // Each action re-derives concepts and the search index before the page updates.
      test.setTimeout(90_000);
      const editor = readers.editor;
      await page.goto("/signup");
      await page.getByLabel("Display name").fill(editor.name);
      await page.getByLabel("Email").fill(editor.email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      // Hashing the password takes a while on a loaded machine.
      await expect(page.getByRole("banner").getByText(editor.name)).toBeVisible({ timeout: 30_000 });
      // Author rights come from the operator, not from the address typed at sign-up.
      usersIn(process.env.CONCORDANCE_E2E_ARCHIVE_DATA_DIR, "grant-author", editor.email);

      await page.goto("/admin");
      const issues = page.locator("section[aria-labelledby=issues-heading]");
      await issues.getByLabel("Find an issue (title or slug)").fill("pairing");
      await issues.getByRole("button", { name: "Find" }).click();
      page.once("dialog", (d) => void d.accept());
      await issues.getByRole("button", { name: "Delete Notes on Pairing" }).click();
      await expect(issues.getByRole("status")).toContainText("“Notes on Pairing” is withdrawn from readers.", {
        timeout: 30_000,
      });

      const gone = await page.request.get("/issues/notes-on-pairing");
      expect(gone.status()).toBe(404);
      await page.goto("/");
      await expect(page.getByRole("main")).toContainText("6 issues so far");

      await page.goto("/admin?issues=withdrawn");
      await page
        .locator("section[aria-labelledby=issues-heading]")
        .getByRole("button", { name: "Restore Notes on Pairing" })
        .click();
      await expect(page.locator("section[aria-labelledby=issues-heading]").getByRole("status")).toContainText(
        "is back for readers",
        { timeout: 30_000 },
      );
      await page.goto("/issues/notes-on-pairing");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notes on Pairing");
    });
  });
