import { expect, test } from "@playwright/test";

test("concepts index: A–Z with counts, filter by kind, sort by frequency", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Key concepts" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Concepts" }).click();
  await expect(page).toHaveURL(/\/concepts$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Concepts");
  await expect(page.getByRole("heading", { level: 2, name: "O" })).toBeVisible();
  const map = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: "opportunity map", exact: true }) });
  await expect(map).toContainText(/\d+ mentions in \d+ issues?/);

  await page
    .getByRole("navigation", { name: "Filter by kind" })
    .getByRole("link", { name: /Tensions/ })
    .click();
  await expect(page).toHaveURL(/kind=tension/);
  await expect(page.getByRole("link", { name: "speed vs. quality", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "opportunity map", exact: true })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Sort" }).getByRole("link", { name: "Most mentioned" }).click();
  await expect(page).toHaveURL(/sort=frequency/);
  await expect(page.locator(".concept-index--ranked > li").first()).toBeVisible();
});

test("concept page: definition, timeline with a text alternative, mentions linking to the paragraph", async ({
  page,
}) => {
  await page.goto("/concepts/opportunity-map");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("opportunity map");
  await expect(page.getByRole("heading", { name: "In the writer’s words" })).toBeVisible();
  await expect(page.locator(".concept-definition blockquote")).toContainText(/opportunity map/i);
  await expect(page.getByRole("table", { name: "Mentions per year" })).toBeAttached();
  await expect(
    page.getByRole("table", { name: "Mentions per year" }).getByRole("row", { name: /2024/ }),
  ).toBeAttached();

  const mention = page
    .locator('.concept-mentions .mention-link[href*="#b-"]')
    .filter({ hasText: "companion to a decision log" })
    .first();
  const href = await mention.getAttribute("href");
  expect(href).toMatch(/^\/issues\/opportunity-map#b-[0-9a-f]+/);
  await mention.click();
  await expect(page).toHaveURL(/\/issues\/opportunity-map#b-/);
  const target = page.locator(`[id="${href!.split("#")[1]}"]`);
  await expect(target).toContainText("An opportunity map is a planning tool");
  // The app navigated in the browser (no full load, so no :target): the paragraph is still marked, in view,
  // with room above it.
  await expect(target).toHaveClass(/\bis-target\b/);
  expect(await target.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toMatch(
    /^(transparent|rgba\(0, 0, 0, 0\))$/,
  );
  await expect
    .poll(async () => {
      const top = (await target.boundingBox())!.y;
      return top >= 40 && top < (page.viewportSize()!.height * 2) / 3;
    })
    .toBe(true);
  // Back to the concept page, as it was.
  await page.goBack();
  await expect(page).toHaveURL(/\/concepts\/opportunity-map$/);
});

test("issue page: the issue's concepts as links, and a toggle that highlights their mentions", async ({ page }) => {
  await page.goto("/issues/speed-vs-quality");
  const box = page.getByRole("region", { name: "Concepts in this issue" });
  await expect(box.getByRole("link", { name: "speed vs. quality" })).toBeVisible();
  const toggle = box.getByRole("button", { name: "Highlight in text" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(page.locator("mark.concept-mark")).toHaveCount(0);
  await toggle.click();
  await expect(box.getByRole("button", { name: "Hide highlights" })).toHaveAttribute("aria-pressed", "true");
  const marks = page.locator("article .prose mark.concept-mark");
  expect(await marks.count()).toBeGreaterThan(0);
  await expect(page.locator('article .prose mark.concept-mark[data-concept="speed-vs-quality"]').first()).toHaveText(
    /speed vs\. quality/i,
  );
  await box.getByRole("button", { name: "Hide highlights" }).click();
  await expect(page.locator("mark.concept-mark")).toHaveCount(0);
  await expect(page.locator("article .prose")).toContainText("Speed vs. quality is a false tension");

  await box.getByRole("link", { name: "speed vs. quality" }).click();
  await expect(page).toHaveURL(/\/concepts\/speed-vs-quality$/);
});

test("unknown concept: helpful 404 page and JSON error from the API", async ({ page, request }) => {
  const response = await page.goto("/concepts/no-such-concept");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  const api = await request.get("/api/concepts/no-such-concept");
  expect(api.status()).toBe(404);
  expect((await api.json()).error.code).toBe("not_found");
});
