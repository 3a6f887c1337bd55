/**
 * The author's archive from first start on: the samples make way for the author's own
 * issues, deleting an issue withdraws it from readers without losing anyone's
 * annotations, restoring brings it back, and concepts and search follow every change.
 */
import { eq, sql } from "drizzle-orm";
import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { annotations, conceptMentions, concepts, issues, users } from "@/db/schema";
import { createAnnotation } from "@/lib/annotations/actions";
import { toJsonLdCollection, toMarkdown } from "@/lib/annotations/export";
import { listMyAnnotations } from "@/lib/annotations/mine";
import { listIssueAnnotations } from "@/lib/annotations/queries";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { loadSamplesIfEmpty } from "@/lib/ingest/samples";
import { runDerivedStages } from "@/lib/ingest/stages";
import { ArchiveError, listArchive, purgeIssue, restoreIssue, withdrawIssue } from "@/lib/issues/archive";
import { countIssues, getIssueBySlug, listIssues } from "@/lib/issues/queries";
import { search } from "@/lib/search";
import type { CurrentUser } from "@/lib/auth/session";
import { useTestDatabase } from "../helpers/db";
import { outputOf } from "../helpers/process";

const { db, url } = useTestDatabase();
const folder = path.join(__dirname, "..", "fixtures", "archive", "field-notes");

async function makeReader(email: string): Promise<CurrentUser> {
  const [user] = await db()
    .insert(users)
    .values({ email, name: email.split("@")[0] })
    .returning();
  return { id: user!.id, name: user!.name ?? "", email, role: "reader" };
}

async function annotate(
  reader: CurrentUser,
  slug: string,
  exact: string,
  visibility: "private" | "public" = "private",
) {
  const issue = await getIssueBySlug(db(), slug);
  const start = issue!.text.indexOf(exact);
  expect(start, `"${exact}" is in ${slug}`).toBeGreaterThanOrEqual(0);
  return createAnnotation(db(), reader, {
    issue: slug,
    start,
    end: start + exact.length,
    exact,
    note: `note on ${slug}`,
    tags: ["kept"],
    visibility,
  });
}

async function searchSlugs(q: string): Promise<string[]> {
  const result = await search(db(), { q, kind: "issue", limit: 20, offset: 0 });
  return result.hits.map((h) => h.slug);
}

async function conceptIssueCount(name: string): Promise<number | undefined> {
  const [row] = await db()
    .select({ n: concepts.issueCount })
    .from(concepts)
    .where(eq(sql`lower(${concepts.name})`, name));
  return row?.n;
}

describe("the samples make way for the author's issues", () => {
  let alice: CurrentUser;
  let bob: CurrentUser;

  beforeAll(async () => {
    alice = await makeReader("alice@example.org");
    bob = await makeReader("bob@example.org");
  });

  it("loads the samples into an empty archive, marked as samples", async () => {
    const loaded = await loadSamplesIfEmpty(db());
    expect(loaded?.counts.new).toBe(5);
    expect((await listArchive(db(), { filter: "samples" })).total).toBe(5);
    expect(await countIssues(db())).toBe(5);
    // Loaded once: a second start finds issues and loads nothing.
    expect(await loadSamplesIfEmpty(db())).toBeUndefined();
  });

  it("re-ingesting an edited sample is not the author's first issue: the samples stay", async () => {
    const edited = path.join(__dirname, "..", "fixtures", "annotations", "outcomes-v2-edited.md");
    const summary = await ingestPaths(db(), [edited]);
    expect(summary.counts.updated).toBe(1);
    expect(summary.samplesRemoved).toBeUndefined();
    expect(await countIssues(db())).toBe(5);
  });

  it("the first ingest of the author's own issues removes the samples, keeping annotated ones for their readers", async () => {
    await annotate(alice, "decision-log", "Four lines.");
    expect(await searchSlugs("decision log")).toContain("decision-log");

    const dry = await ingestPaths(db(), [folder], { dryRun: true });
    expect(dry.samplesRemoved).toEqual({
      deleted: expect.arrayContaining(["welcome", "outcomes-over-output"]),
      withdrawn: ["decision-log"],
    });
    expect(await countIssues(db())).toBe(5);

    const summary = await ingestPaths(db(), [folder]);
    expect(summary.counts).toEqual({ new: 5, updated: 0, unchanged: 0, failed: 0 });
    expect(summary.stageErrors).toEqual([]);
    expect(summary.samplesRemoved?.deleted).toHaveLength(4);
    expect(summary.samplesRemoved?.withdrawn).toEqual(["decision-log"]);

    const page = await listIssues(db(), { perPage: 50 });
    expect(page.total).toBe(5);
    expect(page.items.every((i) => i.slug !== "decision-log" && !i.title.includes("Long Loop"))).toBe(true);
    expect(await getIssueBySlug(db(), "decision-log")).toBeUndefined();

    // Nothing of the samples is left for readers: concepts and search follow.
    expect(await searchSlugs("decision log")).toEqual([]);
    expect(await searchSlugs("slack budget")).toContain("1-maps-before-motion");
    expect(await conceptIssueCount("feature factory")).toBeUndefined();
    const [sampleMentions] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(conceptMentions)
      .innerJoin(issues, eq(issues.id, conceptMentions.issueId))
      .where(eq(issues.isSample, true));
    expect(sampleMentions?.n).toBe(0);

    // Alice's annotation is still hers, on an issue marked withdrawn, and exportable.
    const mine = await listMyAnnotations(db(), alice.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      exact: "Four lines.",
      note: "note on decision-log",
      issue: { withdrawn: true, title: "The Decision Log" },
    });
    expect(toMarkdown(mine, "https://kb.example")).toContain("withdrawn");
    expect(JSON.stringify(toJsonLdCollection(mine, "https://kb.example", "mine"))).toContain(
      '"concordance:issueWithdrawn":true',
    );

    // A later ingest of the author's issues removes nothing more.
    const again = await ingestPaths(db(), [folder]);
    expect(again.counts.unchanged).toBe(5);
    expect(again.samplesRemoved).toBeUndefined();
  });

  it("deleting an issue withdraws it from readers and loses none of its annotations; restoring brings it all back", async () => {
    const slug = "2-queues-are-invisible";
    const priv = await annotate(alice, slug, "Nobody sees a queue.");
    const pub = await annotate(bob, slug, "Most teams are surprised by it", "public");
    const before = await db().select().from(annotations).orderBy(annotations.id);
    expect(await searchSlugs("invisible queue")).toContain(slug);
    const mentionsBefore = await conceptIssueCount("queue length");
    expect(mentionsBefore).toBeGreaterThan(0);

    const { changes, issue } = await withdrawIssue(db(), slug);
    expect(issue.annotations).toBe(2);
    expect(await runDerivedStages(db(), changes)).toEqual([]);

    // Gone for readers: pages, lists, counts, search, concepts.
    expect(await getIssueBySlug(db(), slug)).toBeUndefined();
    expect((await listIssues(db(), { perPage: 50 })).items.map((i) => i.slug)).not.toContain(slug);
    expect(await countIssues(db())).toBe(4);
    expect(await searchSlugs("invisible queue")).not.toContain(slug);
    expect(await conceptIssueCount("queue length")).toBe(mentionsBefore! - 1);

    // Nothing lost: every annotation row is as it was, and each owner still has theirs.
    expect(await db().select().from(annotations).orderBy(annotations.id)).toEqual(before);
    expect((await listMyAnnotations(db(), alice.id)).map((a) => [a.id, a.issue.withdrawn])).toContainEqual([
      priv.id,
      true,
    ]);
    expect((await listMyAnnotations(db(), bob.id)).map((a) => a.id)).toEqual([pub.id]);
    // Bob's public note no longer shows to other readers.
    const [row] = await db().select({ id: issues.id }).from(issues).where(eq(issues.slug, slug));
    expect(await listIssueAnnotations(db(), row!.id, alice)).toEqual([expect.objectContaining({ id: priv.id })]);
    // Nor can anyone annotate it now.
    await expect(
      createAnnotation(db(), alice, {
        issue: slug,
        start: 0,
        end: 6,
        exact: "Nobody",
        tags: [],
        visibility: "private",
        note: "",
      }),
    ).rejects.toMatchObject({
      code: "not_found",
    });

    // Re-ingesting the folder leaves it withdrawn.
    const rerun = await ingestPaths(db(), [folder]);
    expect(rerun.outcomes.find((o) => o.slug === slug)).toMatchObject({ status: "unchanged", withdrawn: true });
    expect(await getIssueBySlug(db(), slug)).toBeUndefined();

    const restored = await restoreIssue(db(), slug);
    expect(await runDerivedStages(db(), restored.changes)).toEqual([]);
    expect((await getIssueBySlug(db(), slug))?.slug).toBe(slug);
    expect(await searchSlugs("invisible queue")).toContain(slug);
    expect(await conceptIssueCount("queue length")).toBe(mentionsBefore);
    expect((await listMyAnnotations(db(), bob.id))[0]?.issue.withdrawn).toBe(false);
    expect((await listIssueAnnotations(db(), row!.id, alice)).map((a) => a.id).sort()).toEqual(
      [priv.id, pub.id].sort(),
    );
  });

  it("purges only issues nobody annotated", async () => {
    await expect(purgeIssue(db(), "2-queues-are-invisible")).rejects.toThrow(ArchiveError);
    await expect(purgeIssue(db(), "2-queues-are-invisible")).rejects.toThrow(/2 reader annotations/);
    await expect(withdrawIssue(db(), "no-such-issue")).rejects.toThrow(/no issue with slug "no-such-issue"/);

    const { changes } = await purgeIssue(db(), "4-when-the-queue-wins");
    expect(await runDerivedStages(db(), changes)).toEqual([]);
    expect(await db().select().from(issues).where(eq(issues.slug, "4-when-the-queue-wins"))).toEqual([]);
    expect(await searchSlugs("queue wins")).not.toContain("4-when-the-queue-wins");
  });
});

describe("npm run issues", () => {
  const run = (args: string[]) =>
    outputOf(
      spawn("npm", ["run", "-s", "issues", "--", ...args], {
        cwd: path.join(__dirname, "..", ".."),
        env: { ...process.env, DATABASE_URL: url(), FORCE_COLOR: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );

  it("deletes what it can, names what it can't (exit 1), and lists withdrawn issues", async () => {
    const del = await run(["delete", "1-maps-before-motion", "no-such-issue"]);
    expect(del.code).toBe(1);
    expect(del.stderr).toContain(
      "withdrawn: 1-maps-before-motion (Maps Before Motion). Undo with: npm run issues -- restore 1-maps-before-motion",
    );
    expect(del.stderr).toContain('✗ no issue with slug "no-such-issue"');
    expect(await getIssueBySlug(db(), "1-maps-before-motion")).toBeUndefined();

    const list = await run(["list", "--withdrawn"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /^March 1, 2023\s+Field Notes 1 1-maps-before-motion {2}Maps Before Motion {2}\[withdrawn\]$/m,
    );
    expect(list.stdout).toMatch(/decision-log-sample-\d+ {2}The Decision Log {2}\[withdrawn, sample, 1 annotation\]/);

    const bad = await run(["set-date", "1-maps-before-motion", "someday"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"someday" is not a date: use YYYY-MM-DD, YYYY-MM, YYYY or none');

    const restore = await run(["restore", "1-maps-before-motion"]);
    expect(restore.code).toBe(0);
    expect(await getIssueBySlug(db(), "1-maps-before-motion")).toBeDefined();
  }, 90_000);
});
