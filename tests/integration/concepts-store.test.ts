import { eq, inArray, sql } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as conceptRoute } from "@/app/api/concepts/[slug]/route";
import { GET as listRoute } from "@/app/api/concepts/route";
import { conceptIssueCandidates, conceptMentions, conceptRules, concepts, issues } from "@/db/schema";
import { ConceptRuleError, addConceptRule, listConceptRules, removeConceptRule } from "@/lib/concepts/actions";
import { listIssueConcepts, listIssueMentions, listKeyConcepts } from "@/lib/concepts/queries";
import { countStaleIssues, refreshConcepts } from "@/lib/concepts/store";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();

function get(url: string) {
  return new Request(`http://localhost${url}`);
}

async function slugOf(key: string): Promise<string | undefined> {
  const [row] = await db().select({ slug: concepts.slug }).from(concepts).where(eq(concepts.key, key));
  return row?.slug;
}

// A sixth issue written for this test: it returns to ideas of the samples.
const NEW_ISSUE = `---
title: "Issue 6: Mapping Opportunities Together"
date: 2024-02-12
url: https://example.org/long-loop/mapping-together
---

Last week's **Opportunity Map** works best as a group exercise. Draw the opportunity map with the whole team.

## Outcomes first

Start from **outcomes over output**: the opportunity map has an outcome at its top. Keep a **decision log** beside it.

## Speed vs. quality again

Someone will raise speed vs. quality. Point at the batch size instead.
`;

describe("concepts stored by the ingest stage", () => {
  const progress: { stage: string; step: string; done: number; total: number }[] = [];
  beforeAll(async () => {
    await ingestPaths(
      db(),
      [SAMPLES_DIR],
      {},
      { onStageProgress: (stage, step, done, total) => progress.push({ stage, step, done, total }) },
    );
  });

  it("reports the derived stages' long steps for a progress bar, each counting up to its total", async () => {
    const steps = [...new Set(progress.map((p) => `${p.stage}: ${p.step}`))];
    expect(steps).toEqual([
      "concepts: reading issues",
      "concepts: tallying candidates",
      "concepts: writing mentions",
      "search: indexing documents",
    ]);
    for (const label of steps) {
      const events = progress.filter((p) => `${p.stage}: ${p.step}` === label);
      expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));
      expect(events.at(-1)!.done).toBe(events.at(-1)!.total);
    }
    const issuesRead = progress.filter((p) => p.step === "reading issues").at(-1)!;
    expect(issuesRead.total).toBe(5);
    const [{ n: documents } = { n: 0 }] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from search_documents`,
    );
    expect(progress.filter((p) => p.step === "indexing documents").at(-1)!.total).toBe(documents);
  });

  it("extracts concepts from the sample issues as part of ingest, and marks every issue fresh", async () => {
    expect(await countStaleIssues(db())).toBe(0);
    const rows = await db().select().from(concepts);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get("opportunity map")).toMatchObject({ kind: "framework", slug: "opportunity-map" });
    expect(byKey.get("quality vs speed")).toMatchObject({ kind: "tension", name: "speed vs. quality" });
    expect(byKey.get("decision log")).toBeDefined();
    expect(byKey.get("feature factory")).toBeDefined();
    const [cached] = await db().select({ n: sql<number>`count(*)::int` }).from(conceptIssueCandidates);
    expect(cached?.n).toBe(5);
  });

  it("stores every mention with its block, offsets and context, plus year counts and a definition passage", async () => {
    const [map] = await db().select().from(concepts).where(eq(concepts.key, "opportunity map"));
    const mentions = await db().select().from(conceptMentions).where(eq(conceptMentions.conceptId, map!.id));
    expect(mentions.length).toBe(map!.mentionCount);
    expect(map!.mentionCount).toBeGreaterThanOrEqual(4);
    const [issue] = await db().select().from(issues).where(eq(issues.slug, "opportunity-map"));
    for (const m of mentions.filter((x) => x.issueId === issue!.id && x.blockId !== "issue-title")) {
      const block = issue!.blocks.find((b) => b.id === m.blockId)!;
      expect(block.text.slice(m.start, m.end).toLowerCase()).toBe(m.surface.toLowerCase());
      expect(m.context).toContain(m.surface);
    }
    expect(map!.countsByYear).toEqual({ "2024": map!.mentionCount });
    expect(map!.firstSeenAt?.toISOString().slice(0, 10)).toBe("2024-02-05");
    expect(map!.definitionText).toMatch(/opportunity map/i);
    expect(map!.definitionIssueId).toBe(issue!.id);
  });

  it("ranks an issue's concepts and lists their mentions for highlighting", async () => {
    const [issue] = await db().select().from(issues).where(eq(issues.slug, "speed-vs-quality"));
    const list = await listIssueConcepts(db(), issue!.id);
    expect(list.map((c) => c.slug)).toContain("speed-vs-quality");
    expect(list[0]!.rank).toBe(1);
    const mentions = await listIssueMentions(db(), issue!.id, ["speed-vs-quality"]);
    expect(mentions.length).toBeGreaterThanOrEqual(2);
    expect(mentions.some((m) => m.blockId === "issue-title")).toBe(true);
  });

  it("updates incrementally when a new issue arrives: only it is read, and slugs stay put", async () => {
    const before = await db().select({ id: concepts.id, key: concepts.key, slug: concepts.slug }).from(concepts);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concepts-new-"));
    fs.writeFileSync(path.join(dir, "006.md"), NEW_ISSUE);
    const messages: string[] = [];
    await ingestPaths(db(), [dir], {}, { onStageMessage: (m) => messages.push(m) });
    expect(messages.join("\n")).toMatch(/from 1 re-read issue/);
    const after = new Map(
      (await db().select({ id: concepts.id, key: concepts.key, slug: concepts.slug }).from(concepts)).map((r) => [
        r.key,
        r,
      ]),
    );
    // Every concept is still there, under the same row and slug.
    expect(before.map((b) => ({ key: b.key, id: after.get(b.key)?.id, slug: after.get(b.key)?.slug }))).toEqual(before);
    const [map] = await db().select().from(concepts).where(eq(concepts.key, "opportunity map"));
    expect(map!.issueCount).toBe(2);
    // Nothing stale: a second refresh has nothing to do.
    expect((await refreshConcepts(db())).skipped).toBe(true);
  });

  it("finishes a run killed between storing issues and deriving concepts", async () => {
    await db().update(issues).set({ conceptsHash: null }).where(eq(issues.slug, "decision-log"));
    expect(await countStaleIssues(db())).toBe(1);
    const summary = await refreshConcepts(db());
    // Its candidates were cached before the kill (keyed by its text), so the NLP step isn't redone.
    expect(summary).toMatchObject({ skipped: false, extracted: 0 });
    expect(await countStaleIssues(db())).toBe(0);
  });

  it("re-reads an issue whose cached candidates came from other text", async () => {
    await db()
      .update(conceptIssueCandidates)
      .set({ contentHash: "stale" })
      .where(
        inArray(
          conceptIssueCandidates.issueId,
          db().select({ id: issues.id }).from(issues).where(eq(issues.slug, "decision-log")),
        ),
      );
    const summary = await refreshConcepts(db());
    expect(summary).toMatchObject({ skipped: false, extracted: 1 });
    expect((await refreshConcepts(db())).skipped).toBe(true);
  });

  it("a full rebuild keeps every slug", async () => {
    const before = await db().select({ key: concepts.key, slug: concepts.slug }).from(concepts).orderBy(concepts.key);
    const summary = await refreshConcepts(db(), { full: true });
    expect(summary.extracted).toBe(6);
    const after = await db().select({ key: concepts.key, slug: concepts.slug }).from(concepts).orderBy(concepts.key);
    expect(after).toEqual(before);
  });
});

describe("curation rules", () => {
  it("renames, aliases, merges and hides; the rules survive re-extraction and can be removed", async () => {
    const db_ = db();
    const mapSlug = await slugOf("opportunity map");
    await addConceptRule(db_, { action: "rename", target: mapSlug!, value: "Opportunity Mapping" });
    const [renamed] = await db_.select().from(concepts).where(eq(concepts.slug, mapSlug!));
    expect(renamed!.name).toBe("Opportunity Mapping");

    await addConceptRule(db_, { action: "alias", target: "decision log", value: "decision journal" });
    const [log] = await db_.select().from(concepts).where(eq(concepts.key, "decision log"));
    expect(log!.aliases).toContain("decision journal");

    const logSlug = log!.slug;
    await addConceptRule(db_, { action: "merge", target: logSlug, value: mapSlug! });
    expect(await slugOf("decision log")).toBeUndefined();
    const [merged] = await db_.select().from(concepts).where(eq(concepts.slug, mapSlug!));
    expect(merged!.memberKeys).toContain("decision log");
    expect(merged!.formerSlugs).toContain(logSlug);
    // The old address still answers, with the concept it was merged into.
    const res = await conceptRoute(get(`/api/concepts/${logSlug}`), { params: Promise.resolve({ slug: logSlug }) });
    expect((await res.json()).slug).toBe(mapSlug);

    const factory = await slugOf("feature factory");
    await addConceptRule(db_, { action: "hide", target: "feature factory" });
    const list = await (await listRoute(get("/api/concepts?limit=1000"), undefined)).json();
    expect(list.items.map((c: { slug: string }) => c.slug)).not.toContain(factory);
    expect((await listKeyConcepts(db(), 50)).map((c) => c.slug)).not.toContain(factory);

    // Re-extraction from scratch applies the same decisions.
    await refreshConcepts(db_, { full: true });
    const [again] = await db_.select().from(concepts).where(eq(concepts.slug, mapSlug!));
    expect(again).toMatchObject({ name: "Opportunity Mapping" });
    expect(again!.memberKeys).toContain("decision log");
    const [hidden] = await db_.select().from(concepts).where(eq(concepts.key, "feature factory"));
    expect(hidden!.hidden).toBe(true);

    const rules = await listConceptRules(db_);
    expect(rules.map((r) => r.action)).toEqual(["rename", "alias", "merge", "hide"]);
    expect(await removeConceptRule(db_, rules[3]!.id)).toEqual({ removed: true, errors: [] });
    const [shown] = await db_.select().from(concepts).where(eq(concepts.key, "feature factory"));
    expect(shown!.hidden).toBe(false);
    expect(await removeConceptRule(db_, 999_999)).toEqual({ removed: false, errors: [] });
  });

  it("refuses rules it cannot apply, with a reason", async () => {
    await expect(addConceptRule(db(), { action: "rename", target: "no such idea", value: "x" })).rejects.toThrow(
      ConceptRuleError,
    );
    await expect(addConceptRule(db(), { action: "rename", target: "speed-vs-quality" })).rejects.toThrow(
      /needs the new name/,
    );
    const slug = await slugOf("quality vs speed");
    await expect(addConceptRule(db(), { action: "merge", target: slug!, value: slug! })).rejects.toThrow(/itself/);
    const [count] = await db().select({ n: sql<number>`count(*)::int` }).from(conceptRules);
    expect(count?.n).toBe(3);
  });
});

describe("GET /api/concepts", () => {
  it("lists concepts with counts, filtered by kind and sorted", async () => {
    const res = await listRoute(get("/api/concepts?kind=tension&sort=frequency"), undefined);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((c: { kind: string }) => c.kind === "tension")).toBe(true);
    const counts = body.items.map((c: { mentionCount: number }) => c.mentionCount);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect(body.items[0]).toMatchObject({
      url: expect.stringMatching(/^\/concepts\//),
      issueCount: expect.any(Number),
    });
  });

  it("returns one concept with mentions linking to paragraphs, related concepts and issues", async () => {
    const res = await conceptRoute(get("/api/concepts/speed-vs-quality"), {
      params: Promise.resolve({ slug: "speed-vs-quality" }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ slug: "speed-vs-quality", kind: "tension" });
    expect(body.mentions[0].url).toMatch(/^\/issues\/[a-z0-9-]+#(b-[0-9a-f]+|issue-title)/);
    expect(body.relatedIssues.length).toBeGreaterThan(0);
    expect(Array.isArray(body.related)).toBe(true);
  });

  it("answers errors as JSON", async () => {
    const missing = await conceptRoute(get("/api/concepts/nope"), { params: Promise.resolve({ slug: "nope" }) });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
    const bad = await listRoute(get("/api/concepts?sort=random"), undefined);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("bad_request");
  });
});
