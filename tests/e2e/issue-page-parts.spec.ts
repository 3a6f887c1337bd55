/**
 * The issue page streams its concepts and its annotations apart from its
 * text: when one of them fails, the page still answers, the text is all there,
 * and the failed part says so in one line where it would have been.
 */
import { expect, test } from "@playwright/test";
import { runSql } from "./operator";
import { readers, storageStatePath } from "./users";

const SLUG = "speed-vs-quality";

test.describe("annotations that can't be read", () => {
  let id = "";

  test.beforeAll(() => {
    // A row no version of the app writes: a timestamp no date can hold, which fails every view of the
    // annotation (even the safe fallback for notes that can't be rendered). Bob's own and private, so
    // his view of the issue is the one that fails.
    const rows = runSql<{ id: string }>(`
      insert into annotations (user_id, issue_id, revision, checked_revision, exact, prefix, suffix, start, "end", note, note_html, visibility, updated_at)
      select u.id, i.id, i.revision, i.revision, substr(i.text, 1, 24), '', substr(i.text, 25, 32), 0, 24, 'a note', '<p>a note</p>', 'private', 'infinity'
      from users u, issues i where u.email = '${readers.bob.email}' and i.slug = '${SLUG}'
      returning id`);
    expect(rows).toHaveLength(1);
    id = rows[0]!.id;
  });

  test.afterAll(() => {
    runSql(`delete from annotations where id = '${id}'`);
  });

  test("take down neither the page nor its text: the notes' place says what happened", async ({ browser, baseURL }) => {
    const bob = await browser.newContext({ baseURL, storageState: storageStatePath("bob") });
    const page = await bob.newPage();
    expect((await page.goto(`/issues/${SLUG}`))?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Speed vs. Quality");
    // All of the text: its last paragraph, as the API gives it, is on the page.
    const { blocks } = (await (await page.request.get(`/api/issues/${SLUG}`)).json()) as { blocks: { text: string }[] };
    await expect(page.locator("[data-issue-body]")).toContainText(blocks.at(-1)!.text);
    const notice = page.getByText("The notes on this issue couldn't be loaded just now; its text is all here.");
    await expect(notice).toBeVisible();
    await expect(page.getByRole("region", { name: "Annotations" })).toContainText("Try again");
    // The other part, and the rest of the page, are unaffected.
    await expect(page.getByRole("region", { name: "Concepts in this issue" }).getByRole("link").first()).toBeVisible();
    await expect(page.getByRole("navigation", { name: "More issues" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Highlight in text" })).toBeEnabled();

    // Trying again fails the same way, and says so again, without taking the page with it.
    const refetched = page.waitForRequest((r) => new URL(r.url()).pathname === `/issues/${SLUG}`);
    await page.getByRole("button", { name: "Try again" }).click();
    await refetched;
    await expect(notice).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Speed vs. Quality");

    // Bob's other issues, and everyone else's view of this one, are as usual.
    // (The loaded list has its heading; the placeholder streamed before it has none.)
    await page.goto("/issues/decision-log");
    await expect(page.getByRole("heading", { name: /^Annotations/ })).toBeVisible();
    await expect(page.getByText("couldn't be loaded")).toHaveCount(0);
    await bob.close();

    const alice = await browser.newContext({ baseURL, storageState: storageStatePath("alice") });
    const other = await alice.newPage();
    await other.goto(`/issues/${SLUG}`);
    await expect(other.getByRole("heading", { name: /^Annotations/ })).toBeVisible();
    await expect(other.getByText("couldn't be loaded")).toHaveCount(0);
    await alice.close();
  });
});

test("an unknown issue is still a 404", async ({ page }) => {
  const res = await page.goto("/issues/no-such-issue-here");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});
