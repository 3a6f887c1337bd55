import { eq, sql } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestRuns, issueRevisions, issues } from "@/db/schema";
import { listIngestRuns } from "@/lib/ingest/history";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { MAX_FILE_BYTES } from "@/lib/ingest/sources";
import type { RunChanges, StageRun } from "@/lib/ingest/stage-types";
import { derivedStages } from "@/lib/ingest/stages";
import { useTestDatabase } from "../helpers/db";

const fixtures = path.join(__dirname, "..", "fixtures", "ingest");
const { db } = useTestDatabase();

async function countIssues(): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(issues);
  return row?.n ?? 0;
}

describe("ingest: bad input", () => {
  it("gives every bad file one line naming it and the reason, and still ingests the good ones", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-bad-"));
    fs.cpSync(path.join(fixtures, "bad"), dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "good.md"),
      "# A Good Issue Among Bad Ones\n\nIt has words and nothing wrong with it.\n",
    );
    // Over the size limit: a sparse file costs nothing on disk.
    const huge = path.join(dir, "huge.md");
    fs.closeSync(fs.openSync(huge, "w"));
    fs.truncateSync(huge, MAX_FILE_BYTES + 1);

    const summary = await ingestPaths(db(), [dir, path.join(dir, "does-not-exist.md")]);
    const failures = Object.fromEntries(
      summary.outcomes
        .filter((o) => o.status === "failed")
        .map((o) => [path.basename(o.source.split(" (")[0]!), o.error]),
    );
    expect(failures).toEqual({
      "binary.md": "binary file (contains NUL bytes), not text",
      "latin1.md": "not valid UTF-8 text (re-save the file as UTF-8)",
      "colon-title.md":
        'invalid YAML frontmatter (line 2): the title value has an unquoted ": "; quote values that contain ": " (title: "Issue 40: Mooring Lines")',
      "empty.md": "file is empty",
      "malformed.xml": expect.stringMatching(/^malformed XML: .*closing tag.*\(line \d+, column \d+\)$/),
      "truncated.html": "no text left after cleaning",
      "not-an-export.zip": expect.stringMatching(/^not a valid zip archive: /),
      "malformed-csv-export": expect.stringMatching(/^malformed CSV in posts\.csv: .*line 2/),
      "huge.md": "file is 20.0 MB, over the 20 MB limit",
      "does-not-exist.md": "no such file or directory",
    });
    expect(summary.counts).toEqual({ new: 1, updated: 0, unchanged: 0, failed: 10 });
    expect(await countIssues()).toBe(1);
  });

  it("refuses a second, different issue claiming a slug in the same run, and stores the first", async () => {
    const summary = await ingestPaths(db(), [path.join(fixtures, "duplicate-slug")]);
    expect(summary.counts).toMatchObject({ new: 2, failed: 1 });
    const failed = summary.outcomes.find((o) => o.status === "failed");
    expect(failed?.source).toMatch(/b-second-claim\.md$/);
    expect(failed?.error).toMatch(/^slug "shared-slug" is also claimed by .*a-first-claim\.md in this run$/);
    const [row] = await db().select().from(issues).where(eq(issues.slug, "shared-slug"));
    expect(row?.title).toBe("Same Slug, First");
  });

  it("refuses an issue whose slug belongs to a stored issue from another URL", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-clash-"));
    fs.writeFileSync(
      path.join(dir, "a.md"),
      "---\ntitle: Clash\nurl: https://one.example/clash\n---\n\nFrom the first site.\n",
    );
    expect((await ingestPaths(db(), [path.join(dir, "a.md")])).counts.new).toBe(1);
    fs.writeFileSync(
      path.join(dir, "b.md"),
      "---\ntitle: Clash\nurl: https://two.example/clash\n---\n\nFrom the second site.\n",
    );
    const summary = await ingestPaths(db(), [path.join(dir, "b.md")]);
    expect(summary.outcomes[0]).toMatchObject({
      status: "failed",
      error: expect.stringContaining('slug "clash" is already taken by https://one.example/clash'),
    });
  });
});

describe("ingest: runs, dry runs and derived stages", () => {
  it("dry run writes nothing, not even history; a real run is recorded with its counts", async () => {
    const before = await countIssues();
    const runsBefore = (await db().select().from(ingestRuns)).length;
    const dry = await ingestPaths(db(), [path.join(fixtures, "markdown")], { dryRun: true });
    expect(dry.counts).toEqual({ new: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(dry.runId).toBeUndefined();
    expect(await countIssues()).toBe(before);
    expect((await db().select().from(ingestRuns)).length).toBe(runsBefore);

    const real = await ingestPaths(db(), [path.join(fixtures, "markdown"), path.join(fixtures, "bad", "empty.md")]);
    const [latest] = await listIngestRuns(db(), 1);
    expect(latest).toMatchObject({
      id: real.runId,
      dryRun: false,
      counts: { new: 2, updated: 0, unchanged: 0, failed: 1 },
    });
    expect(latest?.finishedAt).toBeInstanceOf(Date);
    expect(latest?.inputs).toEqual([path.join(fixtures, "markdown"), path.join(fixtures, "bad", "empty.md")]);
    expect(latest?.details).toEqual(
      expect.arrayContaining([
        { status: "failed", source: path.join(fixtures, "bad", "empty.md"), error: "file is empty" },
        expect.objectContaining({ status: "new", slug: "small-bets-weekly" }),
      ]),
    );
    expect((await listIngestRuns(db(), 50)).length).toBeGreaterThanOrEqual(2);
  });

  it("runs derived stages after commit with exactly the issues written, and never on a dry run", async () => {
    const calls: RunChanges[] = [];
    const stage = { name: "probe", run: async (_db: unknown, { changes }: StageRun) => void calls.push(changes) };
    derivedStages.push(stage);
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-stage-"));
      fs.writeFileSync(path.join(dir, "one.md"), "# Stage Probe One\n\nFirst.\n");
      fs.writeFileSync(path.join(dir, "two.md"), "# Stage Probe Two\n\nSecond.\n");
      await ingestPaths(db(), [dir], { dryRun: true });
      expect(calls).toEqual([]);

      const first = await ingestPaths(db(), [dir]);
      expect(calls).toHaveLength(1);
      expect([...calls[0]!.changed].sort()).toEqual(first.outcomes.map((o) => o.issueId).sort());
      // The stage sees committed rows.
      const committed = await db()
        .select({ id: issues.id })
        .from(issues)
        .where(sql`${issues.id} in ${calls[0]!.changed}`);
      expect(committed).toHaveLength(2);

      fs.writeFileSync(path.join(dir, "two.md"), "# Stage Probe Two\n\nSecond, revised.\n");
      const second = await ingestPaths(db(), [dir]);
      expect(second.counts).toMatchObject({ unchanged: 1, updated: 1 });
      expect(calls[1]!.changed).toEqual([second.outcomes.find((o) => o.status === "updated")!.issueId]);
      const revisions = await db()
        .select()
        .from(issueRevisions)
        .where(eq(issueRevisions.issueId, calls[1]!.changed[0]!));
      expect(revisions.map((r) => r.text).sort()).toEqual(["Second, revised.", "Second."]);
    } finally {
      derivedStages.splice(derivedStages.indexOf(stage), 1);
    }
  });

  it("a failing stage doesn't undo stored issues and is reported", async () => {
    const stage = { name: "broken", run: async () => Promise.reject(new Error("index unreachable")) };
    derivedStages.push(stage);
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-stage-"));
      fs.writeFileSync(path.join(dir, "three.md"), "# Stage Probe Three\n\nThird.\n");
      const summary = await ingestPaths(db(), [dir]);
      expect(summary.counts.new).toBe(1);
      expect(summary.stageErrors).toEqual(["broken: index unreachable"]);
      const [run] = await listIngestRuns(db(), 1);
      expect(run?.error).toBe("broken: index unreachable");
    } finally {
      derivedStages.splice(derivedStages.indexOf(stage), 1);
    }
  });
});

describe("ingest: folders with links", () => {
  it("follows a linked folder once, even when a link points back up the tree", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-links-"));
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-linked-"));
    fs.writeFileSync(path.join(other, "linked.md"), "# Reached Through a Link\n\nWords.\n");
    fs.symlinkSync(other, path.join(dir, "corpus"));
    fs.symlinkSync(dir, path.join(other, "loop"));
    const summary = await ingestPaths(db(), [dir], { dryRun: true });
    expect(summary.outcomes.map((o) => [o.status, path.basename(o.source)])).toEqual([["new", "linked.md"]]);
  });
});
