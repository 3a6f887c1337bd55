/**
 * The author's command as the author runs it: `npm run ingest` in a child
 * process against this file's test database — exit codes, --json, --dry-run,
 * a failing file among good ones, and a run killed midway then finished.
 */
import { spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { conceptIssueCandidates, issueRevisions, issues } from "@/db/schema";
import { countStaleIssues } from "@/lib/concepts/store";
import { generateCorpus } from "../../scripts/bench/generate-corpus";
import { useTestDatabase } from "../helpers/db";
import { outputOf, type Run } from "../helpers/process";

const fixtures = path.join(__dirname, "..", "fixtures", "ingest");
const { db, url } = useTestDatabase();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-ingest-cli-"));

function startIngest(args: string[]) {
  // Its own process group, so a test can kill npm and everything it started at once.
  const child = spawn("npm", ["run", "-s", "ingest", "--", ...args], {
    cwd: path.join(__dirname, "..", ".."),
    // Its own data directory: a background concepts pass logs and locks there, not in the checkout's.
    env: { ...process.env, DATABASE_URL: url(), CONCORDANCE_DATA_DIR: dataDir, FORCE_COLOR: "0" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { child, done: outputOf(child) };
}

function runIngest(args: string[]): Promise<Run> {
  return startIngest(args).done;
}

async function countIssues(): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(issues);
  return row?.n ?? 0;
}

// Each test starts the CLI as a second Node process: at load 17 on 2 cores that alone took 34 s (2.6 s of CPU).
describe("npm run ingest", { timeout: 120_000 }, () => {
  it("exits 1 and names the bad file when one input fails, storing the good ones; --json is parseable", async () => {
    const run = await runIngest([path.join(fixtures, "markdown"), path.join(fixtures, "bad", "latin1.md"), "--json"]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as {
      dryRun: boolean;
      counts: Record<string, number>;
      outcomes: { status: string; source: string; error?: string }[];
    };
    expect(summary.dryRun).toBe(false);
    expect(summary.counts).toEqual({ new: 2, updated: 0, unchanged: 0, failed: 1 });
    expect(summary.outcomes.find((o) => o.status === "failed")).toMatchObject({
      source: path.join(fixtures, "bad", "latin1.md"),
      error: "not valid UTF-8 text (re-save the file as UTF-8)",
    });
    expect(await countIssues()).toBe(2);
  });

  it("exits 0 with a plain summary when everything is unchanged, one line per issue when not a TTY", async () => {
    const run = await runIngest([path.join(fixtures, "markdown")]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^unchanged\s+small-bets-weekly\s+← .*2024-01-08-small-bets\.md$/m);
    expect(run.stderr).toMatch(/^\s+unchanged\s+2$/m);
    expect(run.stderr).toMatch(/^\s+failed\s+0$/m);
    expect(run.stderr).not.toContain("\x1b[");
  });

  it("--dry-run reports what would happen and writes nothing", async () => {
    const run = await runIngest([path.join(fixtures, "book"), "--dry-run", "--json"]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { dryRun: boolean; counts: Record<string, number> };
    expect(summary).toMatchObject({ dryRun: true, counts: { new: 4, failed: 0 } });
    expect(await countIssues()).toBe(2);
  });

  it("--verbose shows what cleaning removed; --format forces a reading", async () => {
    const run = await runIngest([path.join(fixtures, "email-export"), "--verbose"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "− boilerplate phrase: Found this helpful? Leave a tip... | Purchase the PDF version of the guide",
    );
    expect(run.stderr).toMatch(/− tracking link dropped: https:\/\/substack\.com\/redirect\//);
    // The Markdown repairs' removals too: the tail of a converted <a> and the layout tags after it.
    expect(run.stderr).toMatch(
      /− email HTML fragment: " rel="" target="_blank" data-saferedirecturl="https:\/\/www\.google\.com\/url\?q=[^\n]*…\n/,
    );
    expect(run.stderr).toContain('− email HTML fragment: <div style="margin:0"><span></span></div>\n');
    expect(run.stderr).toMatch(/− broken link target dropped: https:\/\/substack\.com\/redirect\/0a1b2c3d/);
    const forced = await runIngest([
      path.join(fixtures, "book", "collected-2022.html"),
      "--format",
      "post",
      "--dry-run",
      "--json",
    ]);
    expect(JSON.parse(forced.stdout).counts).toMatchObject({ new: 1 });
  });

  it("exits 2 on a usage error", async () => {
    const run = await runIngest(["--format", "pdf", "x.md"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/format/);
    const before = await countIssues();
    const pattern = await runIngest(["--boilerplate", "([", path.join(fixtures, "email-export")]);
    expect(pattern.code).toBe(2);
    expect(pattern.stderr).toMatch(/^error: invalid boilerplate pattern "\(\[": /m);
    expect(await countIssues()).toBe(before);
  });

  it("killed midway leaves no half-written issue, and a re-run finishes the job", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-kill-"));
    const generated = generateCorpus(dir, 300, 7);
    const total = Object.values(generated).reduce((a, b) => a + b, 0);
    const before = await countIssues();

    const { child, done } = startIngest([dir]);
    // Wait until it is writing, then kill the whole process tree without warning.
    const deadline = Date.now() + 120_000;
    while ((await countIssues()) < before + 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    process.kill(-child.pid!, "SIGKILL");
    const killed = await done;
    expect(killed.signal ?? killed.code).toBeTruthy();

    const partial = (await countIssues()) - before;
    expect(partial).toBeGreaterThanOrEqual(20);
    expect(partial).toBeLessThan(total);
    // Every stored issue is whole: its current revision is in issue_revisions with the same text.
    const torn = await db().execute(sql`
      select i.slug from ${issues} i
      left join ${issueRevisions} r on r.issue_id = i.id and r.revision = i.revision
      where r.id is null or r.content_hash <> i.content_hash or r.text <> i.text`);
    expect(torn).toHaveLength(0);

    const rerun = await runIngest([dir, "--json"]);
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout) as { counts: { new: number; unchanged: number; failed: number } };
    expect(summary.counts.failed).toBe(0);
    expect(summary.counts.new + summary.counts.unchanged).toBe(total);
    expect(summary.counts.unchanged).toBe(partial);
    expect(await countIssues()).toBe(before + total);
  }, 240_000);

  it("killed while deriving concepts, the re-run catches concepts and search up, reusing what the NLP step cached", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-kill-derived-"));
    const generated = generateCorpus(dir, 300, 11);
    const total = Object.values(generated).reduce((a, b) => a + b, 0);
    const cachedCount = async () => {
      const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(conceptIssueCandidates);
      return row?.n ?? 0;
    };
    const cachedBefore = await cachedCount();

    // Every issue is stored before the derived stages start; kill once the NLP step has cached a batch.
    const { child, done } = startIngest([dir]);
    const deadline = Date.now() + 120_000;
    while ((await cachedCount()) === cachedBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    process.kill(-child.pid!, "SIGKILL");
    expect((await done).signal ?? (await done).code).toBeTruthy();
    const cachedAtKill = (await cachedCount()) - cachedBefore;
    expect(cachedAtKill).toBeGreaterThan(0);
    expect(await countStaleIssues(db())).toBeGreaterThan(0);

    const rerun = await runIngest([dir]);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toMatch(/new\s+0\b/);
    // The NLP step read only what it hadn't cached before the kill.
    const reread = Number(/from (\d+) re-read issues?/.exec(rerun.stderr)?.[1]);
    expect(reread).toBeLessThanOrEqual(total - cachedAtKill);
    expect(await countStaleIssues(db())).toBe(0);
    const [{ n: unindexed } = { n: -1 }] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from ${issues} where search_hash is distinct from content_hash`,
    );
    expect(unindexed).toBe(0);
    expect(await cachedCount()).toBe(await countIssues());
  }, 240_000);
});
