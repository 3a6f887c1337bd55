// Annotating without a mouse: the issue's text is one tab stop, arrows move between paragraphs, A
// annotates a paragraph, Enter starts a caret that Shift+arrows extend into a selection.
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { storageStatePath } from "./users";

const slug = "decision-log";
const issuePath = `/issues/${slug}`;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function asBob(baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL,
    storageState: storageStatePath("bob"),
    extraHTTPHeaders: { origin: baseURL },
  });
}

/** Bob's annotations on this issue go, before and after: other specs count his annotations. */
async function clearBobs(baseURL: string): Promise<void> {
  const bob = await asBob(baseURL);
  const mine = (await (await bob.get(`/api/annotations?issue=${slug}&mine=1`)).json()) as { items: { id: string }[] };
  for (const { id } of mine.items) expect([204, 404]).toContain((await bob.delete(`/api/annotations/${id}`)).status());
  await bob.dispose();
}

test.beforeAll(async ({ baseURL }) => clearBobs(baseURL!));
test.afterAll(async ({ baseURL }) => clearBobs(baseURL!));

/** Tab from the top of the page until the issue's text has focus; how many presses it took. */
async function tabIntoText(page: Page): Promise<number> {
  for (let presses = 1; presses <= 60; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.hasAttribute("data-kb-block") ?? false)) return presses;
  }
  throw new Error("Tab never reached the issue's text");
}

const focusedText = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement).innerText.trim());
const selectedText = (page: Page) => page.evaluate(() => window.getSelection()?.toString() ?? "");

test.describe("on a wide screen", () => {
  test.use({ storageState: storageStatePath("bob") });

  test("a paragraph and a few words annotated from the keyboard alone", async ({ page }) => {
    await page.goto(issuePath);
    const body = page.locator("[data-issue-body]");
    const blocks = body.locator("[data-kb-block]");
    await expect(blocks.first()).toBeAttached();
    // The whole text is a single tab stop: the first paragraph, with its shortcuts described.
    await expect(body.locator('[data-kb-block][tabindex="0"]')).toHaveCount(1);
    await page.locator("body").focus();
    await tabIntoText(page);
    const first = await focusedText(page);
    expect(first).toContain("Most teams remember what they decided");
    await expect(page.locator(".kb-hint")).toContainText(/Paragraph 1 of \d+ · ↑ ↓: paragraphs · A: annotate it/);
    const hint = await blocks.first().getAttribute("aria-describedby");
    await expect(page.locator(`[id="${hint}"]`)).toContainText("Press A to annotate this paragraph");

    // Down to the next paragraph and back; the tab stop follows.
    await page.keyboard.press("ArrowDown");
    await expect(page.locator(".kb-hint")).toContainText("Paragraph 2 of");
    const second = await focusedText(page);
    expect(second).not.toBe(first);
    await page.keyboard.press("ArrowUp");
    expect(await focusedText(page)).toBe(first);
    await expect(body.locator('[data-kb-block][tabindex="0"]')).toHaveCount(1);

    // A: the paragraph is selected and the toolbar takes focus; Highlight keeps it.
    await page.keyboard.press("a");
    const toolbar = page.getByRole("toolbar", { name: "Annotate the selected text" });
    await expect(toolbar.getByRole("button", { name: "Highlight" })).toBeFocused();
    const saved = page.waitForResponse((r) => r.url().endsWith("/api/annotations") && r.request().method() === "POST");
    await page.keyboard.press("Enter");
    const paragraphId = ((await (await saved).json()) as { id: string }).id;
    await expect(page.locator(`mark[data-annotation-id="${paragraphId}"]`).first()).toBeVisible();
    expect((await page.locator(`mark[data-annotation-id="${paragraphId}"]`).allInnerTexts()).join("").trim()).toBe(
      first,
    );
    // Focus is back on the paragraph, ready for the next key.
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-kb-block"))).toBe(true);

    // Down to the paragraph about entries; Enter starts a caret at its start.
    let guard = 0;
    while (!(await focusedText(page)).startsWith("Each entry has four lines") && guard++ < 10)
      await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(page.locator(".kb-hint")).toContainText("Selecting:");
    await expect(page.locator(".kb-caret")).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Selecting in this paragraph" })).toHaveCount(1);
    // Shift+arrows select by character, Ctrl+Shift+arrows by word.
    for (let i = 0; i < 4; i++) await page.keyboard.press("Shift+ArrowRight");
    expect(await selectedText(page)).toBe("Each");
    await page.keyboard.press("Control+Shift+ArrowRight");
    expect((await selectedText(page)).trim()).toBe("Each entry");
    // Escape stops selecting without annotating anything.
    await page.keyboard.press("Escape");
    await expect(page.locator(".kb-hint")).toContainText("Paragraph");
    await expect(page.locator(".kb-caret")).toHaveCount(0);
    expect(await selectedText(page)).toBe("");

    // Again, then A or Enter annotates the selection: the toolbar, then the editor.
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+Shift+ArrowRight");
    await page.keyboard.press("Control+Shift+ArrowRight");
    await page.keyboard.press("Control+Shift+ArrowRight");
    const words = (await selectedText(page)).trim();
    expect(words).toBe("Each entry has");
    await page.keyboard.press("a");
    await expect(toolbar.getByRole("button", { name: "Highlight" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(toolbar.getByRole("button", { name: "Annotate…" })).toBeFocused();
    await page.keyboard.press("Enter");
    const editor = page.getByRole("form", { name: "New annotation" });
    await expect(editor.getByRole("blockquote")).toHaveText(words);
    await expect(editor.getByLabel("Note")).toBeFocused();
    await page.keyboard.type("Four lines, one of them the signal.");
    const created = page.waitForResponse(
      (r) => r.url().endsWith("/api/annotations") && r.request().method() === "POST",
    );
    await page.keyboard.press("Control+Enter");
    const wordsId = ((await (await created).json()) as { id: string }).id;
    await expect(page.locator(`mark[data-annotation-id="${wordsId}"]`)).toHaveText(words);
    await expect(page.locator(`#annotation-${wordsId}`)).toContainText("Four lines, one of them the signal.");

    // ? lists every shortcut; Escape closes the list.
    await page.locator(`[data-kb-block]`).first().focus();
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(help).toBeVisible();
    await expect(help).toContainText("Annotate the whole paragraph");
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();
    // The list is also one button away, for readers who don't know to press ?.
    await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
    await expect(help).toBeVisible();
    await help.getByRole("button", { name: "Close" }).click();
    await expect(help).toBeHidden();

    // A click in the text is reading, not keyboard navigation: no hint over the text, arrows left alone.
    await blocks.last().click();
    await expect(page.locator(".kb-hint")).toHaveCount(0);
    const before = await focusedText(page);
    await page.keyboard.press("ArrowUp");
    expect(await focusedText(page)).toBe(before);
  });
});

test.describe("on a phone with a keyboard", () => {
  test.use({ storageState: storageStatePath("bob"), ...phone });

  test("A annotates the focused paragraph, and the page doesn't scroll sideways", async ({ page }) => {
    await page.goto(issuePath);
    await expect(page.locator("[data-kb-block]").first()).toBeAttached();
    await page.locator("body").focus();
    await tabIntoText(page);
    await page.keyboard.press("ArrowDown");
    const paragraph = await focusedText(page);
    await page.keyboard.press("a");
    const toolbar = page.getByRole("toolbar", { name: "Annotate the selected text" });
    await expect(toolbar.getByRole("button", { name: "Highlight" })).toBeFocused();
    const box = (await toolbar.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390.5);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const editor = page.getByRole("form", { name: "New annotation" });
    await expect(editor.getByLabel("Note")).toBeFocused();
    await page.keyboard.type("Read on the bus.");
    const created = page.waitForResponse(
      (r) => r.url().endsWith("/api/annotations") && r.request().method() === "POST",
    );
    await page.keyboard.press("Control+Enter");
    const id = ((await (await created).json()) as { id: string }).id;
    await expect(editor).toBeHidden();
    const mark = page.locator(`mark[data-annotation-id="${id}"]`);
    await expect(mark.first()).toBeVisible();
    expect((await mark.allInnerTexts()).join("").trim()).toBe(paragraph);
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });
});
