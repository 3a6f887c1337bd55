/**
 * Incremental derivation equals a full one. A subset of the shared corpus (the first 60 posts of
 * cutlefish-blog: the whole corpus twice over would add minutes to CI) is ingested, then more
 * issues are added, then one is edited; after each change the derived data the stages left
 * (concepts, mentions, per-issue ranks, relations, definitions, search documents) is dumped in a
 * canonical form, rebuilt from scratch (`npm run concepts -- rebuild` and `npm run reindex`'s
 * path: every issue re-read, the per-issue memo ignored) and dumped again: the two must match.
 */
import { eq, sql } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conceptBase, conceptIssueCandidates, issues } from "@/db/schema";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { noChanges } from "@/lib/ingest/stage-types";
import { runDerivedStages } from "@/lib/ingest/stages";
import { EXTRACTION_VERSION } from "@/lib/concepts/version";
import { CORPUS_DIR, CORPUS_RUN_TIMEOUT, corpusFiles, hasCorpus } from "../helpers/corpus";
import { dumpDerived, rebuildDerived } from "../helpers/derived";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const BLOG = path.join(CORPUS_DIR, "cutlefish-blog");
const FIRST = 60;
const ADDED = 3;

let work: string;

async function memoOf(slug: string) {
  const [row] = await db()
    .select({
      contentHash: conceptIssueCandidates.contentHash,
      version: conceptIssueCandidates.version,
      candidates: conceptIssueCandidates.candidates,
      issueHash: issues.contentHash,
    })
    .from(conceptIssueCandidates)
    .innerJoin(issues, eq(issues.id, conceptIssueCandidates.issueId))
    .where(eq(issues.slug, slug));
  return row;
}

describe.skipIf(!hasCorpus)("incremental derivation equals a full rebuild", () => {
  const files = corpusFiles(BLOG);

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "concepts-incremental-"));
    const first = path.join(work, "first");
    fs.mkdirSync(first);
    for (const f of files.slice(0, FIRST)) fs.copyFileSync(path.join(BLOG, f), path.join(first, f));
    const summary = await ingestPaths(db(), [first]);
    expect(summary.counts.new).toBe(FIRST);
    expect(summary.stageErrors).toEqual([]);
  }, CORPUS_RUN_TIMEOUT);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it(
    "after adding issues",
    async () => {
      const added = files.slice(FIRST, FIRST + ADDED).map((f) => path.join(BLOG, f));
      const summary = await ingestPaths(db(), added);
      expect(summary.counts.new).toBe(ADDED);
      expect(summary.stageErrors).toEqual([]);
      const incremental = await dumpDerived(db());
      expect(incremental.mentions.length).toBeGreaterThan(1000);
      await rebuildDerived(db());
      expect(await dumpDerived(db())).toEqual(incremental);
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "one new issue rewrites the rows of the issues whose mentions or ranks changed, not of every issue",
    async () => {
      const digests = async () =>
        new Map(
          (
            await db()
              .select({ id: conceptIssueCandidates.issueId, digest: conceptIssueCandidates.mentionsDigest })
              .from(conceptIssueCandidates)
          ).map((r) => [r.id, r.digest]),
        );
      const before = await digests();
      const summary = await ingestPaths(db(), [path.join(BLOG, files[FIRST + ADDED]!)]);
      expect(summary.counts.new).toBe(1);
      expect(summary.stageErrors).toEqual([]);
      const after = await digests();
      const rewritten = [...before].filter(([id, d]) => after.get(id) !== d).length;
      // The new issue moves the corpus statistics and so every issue's scores; stored rows hold what
      // is read (mentions, ranks), and an issue's ranks rarely change with one more issue elsewhere.
      expect(before.size).toBeGreaterThanOrEqual(FIRST);
      expect(rewritten).toBeLessThan(before.size / 4);
      const incremental = await dumpDerived(db());
      await rebuildDerived(db());
      expect(await dumpDerived(db())).toEqual(incremental);
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "after editing an issue, whose memo is recomputed",
    async () => {
      const file = files[5]!;
      // Edited where it was first read from: an issue is known by its source.
      const edited = path.join(work, "first", file);
      // A new coinage, repeated so it is a candidate of this issue; and a sentence gone.
      const original = fs.readFileSync(path.join(BLOG, file), "utf8");
      const paragraphs = original.split(/\n\n/);
      paragraphs.splice(Math.floor(paragraphs.length / 2), 1);
      paragraphs.push(
        "The Quarrelsome Backlog Lattice is what we built next. Every team kept its own Quarrelsome Backlog Lattice, and the Quarrelsome Backlog Lattice settled disputes.",
      );
      fs.writeFileSync(edited, paragraphs.join("\n\n"));

      const summary = await ingestPaths(db(), [edited]);
      expect(summary.outcomes.map((o) => [o.status, o.error])).toEqual([["updated", undefined]]);
      const slug = summary.outcomes[0]!.slug!;
      const before = await memoOf(slug);
      expect(before!.contentHash).toBe(before!.issueHash);
      expect(before!.version).toBe(EXTRACTION_VERSION);
      expect(JSON.stringify(before!.candidates)).toContain("quarrelsome backlog lattice");
      const incremental = await dumpDerived(db());
      expect(
        incremental.mentions.some((m) => (m as { surface: string }).surface === "Quarrelsome Backlog Lattice"),
      ).toBe(true);

      await rebuildDerived(db());
      expect(await dumpDerived(db())).toEqual(incremental);
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "a stale memo shows in the comparison, so the comparisons above can fail",
    async () => {
      // A memo row labelled with the issue's current text and version but holding another
      // issue's candidates: an incremental run trusts it (that is what the label is for), and
      // only a rebuild from scratch, which ignores the memo, puts the issue right.
      const [a, b] = (await db().execute(sql`select id, slug from issues order by id limit 2`)) as unknown as {
        id: number;
        slug: string;
      }[];
      const other = await memoOf(b!.slug);
      await db()
        .update(conceptIssueCandidates)
        .set({ candidates: other!.candidates, version: EXTRACTION_VERSION })
        .where(eq(conceptIssueCandidates.issueId, a!.id));
      await db().update(issues).set({ conceptsHash: null }).where(eq(issues.id, a!.id));
      // …and without a kept base to place the issues on (it stands as long as the texts do), so
      // the run derives the archive again from the memos.
      await db().delete(conceptBase);
      await runDerivedStages(db(), noChanges());
      const stale = await dumpDerived(db());
      await rebuildDerived(db());
      expect(await dumpDerived(db())).not.toEqual(stale);
    },
    CORPUS_RUN_TIMEOUT,
  );
});
