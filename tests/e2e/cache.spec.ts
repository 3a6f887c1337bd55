/**
 * Pages share cached data between readers (lib/cache/reads.ts); what belongs to one reader
 * must never travel with it. Alice's private note and the signed-in header are checked from
 * Bob's and a signed-out reader's side after the issue's shared data has been cached, and a
 * public note shows to signed-out readers as soon as it is made public, and goes when deleted.
 */
import { expect, test, type Page } from "@playwright/test";
import { readers, storageStatePath } from "./users";

const SLUG = "outcomes-over-output";

async function openIssue(page: Page): Promise<string> {
  expect((await page.goto(`/issues/${SLUG}`))?.status()).toBe(200);
  // The whole response, so a note hidden in the page's data (not only its visible text) is caught too.
  return page.content();
}

test("one reader's private note and name never reach another reader through the cached issue page", async ({
  browser,
  baseURL,
}) => {
  // Three readers and a dozen page loads on a shared machine.
  test.setTimeout(120_000);
  const marker = `only-alice-sees-this-${Date.now()}`;
  const anon = await browser.newContext({ baseURL });
  const alice = await browser.newContext({ baseURL, storageState: storageStatePath("alice") });
  const bob = await browser.newContext({ baseURL, storageState: storageStatePath("bob") });
  const anonPage = await anon.newPage();
  const alicePage = await alice.newPage();
  const bobPage = await bob.newPage();
  // The shared data is cached before the note exists (and after, by each view below).
  await openIssue(anonPage);
  await openIssue(bobPage);

  const issue = (await (await anonPage.request.get(`/api/issues/${SLUG}`)).json()) as { text: string };
  const exact = issue.text.slice(0, 24);
  const created = await alicePage.request.post("/api/annotations", {
    headers: { origin: baseURL! },
    data: { issue: SLUG, start: 0, end: exact.length, exact, note: marker, visibility: "private" },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  try {
    expect(await openIssue(alicePage)).toContain(marker);
    await expect(alicePage.locator(".account-menu summary")).toContainText(readers.alice.name);

    for (let i = 0; i < 2; i++) {
      // (Alice's name itself may show: other specs leave public notes of hers on this issue.)
      const html = await openIssue(bobPage);
      expect(html).not.toContain(marker);
      await expect(bobPage.locator(".account-menu summary")).toContainText(readers.bob.name);

      const anonHtml = await openIssue(anonPage);
      expect(anonHtml).not.toContain(marker);
      expect(anonHtml).not.toContain(readers.bob.name);
      await expect(anonPage.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
    }

    // Made public: signed-out readers (who share one cached copy of the public notes) see it at once…
    const shared = await alicePage.request.patch(`/api/annotations/${id}`, {
      headers: { origin: baseURL! },
      data: { visibility: "public" },
    });
    expect(shared.status()).toBe(200);
    expect(await openIssue(anonPage)).toContain(marker);
    expect(await openIssue(bobPage)).toContain(marker);
    // …and no longer once it is deleted.
    expect((await alicePage.request.delete(`/api/annotations/${id}`, { headers: { origin: baseURL! } })).status()).toBe(
      204,
    );
    expect(await openIssue(anonPage)).not.toContain(marker);
  } finally {
    await alicePage.request.delete(`/api/annotations/${id}`, { headers: { origin: baseURL! } });
    await Promise.all([anon.close(), alice.close(), bob.close()]);
  }
});

test("the revalidation endpoint wants the app's secret", async ({ request }) => {
  const none = await request.post("/api/revalidate", { data: { tags: ["issues"] } });
  expect(none.status()).toBe(401);
  expect(((await none.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  const wrong = await request.post("/api/revalidate", {
    headers: { authorization: "Bearer not-the-secret" },
    data: { tags: ["issues"] },
  });
  expect(wrong.status()).toBe(403);
});
