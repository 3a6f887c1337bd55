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
import { rows } from "@/db/rows";
import { conceptIssueCandidates, issues } from "@/db/schema";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { noChanges } from "@/lib/ingest/stage-types";
import { runDerivedStages } from "@/lib/ingest/stages";
import { EXTRACTION_VERSION } from "@/lib/concepts/version";
import { CORPUS_DIR, CORPUS_RUN_TIMEOUT, hasCorpus } from "../helpers/corpus";
import { dumpDerived, expectSameAsRebuild, rebuildDerived } from "../helpers/derived";
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
      keyCounts: conceptIssueCandidates.keyCounts,
      issueHash: issues.contentHash,
    })
    .from(conceptIssueCandidates)
    .innerJoin(issues, eq(issues.id, conceptIssueCandidates.issueId))
    .where(eq(issues.slug, slug));
  return row;
}

describe.skipIf(!hasCorpus)("incremental derivation equals a full rebuild", () => {
  const files = hasCorpus
    ? fs
        .readdirSync(BLOG)
        .filter((f) => f.endsWith(".md"))
        .sort()
    : [];

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

  describe("kept counts of proposed keys", () => {
    const KEY = "amber lantern protocol";
    /** The key set the kept counts are complete for, and one issue's kept counts. */
    const counted = async () => {
      const [row] = await rows<{ gen: number; has: boolean }>(
        db(),
        sql`select counted_gen as gen, coalesce(counted_keys ? ${KEY}, false) as has from concept_derivation where id = 1`,
      );
      return row!;
    };
    const keptOf = async (slug: string) => (await memoOf(slug))!.keyCounts!;
    const write = (name: string, title: string, date: string, body: string) => {
      const file = path.join(work, name);
      fs.writeFileSync(file, `---\ntitle: "${title}"\ndate: ${date}\n---\n\n${body}\n`);
      return file;
    };
    let oldSlug = "";

    it(
      "a key first proposed by a new issue is counted in the old issues that already use it",
      async () => {
        // An older issue names the phrase once in passing: no proposal yet (a phrase must recur, or be marked).
        const old = await ingestPaths(db(), [
          write(
            "old.md",
            "Notes From the Harbour Office",
            "2014-03-02",
            "We spent the week on release checklists and the harbour office schedule. Someone suggested an amber lantern protocol for late deploys, and we moved on to the hiring plan.\n\nThe hiring plan took the rest of the afternoon: two interviews, one offer, and a long debate about onboarding.",
          ),
        ]);
        expect(old.stageErrors).toEqual([]);
        oldSlug = old.outcomes[0]!.slug!;
        expect((await counted()).has).toBe(false);
        const before = await keptOf(oldSlug);
        expect(before.tf[KEY]).toBeUndefined();

        // A new issue makes it a name (a heading and two uses): it is proposed, and counted where it already was.
        const added = await ingestPaths(db(), [
          write(
            "new.md",
            "Why We Light the Lanterns",
            "2024-06-01",
            "## The Amber Lantern Protocol\n\nThe amber lantern protocol says a deploy after six waits for a second pair of eyes. We wrote the amber lantern protocol down after a bad night.",
          ),
        ]);
        expect(added.stageErrors).toEqual([]);
        const now = await counted();
        expect(now.has).toBe(true);
        expect(now.gen).toBeGreaterThan(before.gen);
        const after = await keptOf(oldSlug);
        expect(after.tf[KEY]).toBe(1);
        expect(after.gen).toBe(now.gen);
        await expectSameAsRebuild(db());
      },
      CORPUS_RUN_TIMEOUT,
    );

    it(
      "an edit that removes a key's last proposal drops it; proposed again, it is counted again",
      async () => {
        const plain = write(
          "new.md",
          "Why We Light the Lanterns",
          "2024-06-01",
          "A deploy after six waits for a second pair of eyes. We wrote that rule down after a bad night.",
        );
        const edited = await ingestPaths(db(), [plain]);
        expect(edited.outcomes.map((o) => o.status)).toEqual(["updated"]);
        expect((await counted()).has).toBe(false);
        await expectSameAsRebuild(db());

        // The old issue's counts were complete for a key set without the key; proposed again, it is counted anew there.
        const gen = (await counted()).gen;
        const again = await ingestPaths(db(), [
          write(
            "new.md",
            "Why We Light the Lanterns",
            "2024-06-01",
            "## Amber Lantern Protocol, Again\n\nThe amber lantern protocol is back: the amber lantern protocol, with a third pair of eyes.",
          ),
        ]);
        expect(again.stageErrors).toEqual([]);
        expect((await counted()).has).toBe(true);
        expect((await counted()).gen).toBeGreaterThan(gen);
        expect((await keptOf(oldSlug)).tf[KEY]).toBe(1);
        await expectSameAsRebuild(db());
      },
      CORPUS_RUN_TIMEOUT,
    );
  });

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
      await runDerivedStages(db(), noChanges());
      const stale = await dumpDerived(db());
      await rebuildDerived(db());
      expect(await dumpDerived(db())).not.toEqual(stale);
    },
    CORPUS_RUN_TIMEOUT,
  );
});
