import { expect, test } from "@playwright/test";

test("home → issue list → issue page → next issue", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Every idea, every issue");
  await expect(page.getByRole("main")).toContainText("5 issues so far");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Issues" }).click();
  await expect(page).toHaveURL(/\/issues$/);
  const items = page.locator(".issue-list > li");
  await expect(items).toHaveCount(5);
  await expect(items.first()).toContainText("Drawing an Opportunity Map");
  await expect(items.last()).toContainText("Welcome to The Long Loop");

  await page.getByRole("link", { name: "The Decision Log" }).click();
  await expect(page).toHaveURL(/\/issues\/decision-log$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The Decision Log");
  await expect(page.locator("article .kicker")).toHaveText("#3");
  await expect(page.locator("article time")).toHaveText("January 22, 2024");
  await expect(page.getByRole("link", { name: "Read the original" })).toHaveAttribute(
    "href",
    "https://example.org/long-loop/decision-log",
  );
  await expect(page.getByRole("heading", { level: 2, name: "Why it closes the loop" })).toBeVisible();

  await page.getByRole("link", { name: /Next issue/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Speed vs. Quality Is the Wrong Argument");
});

test("unknown issue shows a helpful 404", async ({ page }) => {
  const response = await page.goto("/issues/no-such-issue");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Browse all issues" })).toBeVisible();
});

test("keyboard users can skip to the content", async ({ page }) => {
  await page.goto("/issues");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});
