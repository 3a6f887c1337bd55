import { expect, test } from "@playwright/test";

test("the concepts index filters as you type, keeping focus and what was typed", async ({ page }) => {
  await page.goto("/concepts");
  const box = page.getByRole("searchbox", { name: "Filter by name" });
  await expect(page.getByRole("link", { name: "speed vs. quality", exact: true })).toBeVisible();
  // Hydrated: typing now goes through the client's handler.
  await page.waitForFunction(() => {
    const input = document.querySelector("#concept-filter-q");
    return !!input && Object.keys(input).some((k) => k.startsWith("__reactProps"));
  });
  await box.pressSequentially("OPPORTUN", { delay: 30 });
  await expect(page).toHaveURL(/\/concepts\?q=OPPORTUN$/);
  await expect(page.getByRole("link", { name: "opportunity map", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "speed vs. quality", exact: true })).toHaveCount(0);
  await expect(page.locator("#concept-filter-count")).toContainText(/matches? “OPPORTUN”/);
  await expect(box).toBeFocused();
  await expect(box).toHaveValue("OPPORTUN");

  await box.fill("no concept is called this");
  await expect(page.getByRole("heading", { name: "Nothing matches" })).toBeVisible();
  await page.getByRole("link", { name: "show every concept" }).click();
  await expect(page).toHaveURL(/\/concepts$/);
  await expect(page.getByRole("link", { name: "speed vs. quality", exact: true })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the filter is a plain form with a query parameter, and keeps the kind", async ({ page }) => {
    await page.goto("/concepts?kind=tension");
    await page.getByRole("searchbox", { name: "Filter by name" }).fill("speed");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/\/concepts\?q=speed&kind=tension$/);
    await expect(page.getByRole("link", { name: "speed vs. quality", exact: true })).toBeVisible();
    await expect(page.locator("#concept-filter-count")).toContainText("“speed”");
    // Accents and case don't matter: the box finds what the reader meant.
    await page.goto("/concepts?q=SPÉED");
    await expect(page.getByRole("link", { name: "speed vs. quality", exact: true })).toBeVisible();
  });
});
