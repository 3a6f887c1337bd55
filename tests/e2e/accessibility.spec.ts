/**
 * axe on every page type, at a desktop's and a phone's size, in the light and
 * the dark color scheme: no serious or critical violation. The open search
 * panel (the dropdown on a desktop, the sheet on a phone) counts as a page.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { storageStatePath } from "./users";

const SIZES = [
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;
const SCHEMES = ["light", "dark"] as const;

type Size = (typeof SIZES)[number];

/** Serious and critical violations, one line each with where they are, so a failure says what to fix. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 5)
          .join(", ")}`,
    );
}

/**
 * Load `path` at each size and scheme (and, where given, bring the page to the state under
 * test), and collect what axe finds in every combination before asserting, so one run lists all.
 */
async function checkEverywhere(
  page: Page,
  path: string,
  prepare?: (page: Page, size: Size) => Promise<void>,
): Promise<void> {
  const found: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size.viewport);
    await page.emulateMedia({ colorScheme: SCHEMES[0] });
    await page.goto(path);
    await expect(page.locator(".search-box[data-ready]")).toBeAttached();
    if (prepare) await prepare(page, size);
    // The color scheme switches in place (the stylesheet's media queries), so one load serves both.
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      for (const v of await seriousViolations(page)) found.push(`${size.name}/${colorScheme}: ${v}`);
    }
  }
  expect(found, `axe on ${path}`).toEqual([]);
}

async function openSearch(page: Page, size: Size): Promise<void> {
  if (size.name === "phone") {
    await page.getByRole("banner").getByRole("button", { name: "Search" }).click();
    const sheet = page.getByRole("dialog", { name: "Search" });
    await expect(sheet).toBeVisible();
    await page.keyboard.type("feature factory");
    await expect(sheet.getByRole("option").first()).toBeVisible();
  } else {
    await page.keyboard.press("Control+k");
    await page.keyboard.type("feature factory");
    await expect(page.getByRole("listbox", { name: "Search results" }).getByRole("option").first()).toBeVisible();
  }
  await page.keyboard.press("ArrowDown");
}

test.describe("a reader who is not signed in", () => {
  test.describe.configure({ timeout: 120_000 });

  for (const [name, path] of [
    ["home", "/"],
    ["the issue list", "/issues"],
    ["an issue", "/issues/speed-vs-quality"],
    ["the concept list", "/concepts"],
    ["a concept", "/concepts/opportunity-map"],
    ["search results", "/search?q=feature%20factory"],
    ["search without results", "/search?q=zzqxv"],
    ["sign in", "/login"],
    ["sign up", "/signup"],
    ["a page that does not exist", "/no-such-page"],
    ["an issue that does not exist", "/issues/no-such-issue"],
  ] as const) {
    test(`${name}: no serious or critical axe violation`, async ({ page }) => {
      await checkEverywhere(page, path);
    });
  }

  test("the open search panel, and the sheet on a phone: no serious or critical axe violation", async ({ page }) => {
    await checkEverywhere(page, "/issues", openSearch);
  });
});

test.describe("a signed-in author", () => {
  test.describe.configure({ timeout: 120_000 });
  test.use({ storageState: storageStatePath("editor") });

  for (const [name, path] of [
    ["an issue", "/issues/speed-vs-quality"],
    ["my annotations", "/me/annotations"],
    ["my account", "/me/account"],
    ["admin", "/admin"],
  ] as const) {
    test(`${name}: no serious or critical axe violation`, async ({ page }) => {
      await checkEverywhere(page, path);
    });
  }

  test("the account menu, open: no serious or critical axe violation", async ({ page }) => {
    await checkEverywhere(page, "/", async (p) => {
      await p.getByRole("banner").locator(".account-menu summary").click();
      await expect(p.getByRole("banner").locator(".account-menu ul")).toBeVisible();
    });
  });
});
