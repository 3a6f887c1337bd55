/**
 * The pages' data is cached in the app; `npm run ingest` runs in a process of its own. On the
 * archive project's server (playwright.config.ts): an issue added, then edited, from the command
 * line shows on the home page, the list and its own page without restarting the app, although
 * those pages were cached just before (their data, and the whole pages signed-out readers get).
 * The command hands the file to the app's launcher, which ingests it in its own process.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

function ingest(file: string): string {
  const run = spawnSync("node", ["--import", "tsx", "scripts/ingest.ts", file], {
    env: {
      ...process.env,
      CONCORDANCE_DATA_DIR: process.env.CONCORDANCE_E2E_ARCHIVE_DATA_DIR,
      DATABASE_URL: "",
      FORCE_COLOR: "0",
    },
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stderr;
}

function writeIssue(dir: string, title: string): string {
  const file = path.join(dir, "cache-probe.md");
  fs.writeFileSync(
    file,
    `---\ntitle: "${title}"\ndate: 2031-06-01\n---\n\nA short note about lighthouse keepers and the logbooks they kept through the long winter watches.\n\nEvery entry was a small promise to the next keeper.\n`,
  );
  return file;
}

test("an issue ingested from the command line appears, and its edit shows, without restarting the app", async ({
  page,
}) => {
  // A three-process test (this runner, the app, the ingest CLI) on a shared machine.
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-cache-e2e-"));
  try {
    // Cache the pages the new issue will change, and its page while it doesn't exist yet; signed out,
    // the second view of a page is the whole page kept in memory (scripts/server.ts).
    await page.goto("/");
    expect((await page.goto("/"))?.headers()["x-concordance-cache"]).toBe("hit");
    const before = await page.getByRole("main").locator(".lede").innerText();
    await page.goto("/issues");
    expect((await page.goto("/issues"))?.headers()["x-concordance-cache"]).toBe("hit");
    await expect(page.getByRole("main")).not.toContainText("Lighthouse Logbooks");
    expect((await page.goto("/issues/lighthouse-logbooks"))?.status()).toBe(404);
    // A search is answered once by Next, then from the server's memory at the same index generation.
    const search = () => page.request.get("/api/search?q=lighthouse%20logbooks&kind=issue");
    const firstSearch = await search();
    const keptSearch = await search();
    expect(keptSearch.headers()["x-concordance-cache"]).toBe("hit");
    expect(await keptSearch.json()).toEqual(await firstSearch.json());
    expect((await keptSearch.json()).hits).toEqual([]);

    // The launcher opens its ingest socket once its modules are loaded, a little after the app is up.
    const socket = path.join(process.env.CONCORDANCE_E2E_ARCHIVE_DATA_DIR!, "ingest.sock");
    await expect.poll(() => fs.existsSync(socket), { timeout: 60_000 }).toBe(true);
    const stderr = ingest(writeIssue(dir, "Lighthouse Logbooks"));
    expect(stderr).not.toMatch(/could not be told|refused to refresh/);
    // A single file is handed to the running app's launcher (lib/ingest/handoff.ts), not ingested by the command.
    expect(stderr).toMatch(/Ran in the running app \(pid \d+\)/);

    await page.goto("/");
    await expect(page.getByRole("main").locator(".lede")).not.toHaveText(before);
    await expect(page.getByRole("main")).toContainText("Lighthouse Logbooks");
    await page.goto("/issues");
    await expect(page.getByRole("main")).toContainText("Lighthouse Logbooks");
    expect((await page.goto("/issues/lighthouse-logbooks"))?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lighthouse Logbooks");
    // The ingest moved the index's generation: the kept answer is not served again.
    const fresh = await search();
    expect(fresh.headers()["x-concordance-cache"]).toBe("miss");
    expect((await fresh.json()).hits.map((h: { title: string }) => h.title)).toContain("Lighthouse Logbooks");
    expect((await search()).headers()["x-concordance-cache"]).toBe("hit");

    // The same file, edited with a new title: the list and the issue's page show the edit.
    ingest(writeIssue(dir, "Lighthouse Logbooks, Revised"));
    await page.goto("/issues");
    await page.getByRole("main").getByRole("link", { name: "Lighthouse Logbooks, Revised" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lighthouse Logbooks, Revised");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
