/**
 * Whole pages kept for signed-out readers (scripts/server.ts, lib/cache/html.ts): the second view
 * of a page is served from memory, its policy lists the hashes of its inline scripts instead of a
 * nonce, and it runs in the browser without a single violation — hydrated, navigating on the
 * client, searching. A signed-in reader never gets that copy, nor a signed-out one theirs, and a
 * change made by a reader shows to signed-out readers on their very next view.
 */
import { expect, test } from "@playwright/test";
import { watchCsp } from "./csp";
import { readers, storageStatePath } from "./users";

const ISSUE = "/issues/outcomes-over-output";

test("a signed-out reader's second view is served from memory with a hash policy and no shared nonce", async ({
  request,
}) => {
  const first = await request.get("/concepts?probe=hashes");
  expect(first.status()).toBe(200);
  const second = await request.get("/concepts?probe=hashes");
  expect(second.headers()["x-concordance-cache"]).toBe("hit");
  const csp = second.headers()["content-security-policy"]!;
  expect(csp).not.toContain("nonce-");
  expect(csp).not.toContain("strict-dynamic");
  const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src "))!;
  expect(scriptSrc).toMatch(/^script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+$/);
  const html = await second.text();
  expect(html).not.toMatch(/\snonce=/);
  // The renderer's nonce went out to its one reader only.
  const nonce = /'nonce-([^']+)'/.exec(first.headers()["content-security-policy"]!)![1]!;
  expect(html).not.toContain(nonce);
  expect(second.headers()["link"] ?? "").not.toContain("nonce");
  // Same content otherwise.
  const visible = (s: string) =>
    s
      .replace(/\snonce="[^"]*"/g, "")
      .replace(/"nonce":"[^"]*"/g, "")
      .replace(/\\"nonce\\":\\"[^"\\]*\\"/g, "");
  expect(visible(html)).toBe(visible(await first.text()));
});

test("stored pages run without a policy violation: hydrated, client navigation and the search box work", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ baseURL });
  try {
    // Warm the copies a reader will be served.
    for (const path of ["/", "/issues", ISSUE, "/concepts"])
      expect((await context.request.get(path)).status()).toBe(200);
    const page = await context.newPage();
    const violations = await watchCsp(page);
    for (const path of ["/", "/issues", ISSUE, "/concepts"]) {
      const response = await page.goto(path);
      expect(response?.headers()["x-concordance-cache"], path).toBe("hit");
    }
    // Client-side navigation keeps the document (a marker on window survives).
    await page.goto("/issues");
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.getByRole("banner").getByRole("link", { name: "Concepts" }).click();
    await expect(page).toHaveURL(/\/concepts$/);
    await page.locator("main a[href^='/concepts/']").first().click();
    await expect(page).toHaveURL(/\/concepts\/[^/?]+$/);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    // The issue page's client code, and the live search box.
    await page.goto(ISSUE);
    await page.getByRole("button", { name: "Highlight in text" }).click();
    await expect(page.locator("[data-issue-body] mark.concept-mark").first()).toBeVisible();
    await page.getByRole("banner").getByRole("combobox", { name: "Search issues and concepts" }).fill("outcomes");
    await expect(page.getByRole("option").first()).toBeVisible();
    expect(violations).toEqual([]);
  } finally {
    await context.close();
  }
});

test("a signed-in reader never gets the stored signed-out page, nor a signed-out reader theirs", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const anon = await browser.newContext({ baseURL });
  const alice = await browser.newContext({ baseURL, storageState: storageStatePath("alice") });
  try {
    const path = "/issues?probe=who";
    await anon.request.get(path);
    expect((await anon.request.get(path)).headers()["x-concordance-cache"]).toBe("hit");

    const alicePage = await alice.newPage();
    const seen = await alicePage.goto(path);
    expect(seen?.headers()["x-concordance-cache"]).toBeUndefined();
    expect(seen?.headers()["content-security-policy"]).toMatch(/'nonce-/);
    await expect(alicePage.locator(".account-menu summary")).toContainText(readers.alice.name);

    // Alice's view, rendered after the copy was stored, is not what signed-out readers now get.
    const anonPage = await anon.newPage();
    const anonSeen = await anonPage.goto(path);
    expect(anonSeen?.headers()["x-concordance-cache"]).toBe("hit");
    expect(await anonPage.content()).not.toContain(readers.alice.name);
    expect(await anonPage.content()).not.toContain(readers.alice.email);
    await expect(anonPage.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  } finally {
    await Promise.all([anon.close(), alice.close()]);
  }
});

test("pages are kept per whole address: another query is another page", async ({ request }) => {
  const a = "/issues?probe=key-a";
  const b = "/issues?probe=key-b";
  expect((await request.get(a)).headers()["x-concordance-cache"]).toBe("miss");
  expect((await request.get(a)).headers()["x-concordance-cache"]).toBe("hit");
  expect((await request.get(b)).headers()["x-concordance-cache"]).toBe("miss");
  expect((await request.get(b)).headers()["x-concordance-cache"]).toBe("hit");
  // A search's results page, an RSC request, and a POST are always Next's.
  expect((await request.get("/search?q=outcomes")).headers()["x-concordance-cache"]).toBeUndefined();
  expect((await request.get("/issues", { headers: { rsc: "1" } })).headers()["x-concordance-cache"]).toBeUndefined();
});

test("a note made public shows to signed-out readers at once, though their copy of the page was stored", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const anon = await browser.newContext({ baseURL });
  const alice = await browser.newContext({ baseURL, storageState: storageStatePath("alice") });
  const marker = `public-note-for-everyone-${Date.now()}`;
  let id: string | undefined;
  try {
    await anon.request.get(ISSUE);
    const stored = await anon.request.get(ISSUE);
    expect(stored.headers()["x-concordance-cache"]).toBe("hit");
    expect(await stored.text()).not.toContain(marker);

    const issue = (await (await anon.request.get(`/api/issues/outcomes-over-output`)).json()) as { text: string };
    const exact = issue.text.slice(0, 20);
    const created = await alice.request.post("/api/annotations", {
      headers: { origin: baseURL! },
      data: { issue: "outcomes-over-output", start: 0, end: exact.length, exact, note: marker, visibility: "public" },
    });
    expect(created.status()).toBe(201);
    id = ((await created.json()) as { id: string }).id;

    const after = await anon.request.get(ISSUE);
    expect(after.headers()["x-concordance-cache"]).toBe("miss");
    expect(await after.text()).toContain(marker);
  } finally {
    if (id) await alice.request.delete(`/api/annotations/${id}`, { headers: { origin: baseURL! } });
    await Promise.all([anon.close(), alice.close()]);
  }
});

test("a reader's new display name reaches the signed-out copy of a page with their public note", async ({
  browser,
  baseURL,
}) => {
  // Renaming is a server action that only calls revalidatePath: this is the path the server sees
  // through Next's tag manifest alone.
  test.setTimeout(90_000);
  const anon = await browser.newContext({ baseURL });
  const bob = await browser.newContext({ baseURL, storageState: storageStatePath("bob") });
  const renamed = `Bob Renamed ${Date.now().toString(36)}`;
  let id: string | undefined;
  const page = await bob.newPage();
  const rename = async (name: string) => {
    await page.goto("/me/account");
    await page.getByLabel("Display name").fill(name);
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByRole("status").filter({ hasText: name })).toBeVisible();
  };
  try {
    const issue = (await (await anon.request.get(`/api/issues/outcomes-over-output`)).json()) as { text: string };
    const exact = issue.text.slice(0, 16);
    const created = await bob.request.post("/api/annotations", {
      headers: { origin: baseURL! },
      data: {
        issue: "outcomes-over-output",
        start: 0,
        end: exact.length,
        exact,
        note: "a note signed with a name",
        visibility: "public",
      },
    });
    expect(created.status()).toBe(201);
    id = ((await created.json()) as { id: string }).id;
    await anon.request.get(ISSUE);
    const stored = await anon.request.get(ISSUE);
    expect(stored.headers()["x-concordance-cache"]).toBe("hit");
    expect(await stored.text()).toContain(readers.bob.name);

    await rename(renamed);
    const after = await anon.request.get(ISSUE);
    expect(after.headers()["x-concordance-cache"]).toBe("miss");
    expect(await after.text()).toContain(renamed);
  } finally {
    if (id) await bob.request.delete(`/api/annotations/${id}`, { headers: { origin: baseURL! } });
    await rename(readers.bob.name);
    await Promise.all([anon.close(), bob.close()]);
  }
});
