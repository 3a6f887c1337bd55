/**
 * The header search box on the corpus server (tests/e2e/corpus.ts), where a
 * query has more results than the list shows at once: arrows keep the active
 * result in view, Tab leaves the box for the next control, results come in
 * Issues and Concepts groups, recent searches are kept, the shortcut reads as
 * the reader's keyboard labels it, and on a phone it all happens in a
 * full-screen sheet.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { PHONE, useCorpus } from "./corpus";

useCorpus();

async function ready(page: Page, path = "/"): Promise<void> {
  await page.goto(path);
  // The shortcuts work once the box has hydrated.
  await expect(page.locator(".search-box[data-ready]")).toBeVisible({ timeout: 15_000 });
}

/** The option the combobox says is active. */
async function activeOption(page: Page, box: Locator): Promise<Locator> {
  const id = await box.getAttribute("aria-activedescendant");
  expect(id).toBeTruthy();
  return page.locator(`[id="${id}"]`);
}

/** Is all of `el` inside the visible part of `list`? */
async function isShownIn(list: Locator, el: Locator): Promise<boolean> {
  const [l, e] = await Promise.all([list.boundingBox(), el.boundingBox()]);
  return !!l && !!e && e.y >= l.y - 1 && e.y + e.height <= l.y + l.height + 1;
}

test.describe("on a wide screen", () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test("arrowing through more results than fit keeps the active one in view, and Enter opens that one", async ({
    page,
  }) => {
    await ready(page);
    await page.keyboard.press("Control+k");
    const box = page.getByRole("combobox", { name: "Search issues and concepts" });
    await expect(box).toBeFocused();
    await page.keyboard.type("roadmap");
    const list = page.getByRole("listbox", { name: "Search results" });
    const options = list.getByRole("option");
    // The first search after the corpus's ingest waits for the search index to be rebuilt.
    await expect(options).toHaveCount(9, { timeout: 30_000 }); // 8 results and "All results"
    // The list is shorter than its options: it has to scroll.
    expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight + 100)).toBe(true);

    for (let i = 0; i < 9; i++) {
      await page.keyboard.press("ArrowDown");
      const active = await activeOption(page, box);
      await expect(active).toHaveAttribute("aria-selected", "true");
      expect(await isShownIn(list, active), `option ${i + 1} in view`).toBe(true);
    }
    // Past the last, back to the first, scrolled back up.
    await page.keyboard.press("ArrowDown");
    await expect(box).toHaveAttribute("aria-activedescendant", /option-0$/);
    expect(await isShownIn(list, options.first())).toBe(true);
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    const chosen = await activeOption(page, box);
    expect(await isShownIn(list, chosen)).toBe(true);
    const title = (await chosen.locator(".search-option__title").textContent())!.trim();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/(issues|concepts)\/[^/?]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  });

  test("Tab with the list open moves on to the next control and closes the list; Shift+Tab comes back", async ({
    page,
  }) => {
    await ready(page);
    await page.keyboard.press("Control+k");
    await page.keyboard.type("roadmap");
    const box = page.getByRole("combobox", { name: "Search issues and concepts" });
    await expect(page.getByRole("listbox", { name: "Search results" }).getByRole("option").first()).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeFocused();
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
    await expect(box).toHaveAttribute("aria-expanded", "false");
    await page.keyboard.press("Shift+Tab");
    await expect(box).toBeFocused();
    await expect(box).toHaveAttribute("aria-expanded", "true");
  });

  test("results come grouped, Concepts then Issues when a concept leads; a concept's name half typed finds it", async ({
    page,
  }) => {
    await ready(page);
    await page.keyboard.press("Control+k");
    await page.keyboard.type("feature fac");
    const list = page.getByRole("listbox", { name: "Search results" });
    const groups = list.getByRole("group");
    await expect(groups).toHaveCount(2);
    await expect(groups.nth(0)).toHaveAccessibleName("Concepts");
    await expect(groups.nth(1)).toHaveAccessibleName("Issues");
    await expect(groups.nth(0).getByRole("option").first()).toContainText("feature factory");
    await expect(groups.nth(1).getByRole("option").first()).toContainText(/feature factor/i);
    // The way to every result stands on its own, after the groups.
    await expect(list.getByRole("option").last()).toContainText(/All results for “feature fac” \(\d+\)/);

    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/concepts\/feature-factory$/);
  });

  test("recent searches: kept newest first, offered in the empty box, chosen by keyboard, and cleared", async ({
    page,
  }) => {
    await ready(page);
    const box = page.getByRole("combobox", { name: "Search issues and concepts" });
    // Searches that were used: one opened the full results page, one a result.
    await page.keyboard.press("Control+k");
    await page.keyboard.type("scrum");
    await expect(page.getByRole("option").first()).toContainText(/scrum/i);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=scrum$/);
    await box.fill("feature fac");
    await page.getByRole("option").filter({ hasText: "feature factory" }).first().click();
    await expect(page).toHaveURL(/\/concepts\/feature-factory$/);

    await ready(page, "/issues");
    await box.focus();
    const recent = page.getByRole("group", { name: "Recent searches" });
    await expect(recent.getByRole("option")).toHaveText(["feature fac", "scrum"]);
    // The same search again moves it to the top, without a second copy.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(box).toHaveValue("scrum");
    await expect(page.getByRole("group", { name: "Concepts" }).getByRole("option").first()).toContainText(/scrum/i);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=scrum$/);
    await box.fill("");
    await box.focus();
    await expect(recent.getByRole("option")).toHaveText(["scrum", "feature fac"]);

    // Kept across pages and reloads, until cleared.
    await page.reload();
    await box.focus();
    await expect(recent.getByRole("option")).toHaveCount(2);
    await page.keyboard.press("ArrowUp"); // the last option: clear
    await expect(await activeOption(page, box)).toHaveText("Clear recent searches");
    await page.keyboard.press("Enter");
    await expect(recent).toHaveCount(0);
    await expect(page.getByRole("status").filter({ hasText: "Recent searches cleared" })).toBeAttached();
    await page.reload();
    await box.focus();
    await expect(page.getByRole("group", { name: "Recent searches" })).toHaveCount(0);
    await expect(box).toHaveAttribute("aria-expanded", "false");
  });

  test("the shortcut reads Ctrl K, or ⌘K on a Mac, where ⌘K opens the box", async ({ page, browser }) => {
    await ready(page);
    await expect(page.locator(".search-box__hint")).toHaveText("Ctrl K");

    const mac = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      baseURL: test.info().project.use.baseURL,
    });
    await mac.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "platform", { get: () => "MacIntel" });
      Object.defineProperty(Navigator.prototype, "userAgentData", { get: () => ({ platform: "macOS" }) });
    });
    const macPage = await mac.newPage();
    await ready(macPage);
    await expect(macPage.locator(".search-box__hint")).toHaveText("⌘K");
    await macPage.keyboard.press("Meta+k");
    await expect(macPage.getByRole("combobox", { name: "Search issues and concepts" })).toBeFocused();
    await macPage.goto("/search");
    await expect(macPage.getByRole("main").locator("kbd").first()).toHaveText("⌘K");
    await mac.close();
  });
});

test.describe("on a phone", () => {
  test.use(PHONE);

  test("a full-screen sheet: nothing cut off, focus kept inside, the page behind still; Escape and Back close it", async ({
    page,
  }) => {
    await ready(page, "/issues");
    // Scrolled a little, the header's button still in sight.
    await page.evaluate(() => window.scrollTo(0, 20));
    const trigger = page.getByRole("banner").getByRole("button", { name: "Search" });
    await trigger.click();
    // Where the tap left the page (it may have brought the button fully into view): from here on it stays.
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);

    const sheet = page.getByRole("dialog", { name: "Search" });
    await expect(sheet).toBeVisible();
    expect(await sheet.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    const box = sheet.getByRole("combobox", { name: "Search issues and concepts" });
    await expect(box).toBeFocused();
    await page.keyboard.type("feature fac");
    const list = sheet.getByRole("listbox", { name: "Search results" });
    await expect(list.getByRole("group", { name: "Concepts" }).getByRole("option").first()).toContainText(
      "feature factory",
    );
    const options = list.getByRole("option");
    await expect(options).toHaveCount(9);
    for (const option of await options.all()) {
      const b = await option.boundingBox();
      if (b) expect(b.x >= 0 && b.x + b.width <= 390, "option within the screen's width").toBe(true);
    }

    // Scrolling the results scrolls them, not the page behind.
    await list.hover();
    await page.mouse.wheel(0, 1500);
    await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    await page.mouse.move(200, 30);
    await page.mouse.wheel(0, 800);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);

    // Tab goes round the sheet's controls and never to the page behind it.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => !!document.activeElement?.closest("dialog[open]"))).toBe(true);
    }
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("dialog[open]"))).toBe(true);

    await box.focus();
    await page.keyboard.press("Escape");
    await expect(sheet).toBeHidden();
    await expect(trigger).toBeFocused();
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    await expect(page).toHaveURL(/\/issues$/);

    // Back closes it, and stays on the page.
    await trigger.click();
    await expect(sheet).toBeVisible();
    await expect(box).toHaveValue("feature fac");
    await page.goBack();
    await expect(sheet).toBeHidden();
    await expect(page).toHaveURL(/\/issues$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Issues");

    // The Close button too.
    await trigger.click();
    await sheet.getByRole("button", { name: "Close" }).click();
    await expect(sheet).toBeHidden();
  });

  test("choosing a result opens it; Back then returns to the page, not to the sheet", async ({ page }) => {
    await ready(page, "/concepts");
    await page.getByRole("banner").getByRole("button", { name: "Search" }).click();
    const sheet = page.getByRole("dialog", { name: "Search" });
    await page.keyboard.type("feature fac");
    await sheet.getByRole("option").filter({ hasText: "feature factory" }).first().tap();
    // The URL changes once the concept's page (thousands of mentions on the corpus) has arrived.
    await expect(page).toHaveURL(/\/concepts\/feature-factory$/, { timeout: 20_000 });
    await expect(sheet).toBeHidden();
    // The page behind scrolls again.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).not.toBe("hidden");
    await page.goBack();
    await expect(page).toHaveURL(/\/concepts$/);
    await expect(sheet).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Concepts");
  });

  test("Ctrl-K and / open the sheet on a phone with a keyboard", async ({ page }) => {
    await ready(page);
    await page.keyboard.press("/");
    const sheet = page.getByRole("dialog", { name: "Search" });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByRole("combobox")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(sheet).toBeHidden();
    await page.keyboard.press("Control+k");
    await expect(sheet).toBeVisible();
  });
});
