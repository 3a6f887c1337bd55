// Against the second e2e server (playwright.config.ts), whose MEILI_HOST points at a port where
// nothing listens: searches still answer, from the built-in engine, and say so.
import { expect, test } from "@playwright/test";

test("the results page says the main engine is unreachable and still shows results", async ({ page }) => {
  const response = await page.goto("/search?q=decision+log");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("status").filter({ hasText: "main search engine is unreachable" })).toBeVisible();
  await expect(page.getByRole("link", { name: "The Decision Log" }).first()).toBeVisible();
});

test("the header search says it is on the built-in engine, and its results still work", async ({ page }) => {
  await page.goto("/issues");
  await expect(page.locator(".search-box[data-ready]")).toBeVisible();
  await page.keyboard.press("Control+k");
  await page.keyboard.type("revisit signal");
  await expect(page.getByText("Search is running on the built-in engine for now")).toBeVisible();
  const listbox = page.getByRole("listbox", { name: "Search results" });
  await expect(listbox.getByRole("option").first()).toContainText("The Decision Log");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/issues\/decision-log$/);
});

test("the API marks its answer degraded", async ({ request }) => {
  const res = await request.get("/api/search?q=outcomes");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ engine: "postgres", degraded: true });
});
