import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { PASSWORD, readers, storageStatePath } from "./users";

const issuePath = "/issues/outcomes-over-output";
const fixtures = path.join(process.cwd(), "tests", "fixtures", "annotations");
const quote = "The roadmap becomes a queue, and the queue never gets shorter.";
const publicQuote = "Outcomes are harder to plan";

/**
 * Re-ingest a file into the e2e server's embedded database, as the author would; with `--wait`,
 * so the concepts re-derivation is done when it returns instead of refreshing pages later, in the
 * middle of another test that counts on its stored copies.
 */
function ingest(file: string) {
  execFileSync("npx", ["tsx", "scripts/ingest.ts", file, "--wait"], {
    env: { ...process.env, CONCORDANCE_DATA_DIR: process.env.CONCORDANCE_E2E_DATA_DIR, DATABASE_URL: "" },
    stdio: "pipe",
  });
}

/** Select `text` inside the issue body, as a reader dragging over it would. */
async function selectText(page: Page, text: string) {
  const found = await page.evaluate((wanted) => {
    const body = document.querySelector("[data-issue-body]")!;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n as Text).data.indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + wanted.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
    return false;
  }, text);
  expect(found, `"${text}" is in the page`).toBe(true);
}

function highlight(page: Page) {
  return page.locator("[data-issue-body] mark.annotation-highlight");
}

test("signing in: wrong password, then right; repeated failures make the next try wait, longer each time", async ({
  page,
}) => {
  // A dozen sign-ins (argon2 each) and a deliberate wait: more than the default 30 s on a busy machine.
  test.setTimeout(60_000);
  await page.goto("/login");
  await page.getByLabel("Email").fill(readers.bob.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That email and password don't match an account.");

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("banner").getByText(readers.bob.name)).toBeVisible();

  // Sign out through the account menu.
  await page.getByRole("banner").getByText(readers.bob.name).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();

  // Someone guessing at an account is slowed down: after five wrong passwords each try waits, twice as
  // long after every further failure. There is no lock-out: once the wait is over, passwords are checked again.
  const guess = async (password: string) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("nobody-in-particular@example.org");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    return page.getByRole("main").getByRole("alert");
  };
  for (let i = 0; i < 5; i++) await expect(await guess(`guess ${i}`)).toContainText("don't match");
  // The first wait is a second; on a slow machine a page round trip can outlast it, so keep guessing until one is held.
  let held = "";
  for (let i = 0; i < 6 && !held; i++) {
    const alert = await guess(`quick guess ${i}`);
    await expect(alert).toHaveText(/\S/);
    const message = (await alert.textContent()) ?? "";
    if (message.startsWith("Too many")) held = message;
    else expect(message).toContain("don't match");
  }
  const wait =
    /^Too many wrong passwords for this account\. Wait (\d+) seconds? before trying again; each further wrong password doubles the wait, up to a minute\.$/.exec(
      held,
    );
  expect(wait, held).not.toBeNull();
  await page.waitForTimeout(Number(wait![1]) * 1000 + 300);
  await expect(await guess("after waiting")).toContainText("don't match");
  await expect(await guess("right after")).toContainText(/Wait \d+ seconds? before trying again/);
});

test("a passage selected before the page has hydrated still gets the toolbar", async ({ page }) => {
  // Hold the page's scripts back, as a slow network or a busy phone would, so the reader's
  // selection is made while the page is still plain HTML.
  let release!: () => void;
  const scriptsMayLoad = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/**", async (route) => {
    await scriptsMayLoad;
    await route.continue();
  });
  // Next's scripts are deferred, so DOMContentLoaded waits for them: wait for the text instead.
  await page.goto(issuePath, { waitUntil: "commit" });
  await expect(page.locator("[data-issue-body]")).toContainText(publicQuote);
  await selectText(page, publicQuote);
  const toolbar = page.getByRole("toolbar", { name: "Annotate the selected text" });
  await expect(toolbar).toHaveCount(0);

  release();
  await expect(toolbar).toBeVisible();
  await expect(toolbar.getByRole("link", { name: "Sign in to annotate" })).toBeVisible();
});

test.describe
  .serial("annotating an issue", () => {
    let privateId = "";

    // A retry of this group starts again from the first test, so start from a clean slate:
    // the sample issue as shipped and none of Alice's annotations from an earlier attempt.
    test.beforeAll(async ({ baseURL }) => {
      ingest(path.join(process.cwd(), "db", "samples", "002-outcomes-over-output.md"));
      const alice = await playwrightRequest.newContext({ baseURL, storageState: storageStatePath("alice") });
      const mine = (await (await alice.get("/api/annotations")).json()) as { items: { id: string }[] };
      for (const { id } of mine.items) {
        const res = await alice.delete(`/api/annotations/${id}`, { headers: { origin: baseURL! } });
        expect(res.status(), `deleting Alice's leftover annotation ${id}`).toBe(204);
      }
      await alice.dispose();
    });

    test.afterAll(() => {
      // Leave the sample issue as other specs expect it.
      ingest(path.join(process.cwd(), "db", "samples", "002-outcomes-over-output.md"));
    });

    test.describe("as Alice", () => {
      test.use({ storageState: storageStatePath("alice") });

      test("select a passage, annotate it with a note and a tag, reload and see the highlight", async ({ page }) => {
        let dialogs = 0;
        page.on("dialog", (d) => {
          dialogs += 1;
          void d.dismiss();
        });
        await page.goto(issuePath);
        await expect(page.getByRole("heading", { name: /^Annotations/ })).toBeVisible();

        await selectText(page, quote);
        const toolbar = page.getByRole("toolbar", { name: "Annotate the selected text" });
        await expect(toolbar).toBeVisible();
        await toolbar.getByRole("button", { name: "Annotate…" }).click();

        const editor = page.getByRole("form", { name: "New annotation" });
        await expect(editor.getByRole("blockquote")).toHaveText(quote);
        await expect(editor.getByLabel("Note")).toBeFocused();
        await editor
          .getByLabel("Note")
          .fill('Queues only **grow**. <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>');
        await editor.getByLabel("Tags").fill("Roadmaps, flow");
        await expect(editor.getByLabel(/Public/)).not.toBeChecked();
        const created = page.waitForResponse(
          (r) => r.url().endsWith("/api/annotations") && r.request().method() === "POST",
        );
        await editor.getByRole("button", { name: "Save" }).click();
        const response = await created;
        expect(response.status()).toBe(201);
        privateId = (await response.json()).id;

        await expect(highlight(page)).toHaveText(quote);
        await page.reload();
        await expect(highlight(page)).toHaveText(quote);
        const item = page.locator(`#annotation-${privateId}`);
        await expect(item.locator(".annotation-note strong")).toHaveText("grow");
        await expect(item).toContainText("#roadmaps");
        await expect(item).toContainText("#flow");
        await expect(item).toContainText("Private");
        // The markup in the note is shown inert, never run.
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        await expect(item.locator(".annotation-note img, .annotation-note script")).toHaveCount(0);
        expect(dialogs).toBe(0);
      });

      test("keyboard readers reach the toolbar with Alt+A and leave it with Escape", async ({ page }) => {
        await page.goto(issuePath);
        await selectText(page, publicQuote);
        const toolbar = page.getByRole("toolbar", { name: "Annotate the selected text" });
        await expect(toolbar).toBeVisible();
        await expect(page.getByRole("status").filter({ hasText: "Press Alt+A" })).toHaveCount(1);
        await page.keyboard.press("Alt+KeyA");
        await expect(toolbar.getByRole("button", { name: "Highlight" })).toBeFocused();
        await page.keyboard.press("Escape");
        await expect(toolbar).toBeHidden();
      });

      test("annotation highlights and concept highlights live together", async ({ page }) => {
        await page.goto(issuePath);
        await expect(highlight(page)).toHaveText(quote);
        const toggle = page.getByRole("button", { name: "Highlight in text" });
        await toggle.click();
        await expect(page.locator("[data-issue-body] mark.concept-mark").first()).toBeVisible();
        await expect(highlight(page)).toHaveText(quote);
        await page.getByRole("button", { name: "Hide highlights" }).click();
        await expect(page.locator("[data-issue-body] mark.concept-mark")).toHaveCount(0);
        await expect(highlight(page)).toHaveText(quote);
      });

      test("make a second annotation public", async ({ page }) => {
        await page.goto(issuePath);
        await selectText(page, publicQuote);
        await page.getByRole("toolbar").getByRole("button", { name: "Annotate…" }).click();
        const editor = page.getByRole("form", { name: "New annotation" });
        await editor.getByLabel("Note").fill("Shared with everyone.");
        await editor.getByLabel(/Public/).check();
        await editor.getByRole("button", { name: "Save" }).click();
        await expect(highlight(page).filter({ hasText: publicQuote })).toBeVisible();
        await expect(highlight(page)).toHaveCount(2);
      });

      test("re-ingest an edited issue: the annotation follows its passage", async ({ page }) => {
        // The ingest CLI alone takes 20 s when the machine is busy.
        test.setTimeout(60_000);
        ingest(path.join(fixtures, "outcomes-v2-edited.md"));
        await page.goto(issuePath);
        await expect(page.locator("[data-issue-body]")).toContainText("A note for this edition");
        const mark = page.locator(`mark[data-annotation-id="${privateId}"]`);
        await expect(mark).toHaveText("The roadmap becomes a queue, and that queue never gets any shorter.");
        await expect(highlight(page).filter({ hasText: publicQuote })).toBeVisible();
      });

      test("delete the passage and re-ingest: the annotation is kept as orphaned", async ({ page }) => {
        // The ingest CLI alone takes 20 s when the machine is busy.
        test.setTimeout(60_000);
        ingest(path.join(fixtures, "outcomes-v3-passage-deleted.md"));
        await page.goto(issuePath);
        await expect(page.locator(`mark[data-annotation-id="${privateId}"]`)).toHaveCount(0);
        await expect(page.locator(".annotation-orphans")).toContainText("One of your annotations no longer matches");
        await page.locator(".annotation-orphans").getByRole("link", { name: "My annotations" }).click();

        await expect(page).toHaveURL(/\/me\/annotations\?issue=outcomes-over-output/);
        const card = page.locator(".annotation-card", { hasText: "Queues only" });
        await expect(card).toContainText("Passage no longer in the issue");
        await expect(card.getByRole("blockquote")).toHaveText(
          "The roadmap becomes a queue, and that queue never gets any shorter.",
        );

        // Filter by tag and search, then export.
        await page.goto("/me/annotations");
        await page.getByLabel("Tag").selectOption("flow");
        await page.getByRole("button", { name: "Apply" }).click();
        await expect(page.locator(".annotation-card")).toHaveCount(1);
        await page.goto("/me/annotations?q=everyone");
        await expect(page.locator(".annotation-card")).toHaveCount(1);
        await expect(page.locator(".annotation-card")).toContainText(publicQuote);
        const jsonld = await page.request.get("/api/annotations?format=jsonld");
        expect((await jsonld.json()).total).toBe(2);
      });
    });

    test.describe("as Bob", () => {
      test.use({ storageState: storageStatePath("bob") });

      test("a second reader sees the public annotation, not the private one", async ({ page }) => {
        await page.goto(issuePath);
        const mark = highlight(page);
        await expect(mark).toHaveCount(1);
        await expect(mark).toHaveText(publicQuote);
        const list = page.getByRole("region", { name: /^Annotations/ });
        await expect(list).toContainText("Shared with everyone.");
        await expect(list).toContainText(readers.alice.name);
        await expect(list).not.toContainText("Queues only");
        await expect(list.getByRole("button", { name: "Delete" })).toHaveCount(0);

        expect((await page.request.get(`/api/annotations/${privateId}`)).status()).toBe(404);
        const del = await page.request.delete(`/api/annotations/${privateId}`, {
          headers: { origin: new URL(page.url()).origin },
        });
        expect(del.status()).toBe(404);
        const mine = await (await page.request.get("/api/annotations")).json();
        expect(mine.items).toEqual([]);
      });

      test("another site's page cannot change annotations with Bob's cookies", async ({ page }) => {
        await page.goto(issuePath);
        const res = await page.request.post("/api/annotations", {
          headers: { origin: "https://evil.example" },
          data: { issue: "outcomes-over-output", start: 0, end: 5, exact: "Teams" },
        });
        expect(res.status()).toBe(403);
      });
    });

    test.describe("as the author", () => {
      test.use({ storageState: storageStatePath("editor") });

      test("the admin page shows the ingest history and lets the author hide a public annotation", async ({
        page,
        browser,
      }) => {
        await page.goto("/");
        await page.getByRole("banner").getByText(readers.editor.name).click();
        await page.getByRole("link", { name: "Admin" }).click();
        await expect(page.getByRole("heading", { name: "Ingest history" })).toBeVisible();
        const card = page.locator(".annotation-card", { hasText: publicQuote });
        await expect(card).toContainText(readers.alice.name);
        await card.getByRole("button", { name: "Hide from readers" }).click();
        await expect(card.getByRole("button", { name: "Unhide" })).toBeVisible();

        const bob = await browser.newContext({
          storageState: storageStatePath("bob"),
          baseURL: new URL(page.url()).origin,
        });
        const bobPage = await bob.newPage();
        await bobPage.goto(issuePath);
        await expect(bobPage.getByRole("region", { name: /^Annotations/ })).toContainText("Select any passage");
        await expect(highlight(bobPage)).toHaveCount(0);
        // Readers who aren't authors are turned away from the admin page.
        const adminResponse = await bobPage.goto("/admin");
        expect(adminResponse?.status()).toBe(403);
        await expect(bobPage.getByRole("heading", { level: 1 })).toHaveText("Authors only");
        await bob.close();
      });

      test("the author adds and removes a concept curation rule", async ({ page }) => {
        await page.goto("/admin");
        // A concept extracted from the sample issues, by its key.
        const concepts = page.getByRole("table", { name: "Concepts, most central first" });
        const key = (await concepts.locator("tbody tr").first().locator("td").nth(1).innerText()).trim();
        expect(key).not.toBe("");

        const form = page.getByRole("form", { name: "Add a curation rule" });
        await form.getByLabel("Action").selectOption("alias");
        await form.getByLabel("Concept (name, slug or key)").fill("no such concept anywhere");
        await form.getByLabel(/Alias/).fill("feature mill");
        await form.getByRole("button", { name: "Add rule" }).click();
        await expect(form.getByRole("alert")).toContainText('No concept "no such concept anywhere"');

        await form.getByLabel("Concept (name, slug or key)").fill(key);
        await form.getByRole("button", { name: "Add rule" }).click();
        await expect(form.getByRole("status")).toContainText("Rule saved");
        const rules = page.getByRole("table", { name: "Curation rules, oldest first" });
        const row = rules.getByRole("row").filter({ hasText: "feature mill" });
        await expect(row).toContainText(key);
        await expect(row).toContainText(readers.editor.email);

        await row.getByRole("button", { name: /Remove rule/ }).click();
        await expect(page.getByText("No rules yet.")).toBeVisible();
      });
    });

    test.describe("as Alice, tidying up", () => {
      test.use({ storageState: storageStatePath("alice") });

      test("deletes an annotation from My annotations, only once she confirms", async ({ page }) => {
        await page.goto("/me/annotations");
        const card = page.locator(".annotation-card", { hasText: "Queues only" });
        await expect(page.locator(".annotation-card")).toHaveCount(2);

        // Cancelling the confirmation sends nothing.
        let asked = "";
        page.once("dialog", (d) => {
          asked = d.message();
          void d.dismiss();
        });
        await card.getByRole("button", { name: "Delete" }).click();
        await expect.poll(() => asked).toContain("can't be undone");
        expect((await page.request.get(`/api/annotations/${privateId}`)).status()).toBe(200);
        await expect(card).toBeVisible();

        page.once("dialog", (d) => void d.accept());
        await card.getByRole("button", { name: "Delete" }).click();
        await expect(card).toHaveCount(0);
        await expect(page.locator(".annotation-card")).toHaveCount(1);
        expect((await page.request.get(`/api/annotations/${privateId}`)).status()).toBe(404);
        await page.reload();
        await expect(page.locator(".annotation-card", { hasText: "Queues only" })).toHaveCount(0);
      });
    });
  });
