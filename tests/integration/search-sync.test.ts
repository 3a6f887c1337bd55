/** Keeping the built-in index in step: catch-up after an interrupted run, concept curation, full rebuild. */
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { conceptIssues, conceptMentions, concepts, issues, searchDocuments } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import { search } from "@/lib/search";
import { rebuildSearchIndex, syncSearchIndex } from "@/lib/search/sync";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const noChanges = { changed: [], deleted: [] };
const find = (q: string) => search(db(), { q, kind: "all", limit: 10, offset: 0 });

beforeAll(async () => {
  process.env.MEILI_HOST = "";
  resetEnvCache();
  await ingestPaths(db(), [SAMPLES_DIR]);
});

describe("the search stage", () => {
  it("indexes every ingested issue and marks it with its content hash", async () => {
    const rows = await db().select({ contentHash: issues.contentHash, searchHash: issues.searchHash }).from(issues);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.searchHash === r.contentHash)).toBe(true);
    const [docs] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(searchDocuments)
      .where(eq(searchDocuments.kind, "issue"));
    expect(docs?.n).toBe(5);
  });

  it("finishes the work of an interrupted run", async () => {
    const [issue] = await db().select().from(issues).where(eq(issues.slug, "decision-log"));
    // As if a run had stored the issue and died before indexing it.
    await db().delete(searchDocuments).where(eq(searchDocuments.issueId, issue!.id));
    await db().update(issues).set({ searchHash: null }).where(eq(issues.id, issue!.id));
    const isTheIssue = (h: { kind: string; slug: string }) => h.kind === "issue" && h.slug === "decision-log";
    expect((await find("decision log")).hits.some(isTheIssue)).toBe(false);

    const messages: string[] = [];
    await syncSearchIndex(db(), noChanges, (m) => messages.push(m));
    expect(messages).toEqual(["indexed 1 issues and 0 concepts, removed 0"]);
    expect((await find("decision log")).hits.find((h) => h.kind === "issue")?.slug).toBe("decision-log");

    const again: string[] = [];
    await syncSearchIndex(db(), noChanges, (m) => again.push(m));
    expect(again).toEqual([]);
  });

  it("follows concept curation: a rename re-indexes the issues that mention it, hiding removes the concept", async () => {
    const [issue] = await db().select().from(issues).where(eq(issues.slug, "speed-vs-quality"));
    const block = issue!.blocks[0]!;
    const [concept] = await db()
      .insert(concepts)
      .values({ slug: "test-batch-size", key: "test batch size", name: "Batch size", kind: "term", aliases: [] })
      .returning();
    await db().insert(conceptMentions).values({
      conceptId: concept!.id,
      issueId: issue!.id,
      blockId: block.id,
      start: 0,
      end: 5,
      surface: "batch",
      context: block.text,
    });
    await db().insert(conceptIssues).values({ conceptId: concept!.id, issueId: issue!.id, mentionCount: 1, rank: 1 });
    await syncSearchIndex(db(), noChanges, () => {});
    expect((await find("batch size")).hits[0]).toMatchObject({ kind: "concept", slug: "test-batch-size" });

    await db().update(concepts).set({ name: "Lot sizing" }).where(eq(concepts.id, concept!.id));
    await syncSearchIndex(db(), noChanges, () => {});
    const renamed = await find("lot sizing");
    expect(renamed.hits[0]).toMatchObject({ kind: "concept", title: "Lot sizing" });
    // The issue is found through the concept's new name (its `concepts` field).
    expect(renamed.hits.map((h) => h.slug)).toContain("speed-vs-quality");

    await db().update(concepts).set({ hidden: true }).where(eq(concepts.id, concept!.id));
    // Hidden is enforced at query time too, before the stage has caught up.
    expect((await find("lot sizing")).hits.some((h) => h.slug === "test-batch-size")).toBe(false);
    await syncSearchIndex(db(), noChanges, () => {});
    const [left] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(searchDocuments)
      .where(eq(searchDocuments.conceptId, concept!.id));
    expect(left?.n).toBe(0);
  });

  it("rebuilds the whole index from Postgres with the same answers", async () => {
    const before = await find("feedback loop decisions");
    const messages: string[] = [];
    await rebuildSearchIndex(db(), (m) => messages.push(m));
    expect(messages[0]).toMatch(/^built-in index: 5 issues and \d+ concepts/);
    const after = await find("feedback loop decisions");
    expect(after.hits.map((h) => [h.slug, h.score])).toEqual(before.hits.map((h) => [h.slug, h.score]));
  });
});
