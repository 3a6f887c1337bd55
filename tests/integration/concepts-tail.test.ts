/**
 * An archive's latest issues placed on its kept base equal a derivation from scratch (issue 14).
 * The base and tail begin at 1,000 issues; here they are brought down (LIMITS.tailFrom 0, a 16th
 * of the archive) so that 60 posts of the shared corpus have a base of 60 and room for one more
 * in the tail. After each change the derived data is dumped, rebuilt from scratch and dumped
 * again: the two must match, and the pass over the tail must not have rewritten the base's rows.
 */
import { sql } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/rows";
import { conceptBase } from "@/db/schema";
import { decodeBase, encodeBase } from "@/lib/concepts/extract";
import { LIMITS } from "@/lib/concepts/limits";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { CORPUS_DIR, CORPUS_RUN_TIMEOUT, corpusFiles, hasCorpus } from "../helpers/corpus";
import { dumpDerived, rebuildDerived } from "../helpers/derived";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const BLOG = path.join(CORPUS_DIR, "cutlefish-blog");
const FIRST = 60;
const limits = { tailFrom: LIMITS.tailFrom, tailShare: LIMITS.tailShare };

let work: string;

/** Ingest these files; the concepts stage's messages. */
async function ingest(files: string[]): Promise<string[]> {
  const messages: string[] = [];
  const summary = await ingestPaths(db(), files, {}, { onStageMessage: (m) => messages.push(m) });
  expect(summary.stageErrors).toEqual([]);
  return messages.filter((m) => m.startsWith("concepts: "));
}

const placedOnBase = (messages: string[]) => messages.some((m) => /placed on the kept base/.test(m));

/** Each issue's stored mentions digest, by id. */
async function digests(): Promise<Map<number, string | null>> {
  const list = await rows<{ id: number; digest: string | null }>(
    db(),
    sql`select issue_id as id, mentions_digest as digest from concept_issue_candidates order by issue_id`,
  );
  return new Map(list.map((r) => [r.id, r.digest]));
}

async function expectRebuildEqual(): Promise<void> {
  const derived = await dumpDerived(db());
  expect(derived.mentions.length).toBeGreaterThan(1000);
  await rebuildDerived(db());
  expect(await dumpDerived(db())).toEqual(derived);
}

describe.skipIf(!hasCorpus)("the latest issues on the kept base equal a derivation from scratch", () => {
  const files = corpusFiles(BLOG);

  beforeAll(async () => {
    LIMITS.tailFrom = 0;
    LIMITS.tailShare = 16;
    work = fs.mkdtempSync(path.join(os.tmpdir(), "concepts-tail-"));
    for (const f of files.slice(0, FIRST + 2)) fs.copyFileSync(path.join(BLOG, f), path.join(work, f));
    const messages = await ingest(files.slice(0, FIRST).map((f) => path.join(work, f)));
    expect(placedOnBase(messages)).toBe(false);
  }, CORPUS_RUN_TIMEOUT);

  afterAll(() => {
    Object.assign(LIMITS, limits);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it(
    "a new issue is placed on the kept base, leaving the base's rows as they were",
    async () => {
      const before = await digests();
      const messages = await ingest([path.join(work, files[FIRST]!)]);
      expect(placedOnBase(messages)).toBe(true);
      const after = await digests();
      expect(after.size).toBe(FIRST + 1);
      const rewritten = [...before].filter(([id, d]) => after.get(id) !== d);
      expect(rewritten).toEqual([]);
      const [newest] = await rows<{ n: number }>(
        db(),
        sql`select count(*)::int as n from concept_issues where issue_id = (select max(id) from issues)`,
      );
      expect(newest!.n).toBeGreaterThan(3);
      await expectRebuildEqual();
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "the new issue edited (a coinage of its own added) is placed on the kept base again",
    async () => {
      const file = path.join(work, files[FIRST]!);
      fs.appendFileSync(
        file,
        "\n\nThe Lantern Ledger Ritual is how we close a quarter. Every team keeps a Lantern Ledger Ritual, and the Lantern Ledger Ritual ends the quarter's arguments.\n",
      );
      const messages = await ingest([file]);
      expect(placedOnBase(messages)).toBe(true);
      const [coined] = await rows<{ n: number }>(
        db(),
        sql`select count(*)::int as n from concept_mentions where surface = 'Lantern Ledger Ritual'`,
      );
      expect(coined!.n).toBeGreaterThanOrEqual(3);
      await expectRebuildEqual();
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "a kept base that isn't the archive's shows in the comparison, so the comparisons above can fail",
    async () => {
      // The kept base's names altered under its own key: a pass over the tail writes them.
      const [row] = await db().select().from(conceptBase);
      const base = decodeBase(row!.state)!;
      const renamed = { ...base, concepts: base.concepts.map((c) => ({ ...c, name: `${c.name} (altered)` })) };
      await db()
        .update(conceptBase)
        .set({ state: encodeBase(renamed) });
      const file = path.join(work, files[FIRST]!);
      fs.appendFileSync(file, "\n\nA last line, so the issue changes again.\n");
      const messages = await ingest([file]);
      expect(placedOnBase(messages)).toBe(true);
      const altered = await dumpDerived(db());
      expect(altered.concepts.some((c) => String((c as { name: string }).name).endsWith("(altered)"))).toBe(true);
      await rebuildDerived(db());
      expect(await dumpDerived(db())).not.toEqual(altered);
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "an issue that takes the archive past a step derives the base again",
    async () => {
      // 62 issues: the base is all 62 (a multiple of 2, the step at this size).
      const messages = await ingest([path.join(work, files[FIRST + 1]!)]);
      expect(placedOnBase(messages)).toBe(false);
      const [kept] = await db().select({ issues: conceptBase.issues }).from(conceptBase);
      expect(kept!.issues).toBe(FIRST + 2);
      await expectRebuildEqual();
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "an edited issue of the base derives the base again",
    async () => {
      const file = path.join(work, files[5]!);
      fs.appendFileSync(file, "\n\nA late note on the retrospective we held after all this.\n");
      const messages = await ingest([file]);
      expect(placedOnBase(messages)).toBe(false);
      await expectRebuildEqual();
    },
    CORPUS_RUN_TIMEOUT,
  );
});
