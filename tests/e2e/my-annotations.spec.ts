// "My annotations": note, tags and visibility edited in place; when each was made, labelled apart from
// the issue's own date; export wording by count.
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { storageStatePath } from "./users";

const slug = "welcome";
const listPath = `/me/annotations?issue=${slug}`;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const quotes = { first: "slow feedback loops", second: "small rituals" };
const ids = { first: "", second: "" };

async function as(who: "alice" | "bob", baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL,
    storageState: storageStatePath(who),
    extraHTTPHeaders: { origin: baseURL },
  });
}

/** Bob's annotations on this issue go, before and after: other specs count his annotations. */
async function clearBobs(baseURL: string): Promise<void> {
  const bob = await as("bob", baseURL);
  const mine = (await (await bob.get(`/api/annotations?issue=${slug}&mine=1`)).json()) as { items: { id: string }[] };
  for (const { id } of mine.items) expect([204, 404]).toContain((await bob.delete(`/api/annotations/${id}`)).status());
  await bob.dispose();
}

test.beforeAll(async ({ baseURL }) => {
  await clearBobs(baseURL!);
  const bob = await as("bob", baseURL!);
  const text = ((await (await bob.get(`/api/issues/${slug}`)).json()) as { text: string }).text;
  for (const key of ["first", "second"] as const) {
    const start = text.indexOf(quotes[key]);
    expect(start, quotes[key]).toBeGreaterThanOrEqual(0);
    const res = await bob.post("/api/annotations", {
      data: {
        issue: slug,
        start,
        end: start + quotes[key].length,
        exact: quotes[key],
        note: key === "first" ? "Loops that take a quarter." : "",
      },
    });
    expect(res.status()).toBe(201);
    ids[key] = ((await res.json()) as { id: string }).id;
  }
  await bob.dispose();
});

test.afterAll(async ({ baseURL }) => clearBobs(baseURL!));

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const card = (page: Page, quote: string) =>
  page.locator(".annotation-card", { has: page.getByRole("blockquote").filter({ hasText: quote }) });

test.describe
  .serial("Bob's annotations", () => {
    test.describe("on a wide screen", () => {
      test.use({ storageState: storageStatePath("bob") });

      test("edits a note, its tags and its visibility where it is listed", async ({ page }) => {
        await page.goto(listPath);
        await expect(page.locator(".annotation-card")).toHaveCount(2);
        await expect(page.locator(".export-links")).toContainText("Export these 2 annotations as");
        const first = card(page, quotes.first);
        // When it was annotated, said as such: not the issue's date (January 2024).
        const written = first.locator(".annotation-card__written");
        await expect(written).toContainText(/^Annotated /);
        expect(await written.locator("time").first().getAttribute("datetime")).toMatch(
          new RegExp(`^${new Date().toISOString().slice(0, 10)}`),
        );
        await expect(first.locator(".badge")).toHaveText(["Private"]);

        await first.getByRole("button", { name: "Edit" }).click();
        const form = first.getByRole("form", { name: "Edit annotation" });
        await expect(form.getByLabel("Note")).toBeFocused();
        await expect(form.getByLabel("Note")).toHaveValue("Loops that take a quarter.");
        expect(await seriousViolations(page)).toEqual([]);
        // Escape leaves without saving.
        await form.getByLabel("Note").fill("Not this.");
        await page.keyboard.press("Escape");
        await expect(form).toHaveCount(0);
        await expect(first.locator(".annotation-note")).toHaveText("Loops that take a quarter.");

        await first.getByRole("button", { name: "Edit" }).click();
        await form.getByLabel("Note").fill("Loops that take a **quarter** to close.");
        await form.getByLabel("Tags").fill("Loops, cadence");
        await form.getByLabel(/Public: every reader/).check();
        await form.getByRole("button", { name: "Save" }).click();
        await expect(first.getByRole("status")).toHaveText("Saved.");
        await expect(first.locator(".annotation-note strong")).toHaveText("quarter");
        await expect(first.getByRole("link", { name: "#loops" })).toBeVisible();
        await expect(first.getByRole("link", { name: "#cadence" })).toBeVisible();
        await expect(first.locator(".badge")).toHaveText(["Public"]);

        await page.reload();
        await expect(card(page, quotes.first).locator(".badge")).toHaveText(["Public"]);
        const stored = (await (await page.request.get(`/api/annotations/${ids.first}`)).json()) as {
          note: string;
          tags: string[];
          visibility: string;
        };
        expect(stored).toMatchObject({
          note: "Loops that take a **quarter** to close.",
          tags: ["loops", "cadence"],
          visibility: "public",
        });

        // A bad edit is explained, and nothing changes.
        await card(page, quotes.first).getByRole("button", { name: "Edit" }).click();
        await page
          .getByRole("form", { name: "Edit annotation" })
          .getByLabel("Tags")
          .fill(Array.from({ length: 30 }, (_, i) => `t${i}`).join(", "));
        await page.getByRole("form", { name: "Edit annotation" }).getByRole("button", { name: "Save" }).click();
        await expect(page.getByRole("form", { name: "Edit annotation" }).getByRole("alert")).toHaveText(/tag/i);
        await page.getByRole("form", { name: "Edit annotation" }).getByRole("button", { name: "Cancel" }).click();
        expect(
          ((await (await page.request.get(`/api/annotations/${ids.first}`)).json()) as { tags: string[] }).tags,
        ).toEqual(["loops", "cadence"]);

        // One annotation listed: the export says so in the singular.
        await page.goto(`${listPath}&tag=cadence`);
        await expect(page.locator(".annotation-card")).toHaveCount(1);
        await expect(page.locator(".export-links")).toContainText("Export this annotation as");
        expect(await seriousViolations(page)).toEqual([]);
      });
    });

    test.describe("on a phone", () => {
      test.use({ storageState: storageStatePath("bob"), ...phone });

      test("a note others have answered stays public; another goes from private to public and back", async ({
        page,
        baseURL,
      }) => {
        const alice = await as("alice", baseURL!);
        expect(
          (await alice.post(`/api/annotations/${ids.first}/replies`, { data: { note: "Alice agrees." } })).status(),
        ).toBe(201);
        await alice.dispose();

        await page.goto(listPath);
        const first = card(page, quotes.first);
        await first.getByText("1 reply").click();
        await expect(first.locator(".note-reply")).toContainText("Alice agrees.");
        await first.getByRole("button", { name: "Edit" }).click();
        const form = first.getByRole("form", { name: "Edit annotation" });
        await expect(form.getByLabel(/Private: only you/)).toBeDisabled();
        await expect(form).toContainText("Other readers have replied to it, so it stays public.");
        await form.getByRole("button", { name: "Cancel" }).click();

        const second = card(page, quotes.second);
        await second.getByRole("button", { name: "Edit" }).click();
        const secondForm = second.getByRole("form", { name: "Edit annotation" });
        await secondForm.getByLabel("Note").fill("Rituals, not processes.");
        await secondForm.getByLabel(/Public: every reader/).check();
        await secondForm.getByRole("button", { name: "Save" }).click();
        await expect(second.locator(".badge")).toHaveText(["Public"]);
        await expect(second.locator(".annotation-note")).toHaveText("Rituals, not processes.");
        await second.getByRole("button", { name: "Edit" }).click();
        await secondForm.getByLabel(/Private: only you/).check();
        await secondForm.getByRole("button", { name: "Save" }).click();
        await expect(second.locator(".badge")).toHaveText(["Private"]);
        expect(
          ((await (await page.request.get(`/api/annotations/${ids.second}`)).json()) as { visibility: string })
            .visibility,
        ).toBe("private");

        const { scrollWidth, innerWidth, offenders } = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const offenders = Array.from(document.querySelectorAll("body *"))
            .filter((el) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > width + 1)
            .slice(0, 5)
            .map(
              (el) =>
                `${el.tagName.toLowerCase()}.${el.className} (right ${Math.round(el.getBoundingClientRect().right)})`,
            );
          return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, offenders };
        });
        expect(scrollWidth, `scrolls sideways: ${offenders.join("; ")}`).toBeLessThanOrEqual(innerWidth);
        expect(await seriousViolations(page)).toEqual([]);
      });
    });
  });
