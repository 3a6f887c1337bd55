/**
 * Search in the browser: the header combobox (Ctrl-K or "/", arrows, Enter),
 * concept queries, and the shareable results page with facets and corrections.
 *
 * Test-only seeding: the sample issues carry no concepts until concept
 * extraction runs, so beforeAll inserts one concept ("Feature factory", alias
 * "build trap", mentioned in the sample "Outcomes over Output") straight into
 * the e2e database (found through the run's data directory) and runs the
 * search stage so it is indexed. It is idempotent, and needs no server restart.
 */
import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { closeDb, getDb } from "@/db";
import { conceptIssues, conceptMentions, concepts, issues } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { syncSearchIndex } from "@/lib/search/sync";

async function seedConcept(): Promise<void> {
  const dataDir = process.env.CONCORDANCE_E2E_DATA_DIR;
  if (!dataDir) throw new Error("CONCORDANCE_E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  const state = JSON.parse(fs.readFileSync(path.join(dataDir, "embedded-postgres.json"), "utf8")) as {
    port: number;
    password: string;
  };
  process.env.DATABASE_URL = `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/postgres`;
  process.env.MEILI_HOST = "";
  resetEnvCache();
  const db = getDb();
  try {
    const [issue] = await db.select().from(issues).where(eq(issues.slug, "outcomes-over-output"));
    const block = issue?.blocks.find((b) => b.text.toLowerCase().includes("feature factory"));
    if (!issue || !block) throw new Error("sample issue outcomes-over-output not found");
    const [concept] = await db
      .insert(concepts)
      .values({
        slug: "feature-factory",
        key: "feature factory",
        name: "Feature factory",
        kind: "term",
        aliases: ["build trap"],
      })
      .onConflictDoUpdate({ target: concepts.slug, set: { hidden: false } })
      .returning();
    const [existing] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(conceptMentions)
      .where(eq(conceptMentions.conceptId, concept!.id));
    if (!existing?.n) {
      const start = block.text.toLowerCase().indexOf("feature factory");
      await db.insert(conceptMentions).values({
        conceptId: concept!.id,
        issueId: issue.id,
        blockId: block.id,
        start,
        end: start + "feature factory".length,
        surface: "feature factory",
        context: block.text,
      });
      await db
        .insert(conceptIssues)
        .values({ conceptId: concept!.id, issueId: issue.id, mentionCount: 1, rank: 1 })
        .onConflictDoNothing();
    }
    await syncSearchIndex(db, { changed: [], deleted: [] }, () => {});
  } finally {
    await closeDb();
  }
}

test.beforeAll(seedConcept);

async function openSearch(page: Page, path = "/"): Promise<void> {
  await page.goto(path);
  // The shortcuts work once the box has hydrated.
  await expect(page.locator(".search-box[data-ready]")).toBeVisible();
}

test("Ctrl-K, type, arrow down, Enter lands on the issue", async ({ page }) => {
  await openSearch(page, "/issues");
  await page.keyboard.press("Control+k");
  const box = page.getByRole("combobox", { name: "Search issues and concepts" });
  await expect(box).toBeFocused();
  await page.keyboard.type("revisit signal");
  const listbox = page.getByRole("listbox", { name: "Search results" });
  await expect(listbox.getByRole("option").first()).toContainText("The Decision Log");
  await expect(listbox.getByRole("option").first().locator("mark").first()).toHaveText(/revisit|signal/i);

  await page.keyboard.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", /option-0$/);
  await expect(listbox.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/issues\/decision-log$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The Decision Log");
});

test("a concept query lands on the concept's page", async ({ page }) => {
  await openSearch(page);
  await page.keyboard.press("Control+k");
  await page.keyboard.type("feature factory");
  const first = page.getByRole("listbox", { name: "Search results" }).getByRole("option").first();
  await expect(first).toContainText(/feature factory/i);
  await expect(first).toContainText("Concept");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/concepts\/feature-factory$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/feature factory/i);
});

test("results update as you type; '/' opens the box and Escape closes the list", async ({ page }) => {
  await openSearch(page, "/issues/welcome");
  await page.keyboard.press("/");
  const box = page.getByRole("combobox", { name: "Search issues and concepts" });
  await expect(box).toBeFocused();
  await page.keyboard.type("opportun");
  const options = page.getByRole("listbox", { name: "Search results" }).getByRole("option");
  await expect(options.first()).toContainText("Drawing an Opportunity Map");
  await page.keyboard.type("ity map speed");
  await expect(page.getByRole("status").filter({ hasText: /results?/ })).toContainText(/\d+ results?/);
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Escape");
  await expect(box).toHaveAttribute("aria-expanded", "false");

  // Enter with no option chosen opens the full, shareable results page.
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=opportunity(\+|%20)map(\+|%20)speed$/);
});

test("the results page filters by year and concept and suggests corrections", async ({ page }) => {
  await page.goto("/search?q=feature%20factory");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Search");
  const results = page.locator(".search-results > li");
  await expect(results.first()).toContainText(/feature factory/i);
  await expect(results.first().locator("a")).toHaveAttribute("href", "/concepts/feature-factory");

  const facets = page.getByRole("complementary", { name: "Filter results" });
  await facets.getByRole("link", { name: /^feature factory$/i }).click();
  await expect(page).toHaveURL(/concept=feature-factory/);
  await expect(page.locator(".search-results")).toContainText("Outcomes over Output");
  await expect(page.locator(".search-result--concept")).toHaveCount(0);
  await page.getByRole("link", { name: /Remove filter: Concept: feature factory/i }).click();

  await facets.getByRole("link", { name: "2024" }).click();
  await expect(page).toHaveURL(/year=2024/);
  await expect(page.getByRole("link", { name: "Remove filter: 2024" })).toBeVisible();

  await page.goto("/search?q=rodmpa");
  await expect(page.getByText("No results for “rodmpa”.")).toBeVisible();
  await page.getByRole("link", { name: "roadmap" }).click();
  await expect(page).toHaveURL(/\/search\?q=roadmap$/);
  await expect(results.first()).toBeVisible();
});

test("an issue number finds that issue, shown with its number as on its page", async ({ page }) => {
  await openSearch(page);
  await page.keyboard.press("Control+k");
  await page.keyboard.type("#3");
  const first = page.getByRole("listbox", { name: "Search results" }).getByRole("option").first();
  await expect(first).toContainText("The Decision Log");
  await expect(first).toContainText("Issue · #3");

  await page.goto("/search?q=issue%203");
  const result = page.locator(".search-results > li").first();
  await expect(result.locator(".kicker")).toHaveText("Issue #3");
  await expect(result.locator("a")).toHaveAttribute("href", "/issues/decision-log");
});
