// Notes where they are read: in the margin beside their highlights on a wide screen, in a bottom sheet
// on a phone; other readers' notes behind a remembered switch; replies in threads.
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { tapHighlight } from "./touch";
import { readers, storageStatePath } from "./users";

const slug = "speed-vs-quality";
const issuePath = `/issues/${slug}`;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

// On the same line of the first paragraph, Bob's first (their notes must stack), then further down.
const passages = {
  aliceFirst: "It is the wrong argument",
  bobFirst: "move faster, or do it properly",
  alicePrivate: "Large batches are slow",
  aliceThread: "an explicit budget",
  aliceBare: "a batch that is too big",
};
const ids: Record<keyof typeof passages, string> = {
  aliceFirst: "",
  bobFirst: "",
  alicePrivate: "",
  aliceThread: "",
  aliceBare: "",
};

async function as(who: "alice" | "bob", baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL,
    storageState: storageStatePath(who),
    extraHTTPHeaders: { origin: baseURL },
  });
}

async function clearMine(api: APIRequestContext): Promise<void> {
  const mine = (await (await api.get(`/api/annotations?issue=${slug}&mine=1`)).json()) as { items: { id: string }[] };
  for (const { id } of mine.items) expect([204, 404]).toContain((await api.delete(`/api/annotations/${id}`)).status());
}

test.beforeAll(async ({ baseURL }) => {
  const alice = await as("alice", baseURL!);
  const bob = await as("bob", baseURL!);
  await clearMine(alice);
  await clearMine(bob);
  const text = ((await (await alice.get(`/api/issues/${slug}`)).json()) as { text: string }).text;
  const make = async (api: APIRequestContext, quote: string, extra: Record<string, unknown>) => {
    const start = text.indexOf(quote);
    expect(start, quote).toBeGreaterThanOrEqual(0);
    const res = await api.post("/api/annotations", {
      data: { issue: slug, start, end: start + quote.length, exact: quote, ...extra },
    });
    expect(res.status()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  ids.aliceFirst = await make(alice, passages.aliceFirst, {
    note: "The argument is a symptom.\n\nWhat we really disagree about is **batch size**, and that is a longer conversation than one note can hold.",
    tags: ["batches"],
    visibility: "public",
  });
  ids.bobFirst = await make(bob, passages.bobFirst, {
    note: "Bob: we have this fight every sprint.",
    visibility: "public",
  });
  ids.alicePrivate = await make(alice, passages.alicePrivate, { note: "Alice's private thought about batches." });
  ids.aliceThread = await make(alice, passages.aliceThread, { note: "Who owns this budget?", visibility: "public" });
  ids.aliceBare = await make(alice, passages.aliceBare, {});
  await alice.dispose();
  await bob.dispose();
});

type Box = { top: number; bottom: number; left: number; right: number };

/** Every note card in the margin with the box of the first mark of its highlight (page coordinates). */
async function geometry(page: Page): Promise<{ id: string; card: Box; mark: Box }[]> {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right };
    };
    return Array.from(document.querySelectorAll<HTMLElement>(".annotation-margin__list > li[data-annotation]")).map(
      (card) => {
        const id = card.dataset.annotation!;
        return {
          id,
          card: box(card),
          mark: box(document.querySelector(`mark[data-annotation-id="${CSS.escape(id)}"]`)!),
        };
      },
    );
  });
}

/**
 * Notes beside the text, none overlapping, each at its highlight unless packed against a neighbour: pushed
 * down by the note above, or (above an open note, which keeps its place) moved up by the note below.
 */
async function expectPlacedBeside(page: Page) {
  const prose = await page.locator("[data-issue-body]").boundingBox();
  // The layout settles within a frame of any change.
  await expect
    .poll(async () => {
      const notes = (await geometry(page)).sort((a, b) => a.card.top - b.card.top);
      const problems: string[] = [];
      notes.forEach((n, k) => {
        if (n.card.left < prose!.x + prose!.width) problems.push(`${n.id} is not in the margin`);
        const prev = notes[k - 1];
        if (prev && n.card.top < prev.card.bottom) problems.push(`${n.id} overlaps ${prev.id}`);
        const next = notes[k + 1];
        const aligned = Math.abs(n.card.top - n.mark.top) <= 4;
        const pushed =
          prev && n.card.top - prev.card.bottom >= 0 && n.card.top - prev.card.bottom <= 16 && n.card.top > n.mark.top;
        const pulled =
          next && next.card.top - n.card.bottom >= 0 && next.card.top - n.card.bottom <= 16 && n.card.top < n.mark.top;
        if (!aligned && !pushed && !pulled)
          problems.push(`${n.id} sits at ${n.card.top}, its highlight at ${n.mark.top}`);
      });
      return problems;
    })
    .toEqual([]);
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test.describe("on a wide screen", () => {
  test.use({ storageState: storageStatePath("alice") });

  test("notes sit in the margin beside their highlights, stacked without overlap, and follow the text", async ({
    page,
  }) => {
    await page.goto(issuePath);
    const margin = page.getByRole("region", { name: /^Annotations/ });
    await expect(margin.locator(".note-card")).toHaveCount(5);
    await expectPlacedBeside(page);
    const notes = await geometry(page);
    // The first note in reading order (Bob's) is exactly at its highlight; Alice's, a line or less below,
    // is pushed below Bob's note.
    const bobs = notes.find((n) => n.id === ids.bobFirst)!;
    const alices = notes.find((n) => n.id === ids.aliceFirst)!;
    expect(Math.abs(bobs.card.top - bobs.mark.top)).toBeLessThanOrEqual(4);
    expect(alices.card.top).toBeGreaterThanOrEqual(bobs.card.bottom);

    // Clicking a highlight opens its note where it is: no jump down the page.
    await page.locator(`mark[data-annotation-id="${ids.aliceThread}"]`).first().scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => scrollY);
    await page.locator(`mark[data-annotation-id="${ids.aliceThread}"]`).first().click();
    const card = page.locator(`#annotation-${ids.aliceThread}`);
    await expect(card.getByRole("button", { expanded: true })).toBeFocused();
    await expect(card).toContainText("an explicit budget");
    expect(Math.abs((await page.evaluate(() => scrollY)) - scrolled)).toBeLessThan(40);
    await expectPlacedBeside(page);

    // Opening a long note reflows the ones below it.
    await page.locator(`#annotation-${ids.aliceFirst}`).getByRole("button", { name: /^You/ }).click();
    await expect(page.locator(`#annotation-${ids.aliceFirst}`)).toContainText("Annotated");
    await expectPlacedBeside(page);

    // A narrower window moves the text, and the notes with it.
    await page.setViewportSize({ width: 1100, height: 720 });
    await expectPlacedBeside(page);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("other readers' notes can be hidden, and stay hidden on the next visit", async ({ page }) => {
    await page.goto(issuePath);
    const toggle = page.getByRole("switch", { name: /Other readers’ notes/ });
    await expect(toggle).toBeChecked();
    await expect(page.locator(`mark[data-annotation-id="${ids.bobFirst}"]`)).toHaveCount(1);
    await toggle.uncheck();
    await expect(page.locator(`mark[data-annotation-id="${ids.bobFirst}"]`)).toHaveCount(0);
    await expect(page.locator(`#annotation-${ids.bobFirst}`)).toHaveCount(0);
    await expect(page.locator(`#annotation-${ids.aliceFirst}`)).toBeVisible();
    await page.reload();
    await expect(page.getByRole("switch", { name: /Other readers’ notes/ })).not.toBeChecked();
    await expect(page.locator(`mark[data-annotation-id="${ids.bobFirst}"]`)).toHaveCount(0);
    await page.getByRole("switch", { name: /Other readers’ notes/ }).check();
    await expect(page.locator(`mark[data-annotation-id="${ids.bobFirst}"]`)).toHaveCount(1);
    await expectPlacedBeside(page);
  });
});

test.describe
  .serial("replies", () => {
    test.describe("Bob, on a wide screen", () => {
      test.use({ storageState: storageStatePath("bob") });

      test("replies to Alice's public note in its thread; her private note can't be seen, let alone answered", async ({
        page,
      }) => {
        await page.goto(issuePath);
        await expect(page.locator(`mark[data-annotation-id="${ids.alicePrivate}"]`)).toHaveCount(0);
        await page.locator(`mark[data-annotation-id="${ids.aliceThread}"]`).first().click();
        const card = page.locator(`#annotation-${ids.aliceThread}`);
        await card.getByRole("button", { name: "Reply", exact: true }).click();
        const form = card.getByRole("form", { name: `Reply to ${readers.alice.name}’s note` });
        await expect(form.getByLabel("Your reply")).toBeFocused();
        await form.getByLabel("Your reply").fill("Finance does, which is **the problem**.");
        await form.getByRole("button", { name: "Post reply" }).click();
        const reply = card.locator(".note-reply");
        await expect(reply).toContainText("You");
        await expect(reply.locator("strong")).toHaveText("the problem");
        await expectPlacedBeside(page);
        await page.reload();
        await page
          .locator(`#annotation-${ids.aliceThread}`)
          .getByRole("button", { name: /1 reply/ })
          .click();
        await expect(page.locator(`#annotation-${ids.aliceThread} .note-reply`)).toContainText("Finance does");
      });
    });

    test.describe("Alice, on a phone", () => {
      test.use({ storageState: storageStatePath("alice"), ...phone });

      test("a tapped highlight opens its notes in a bottom sheet, where she answers Bob's reply", async ({ page }) => {
        await page.goto(issuePath);
        await tapHighlight(page, ids.aliceThread);
        const sheet = page.getByRole("dialog", { name: "Note on this passage" });
        await expect(sheet).toBeVisible();
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: document.documentElement.clientWidth,
        }));
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
        const box = (await sheet.boundingBox())!;
        // Across the whole width, and no wider.
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(innerWidth + 0.5);
        expect(box.width).toBeGreaterThanOrEqual(innerWidth - 1);
        expect(Math.abs(box.y + box.height - 844)).toBeLessThanOrEqual(2);
        await expect(sheet).toContainText("Who owns this budget?");
        await expect(sheet.locator(".note-reply")).toContainText(readers.bob.name);
        await expect(sheet.locator(".note-reply")).toContainText("Finance does");
        expect(await seriousViolations(page)).toEqual([]);

        await sheet.getByRole("button", { name: "Reply", exact: true }).click();
        await sheet.getByLabel("Your reply").fill("Then let's ask them.");
        await sheet.getByRole("button", { name: "Post reply" }).click();
        await expect(sheet.locator(".note-reply")).toHaveCount(2);
        await sheet.getByRole("button", { name: "Close" }).click();
        await expect(sheet).toBeHidden();
        // On a phone the notes follow the text as a list, with the same thread.
        const listed = page.locator(`#annotation-${ids.aliceThread}`);
        await listed.getByRole("button", { name: /2 replies/ }).click();
        await expect(listed.locator(".note-reply")).toHaveCount(2);
      });

      test("a private note has no reply button", async ({ page }) => {
        await page.goto(issuePath);
        await tapHighlight(page, ids.alicePrivate);
        const sheet = page.getByRole("dialog", { name: "Note on this passage" });
        await expect(sheet).toContainText("Alice's private thought");
        await expect(sheet.getByRole("button", { name: "Reply", exact: true })).toHaveCount(0);
      });
    });

    test.describe("Alice deletes her note", () => {
      test.use({ storageState: storageStatePath("alice") });

      test("the replies stay readable under the passage", async ({ page, browser, baseURL }) => {
        await page.goto(issuePath);
        await page.locator(`#annotation-${ids.aliceThread}`).getByRole("button", { name: /^You/ }).click();
        page.once("dialog", (d) => {
          expect(d.message()).toContain("Other readers' replies to it stay");
          void d.accept();
        });
        await page
          .locator(`#annotation-${ids.aliceThread}`)
          .getByRole("button", { name: "Delete", exact: true })
          .click();
        await expect(page.locator(`#annotation-${ids.aliceThread}`)).toContainText("Its reader deleted this note");

        const anonymous = await browser.newContext({ baseURL });
        const anon = await anonymous.newPage();
        await anon.goto(issuePath);
        const card = anon.locator(`#annotation-${ids.aliceThread}`);
        await expect(card).toContainText("Its reader deleted this note");
        await expect(card).not.toContainText("Who owns this budget?");
        await card.getByRole("button", { name: /Deleted note/ }).click();
        await expect(card.locator(".note-reply")).toHaveCount(1);
        await expect(card.locator(".note-reply")).toContainText("Finance does");
        await expect(card.getByRole("link", { name: "Sign in" })).toHaveCount(0);
        await anonymous.close();
      });
    });
  });
