/**
 * The derived stages as every path runs them (runDerivedStages, lib/ingest/stages.ts): what
 * curation, a deletion, `npm run concepts` and `npm run reindex` each bring up to date —
 * concepts, the built-in search index, and the running app's cached pages, which a small HTTP
 * server stands in for here (the tools reach the app by POST /api/revalidate).
 */
import { eq, sql } from "drizzle-orm";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { conceptMentions, concepts, issues } from "@/db/schema";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { addConceptRule, removeConceptRule } from "@/lib/concepts/actions";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import type { RunChanges } from "@/lib/ingest/stage-types";
import { runDerivedStages } from "@/lib/ingest/stages";
import { purgeIssue } from "@/lib/issues/archive";
import { search } from "@/lib/search";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const SECRET = "derived-stages-test-secret";

/** The tag lists the stages sent to the "app", one per run that expired anything. */
const expired: string[][] = [];
let app: http.Server;

const none = (): RunChanges => ({ changed: [], deleted: [] });

async function hits(q: string, kind: "all" | "issue" | "concept" = "all") {
  return (await search(db(), { q, kind, limit: 20, offset: 0 })).hits;
}

async function conceptByKey(key: string) {
  const [row] = await db().select().from(concepts).where(eq(concepts.key, key));
  return row;
}

beforeAll(async () => {
  app = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const authorised = req.headers.authorization === `Bearer ${SECRET}`;
      if (req.method === "POST" && req.url === "/api/revalidate" && authorised)
        expired.push((JSON.parse(body) as { tags: string[] }).tags.sort());
      res.writeHead(authorised ? 200 : 403, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  vi.stubEnv("CONCORDANCE_APP_URL", `http://127.0.0.1:${(app.address() as AddressInfo).port}`);
  vi.stubEnv("REVALIDATE_SECRET", SECRET);
  // The built-in engine, whatever the environment says: these tests check what the stages write.
  vi.stubEnv("MEILI_HOST", "");
  resetEnvCache();
  const summary = await ingestPaths(db(), [SAMPLES_DIR]);
  expect(summary.stageErrors).toEqual([]);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  resetEnvCache();
  await new Promise((resolve) => app.close(resolve));
});

beforeEach(() => {
  expired.length = 0;
});

describe("curation through the derived stages", () => {
  it("a renamed concept is found under its new name at once, its pages expired; removing the rule puts the old name back", async () => {
    const before = await conceptByKey("decision log");
    if (!before) throw new Error("the samples no longer yield the concept 'decision log'");
    expect((await hits("Quorvex Chronicle")).map((h) => h.slug)).not.toContain(before.slug);

    const { rule, errors } = await addConceptRule(db(), {
      action: "rename",
      target: before.slug,
      value: "Quorvex Chronicle",
    });
    expect(errors).toEqual([]);
    const found = await hits("quorvex chronicle", "concept");
    expect(found[0]).toMatchObject({
      kind: "concept",
      slug: before.slug,
      title: "Quorvex Chronicle",
      url: `/concepts/${before.slug}`,
    });
    // The old name is still how the text writes it (an alias), but no result carries it as a title.
    const byOldName = await hits(before.name);
    expect(byOldName.some((h) => h.title === before.name)).toBe(false);
    expect(byOldName.map((h) => h.slug)).toContain(before.slug);
    expect(expired).toEqual([[CACHE_TAGS.concepts]]);

    expired.length = 0;
    expect(await removeConceptRule(db(), rule.id)).toEqual({ removed: true, errors: [] });
    expect((await hits(before.name, "concept"))[0]).toMatchObject({ slug: before.slug, title: before.name });
    expect((await hits("quorvex chronicle", "concept")).map((h) => h.slug)).not.toContain(before.slug);
    expect(expired).toEqual([[CACHE_TAGS.concepts]]);
  });
});

/** The issues in the archive now (an earlier test may have purged one). */
async function storedIssues(): Promise<number> {
  const [row] = await db().execute<{ n: number }>(
    sql`select count(*)::int as n from issues where withdrawn_at is null`,
  );
  return row!.n;
}

describe("RunChanges.deleted", () => {
  /** Concepts whose stored counts disagree with their mention rows, i.e. still count an issue that is gone. */
  async function miscounted(): Promise<string[]> {
    const rows = await db().execute<{ key: string }>(sql`
      select c.key from concepts c
      left join (select concept_id, count(*)::int as n, count(distinct issue_id)::int as i from concept_mentions group by concept_id) m on m.concept_id = c.id
      where c.mention_count <> coalesce(m.n, 0) or c.issue_count <> coalesce(m.i, 0)
      order by c.key`);
    return rows.map((r) => r.key);
  }

  it("an issue purged for good leaves search and its concepts' counts, and its page expires by the slug it had", async () => {
    const [issue] = await db()
      .select({ id: issues.id, slug: issues.slug, title: issues.title })
      .from(issues)
      .where(eq(issues.slug, "decision-log"));
    if (!issue) throw new Error("the samples no longer have the issue 'decision-log'");
    const itsConcepts = (
      await db()
        .selectDistinct({ key: concepts.key })
        .from(conceptMentions)
        .innerJoin(concepts, eq(concepts.id, conceptMentions.conceptId))
        .where(eq(conceptMentions.issueId, issue.id))
        .orderBy(concepts.key)
    ).map((c) => c.key);
    expect(itsConcepts.length).toBeGreaterThan(0);
    expect(await miscounted()).toEqual([]);
    expect((await hits(issue.title, "issue")).map((h) => h.slug)).toContain(issue.slug);

    const { changes } = await purgeIssue(db(), issue.slug);
    expect(changes).toEqual({ changed: [], deleted: [{ id: issue.id, slug: issue.slug }] });

    // The purge took the issue's mentions with it and left no row to find it by: a run not told
    // of it has no way to know its concepts' counts are stale.
    expect(await runDerivedStages(db(), none())).toEqual([]);
    expect(await miscounted()).toEqual(itsConcepts);

    expect(await runDerivedStages(db(), changes)).toEqual([]);
    expect(await miscounted()).toEqual([]);
    expect((await hits(issue.title, "issue")).map((h) => h.slug)).not.toContain(issue.slug);
    expect(expired.at(-1)).toEqual(
      [
        CACHE_TAGS.issueList,
        CACHE_TAGS.issueBodies,
        CACHE_TAGS.concepts,
        CACHE_TAGS.issue(issue.slug),
        CACHE_TAGS.publicAnnotations(issue.id),
      ].sort(),
    );
  });
});

describe("the command-line paths", () => {
  it("`npm run concepts -- refresh` with nothing stale does nothing and expires nothing", async () => {
    const messages: string[] = [];
    expect(await runDerivedStages(db(), none(), { onMessage: (m) => messages.push(m) })).toEqual([]);
    expect(messages).toContain("concepts: up to date");
    expect(expired).toEqual([]);
  });

  it("`npm run concepts -- rebuild` re-reads every issue, then brings search and the concept pages along", async () => {
    const messages: string[] = [];
    expect(
      await runDerivedStages(db(), none(), { rebuild: { concepts: true }, onMessage: (m) => messages.push(m) }),
    ).toEqual([]);
    const stored = await storedIssues();
    expect(messages.join("\n")).toMatch(new RegExp(`^concepts: .* from ${stored} re-read issues`, "m"));
    expect(expired).toEqual([[CACHE_TAGS.concepts]]);
  });

  it("`npm run reindex` rebuilds the search index whole, after concepts are caught up", async () => {
    const messages: string[] = [];
    expect(
      await runDerivedStages(db(), none(), { rebuild: { search: true }, onMessage: (m) => messages.push(m) }),
    ).toEqual([]);
    expect(messages[0]).toBe("concepts: up to date");
    expect(messages).toContainEqual(
      expect.stringMatching(new RegExp(`^search: built-in index: ${await storedIssues()} issues and \\d+ concepts`)),
    );
    expect((await hits("opportunity map", "issue"))[0]?.slug).toBe("opportunity-map");
    expect(expired).toEqual([]);
  });
});
