/**
 * The quick ingest of a few issues (lib/concepts/quick.ts): the changed issue is readable with
 * mentions of the concepts already known and the re-derivation marked pending; once the
 * re-derivation has run (in the foreground here, or as the detached process the CLI starts), the
 * derived data equals a rebuild from scratch. A re-derivation killed midway leaves it pending,
 * and the next one catches up.
 */
import { spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/rows";
import { backgroundNiceness, runPendingDerivation, startBackgroundPass } from "@/lib/concepts/background";
import { readDerivation } from "@/lib/concepts/derivation";
import { refreshConcepts } from "@/lib/concepts/store";
import { TITLE_BLOCK_ID } from "@/lib/concepts/reading";
import { acquireLock, isAlive } from "@/lib/cli/locks";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { findStaleDocuments } from "@/lib/search/documents";
import { CORPUS_DIR, CORPUS_RUN_TIMEOUT, corpusFiles, hasCorpus } from "../helpers/corpus";
import { expectSameAsRebuild } from "../helpers/derived";
import { useTestDatabase } from "../helpers/db";

const { db, url } = useTestDatabase();
const BLOG = path.join(CORPUS_DIR, "cutlefish-blog");
const FIRST = 40;

let work: string;
let dataDir: string;
/** Slugs of the first issues, by the file they were read from. */
const slugOf = new Map<string, string>();

async function issueId(slug: string): Promise<number> {
  const [row] = await rows<{ id: number }>(db(), sql`select id from issues where slug = ${slug}`);
  return row!.id;
}

/** The issue's mention rows, as concept keys, and whether its concepts marker says "derived". */
async function interimOf(id: number) {
  const mentions = await rows<{ key: string; concept_id: number }>(
    db(),
    sql`select c.key, m.concept_id from concept_mentions m join concepts c on c.id = m.concept_id where m.issue_id = ${id}`,
  );
  const ranks = await rows<{ rank: number }>(db(), sql`select rank from concept_issues where issue_id = ${id}`);
  const [marker] = await rows<{ derived: boolean }>(
    db(),
    sql`select concepts_hash is not distinct from content_hash as derived from issues where id = ${id}`,
  );
  const [doc] = await rows<{ concepts: string[] }>(
    db(),
    sql`select concepts from search_documents where issue_id = ${id}`,
  );
  return { mentions, ranks, derived: marker!.derived, searchConcepts: doc?.concepts ?? null };
}

async function conceptIds(): Promise<Set<number>> {
  return new Set((await rows<{ id: number }>(db(), sql`select id from concepts`)).map((r) => r.id));
}

/**
 * Concepts whose stored counts differ from a count of their mention rows (what the quick step
 * did before it moved the counts by the changed issues' rows alone). Empty when they agree.
 */
async function countsOffRecount() {
  return rows(
    db(),
    sql`select c.key, c.mention_count, c.issue_count, count(m.id)::int as mentions, count(distinct m.issue_id)::int as issues
        from concepts c left join concept_mentions m on m.concept_id = c.id group by c.id
        having c.mention_count <> count(m.id) or c.issue_count <> count(distinct m.issue_id)`,
  );
}

async function storedCounts(): Promise<Map<number, { mentions: number; issues: number }>> {
  const list = await rows<{ id: number; mention_count: number; issue_count: number }>(
    db(),
    sql`select id, mention_count, issue_count from concepts`,
  );
  return new Map(list.map((r) => [r.id, { mentions: r.mention_count, issues: r.issue_count }]));
}

/** How many times the issue mentions each concept, by concept id. */
async function mentionsIn(id: number): Promise<Map<number, number>> {
  const list = await rows<{ concept_id: number; n: number }>(
    db(),
    sql`select concept_id, count(*)::int as n from concept_mentions where issue_id = ${id} group by concept_id`,
  );
  return new Map(list.map((r) => [r.concept_id, r.n]));
}

async function waitUntil(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe.skipIf(!hasCorpus)("quick ingest, then the re-derivation", () => {
  const files = corpusFiles(BLOG);

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "concepts-quick-"));
    dataDir = path.join(work, "data");
    const first = path.join(work, "first");
    fs.mkdirSync(first);
    for (const f of files.slice(0, FIRST)) fs.copyFileSync(path.join(BLOG, f), path.join(first, f));
    // The first ingest has no concepts to place: it takes the full path even when quick is allowed.
    const summary = await ingestPaths(db(), [first], { quickConcepts: true });
    expect(summary.counts.new).toBe(FIRST);
    expect(summary.stageErrors).toEqual([]);
    expect(summary.conceptsPending).toBeUndefined();
    for (const o of summary.outcomes) slugOf.set(path.basename(o.source), o.slug!);
  }, CORPUS_RUN_TIMEOUT);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it(
    "a new issue shows known concepts at once, pending; after the re-derivation all equals a rebuild",
    async () => {
      const known = await conceptIds();
      const summary = await ingestPaths(db(), [path.join(BLOG, files[FIRST]!)], { quickConcepts: true });
      expect(summary.counts.new).toBe(1);
      expect(summary.stageErrors).toEqual([]);
      expect(summary.timings.stageSteps.concepts).toHaveProperty("quick");
      expect(summary.conceptsPending?.reason).toBe("1 issue added or edited");
      expect(summary.conceptsPending?.message).toMatch(/^concepts re-derivation pending since \d{4}-\d\d-\d\d /);

      const interim = await interimOf(await issueId(summary.outcomes[0]!.slug!));
      expect(interim.mentions.length).toBeGreaterThan(0);
      expect(interim.mentions.every((m) => known.has(m.concept_id))).toBe(true);
      expect(interim.ranks.length).toBeLessThanOrEqual(new Set(interim.mentions.map((m) => m.concept_id)).size);
      expect(interim.derived).toBe(false);
      expect(await countsOffRecount()).toEqual([]);
      // Searchable at once, with its concepts.
      expect(interim.searchConcepts?.length).toBeGreaterThan(0);
      expect(await conceptIds()).toEqual(known);
      // The search stage looked only at the changed issue; the whole-archive check finds nothing it missed.
      expect(await findStaleDocuments(db())).toEqual({ issueIds: [], conceptIds: [], removeKeys: [] });

      const { errors, passes } = await runPendingDerivation(db(), dataDir);
      expect(errors).toEqual([]);
      expect(passes).toBe(1);
      expect((await readDerivation(db())).pendingSince).toBeNull();
      await expectSameAsRebuild(db());
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "an edited issue gets its new mentions of a known concept at once; after the re-derivation all equals a rebuild",
    async () => {
      // The archive's most mentioned concept of several words, written twice more into an issue.
      const [top] = await rows<{ id: number; name: string }>(
        db(),
        sql`select id, name from concepts where not hidden and key like '% %' and kind <> 'acronym'
            order by mention_count desc, key limit 1`,
      );
      const file = path.join(work, "first", files[3]!);
      const id = await issueId(slugOf.get(files[3]!)!);
      const count = async () => (await interimOf(id)).mentions.filter((m) => m.concept_id === top!.id).length;
      const before = await count();
      fs.appendFileSync(
        file,
        `\n\nA late note on ${top!.name}: we came back to ${top!.name} after the retrospective.\n`,
      );
      const summary = await ingestPaths(db(), [file], { quickConcepts: true });
      expect(summary.outcomes.map((o) => o.status)).toEqual(["updated"]);
      expect(await issueId(summary.outcomes[0]!.slug!)).toBe(id);
      expect(summary.conceptsPending).toBeDefined();
      expect(await count()).toBe(before + 2);
      expect(await countsOffRecount()).toEqual([]);
      expect((await interimOf(id)).derived).toBe(false);
      expect(await findStaleDocuments(db())).toEqual({ issueIds: [], conceptIds: [], removeKeys: [] });

      const { errors } = await runPendingDerivation(db(), dataDir);
      expect(errors).toEqual([]);
      expect((await readDerivation(db())).pendingSince).toBeNull();
      expect((await interimOf(id)).derived).toBe(true);
      await expectSameAsRebuild(db());
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "edits that drop some, the last or all of an issue's mentions of a concept move its counts as a recount would",
    async () => {
      const file = path.join(work, "first", files[5]!);
      const id = await issueId(slugOf.get(files[5]!)!);
      const original = fs.readFileSync(file, "utf8");
      const frontMatter = original.slice(0, original.indexOf("\n---", 3) + 4);
      // A concept of several words the issue's title doesn't name (the title stays as it is).
      const [top] = await rows<{ id: number; name: string }>(
        db(),
        sql`select id, name from concepts c where not hidden and key like '% %' and kind <> 'acronym'
              and not exists (select 1 from concept_mentions m where m.concept_id = c.id and m.issue_id = ${id} and m.block_id = ${TITLE_BLOCK_ID})
            order by mention_count desc, key limit 1`,
      );
      const edit = async (body: string) => {
        fs.writeFileSync(file, `${frontMatter}\n\n${body}\n`);
        const summary = await ingestPaths(db(), [file], { quickConcepts: true });
        expect(summary.outcomes.map((o) => o.status)).toEqual(["updated"]);
        expect(summary.timings.stageSteps.concepts).toHaveProperty("quick");
        expect(await countsOffRecount()).toEqual([]);
      };

      const counts0 = await storedCounts();
      const in0 = await mentionsIn(id);
      // The body now names one concept, twice: every other concept its old body named is gone from it.
      await edit(`Two notes on ${top!.name}.\n\nWe came back to ${top!.name} after the retrospective.`);
      const counts1 = await storedCounts();
      const in1 = await mentionsIn(id);
      expect(in1.get(top!.id)).toBe(2);
      const dropped = [...in0.keys()].filter((c) => !in1.has(c));
      expect(dropped.length).toBeGreaterThan(1);
      for (const c of dropped)
        expect(counts1.get(c)).toEqual({
          mentions: counts0.get(c)!.mentions - in0.get(c)!,
          issues: counts0.get(c)!.issues - 1,
        });
      const was = in0.get(top!.id) ?? 0;
      expect(counts1.get(top!.id)).toEqual({
        mentions: counts0.get(top!.id)!.mentions - was + 2,
        issues: counts0.get(top!.id)!.issues + (was > 0 ? 0 : 1),
      });

      // One mention fewer: the issue still counts.
      await edit(`One note on ${top!.name}.`);
      expect(await mentionsIn(id)).toEqual(new Map([...in1].map(([c, n]) => [c, c === top!.id ? 1 : n])));
      expect((await storedCounts()).get(top!.id)).toEqual({
        mentions: counts1.get(top!.id)!.mentions - 1,
        issues: counts1.get(top!.id)!.issues,
      });

      // Its last mention in the issue gone: the issue no longer counts.
      await edit("A note on nothing in particular.");
      expect((await mentionsIn(id)).has(top!.id)).toBe(false);
      expect((await storedCounts()).get(top!.id)).toEqual({
        mentions: counts1.get(top!.id)!.mentions - 2,
        issues: counts1.get(top!.id)!.issues - 1,
      });

      const { errors } = await runPendingDerivation(db(), dataDir);
      expect(errors).toEqual([]);
      await expectSameAsRebuild(db());
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "an issue edited while a re-derivation runs keeps the rows of its new text, and the derivation stays due",
    async () => {
      const file = path.join(work, "first", files[7]!);
      const id = await issueId(slugOf.get(files[7]!)!);
      const [top] = await rows<{ id: number; name: string }>(
        db(),
        sql`select id, name from concepts where not hidden and key like '% %' and kind <> 'acronym'
            order by mention_count desc, key limit 1`,
      );
      const before = (await mentionsIn(id)).get(top!.id) ?? 0;
      expect((await readDerivation(db())).pendingSince).toBeNull();
      let edited = false;
      // The pass has read every issue (this one's old text) and derived the concepts; the author's
      // edit comes in, quickly placed, before the pass writes.
      const summary = await refreshConcepts(db(), {
        force: true,
        beforeWrite: async () => {
          fs.appendFileSync(
            file,
            `\n\nA late note on ${top!.name}: we came back to ${top!.name} after the retrospective.\n`,
          );
          const edit = await ingestPaths(db(), [file], { quickConcepts: true });
          expect(edit.outcomes.map((o) => o.status)).toEqual(["updated"]);
          expect(edit.timings.stageSteps.concepts).toHaveProperty("quick");
          expect((await mentionsIn(id)).get(top!.id)).toBe(before + 2);
          edited = true;
        },
      });
      expect(edited).toBe(true);
      // Not rewritten from the text the pass read: the new mentions are still there, counted.
      expect((await mentionsIn(id)).get(top!.id)).toBe(before + 2);
      expect(summary.changedMeanwhile).toBe(1);
      expect((await interimOf(id)).derived).toBe(false);
      expect(await countsOffRecount()).toEqual([]);
      expect((await readDerivation(db())).pendingSince).not.toBeNull();

      // The next pass (the background loop goes round while the derivation is due) finishes it.
      const { errors } = await runPendingDerivation(db(), dataDir);
      expect(errors).toEqual([]);
      expect((await readDerivation(db())).pendingSince).toBeNull();
      expect((await interimOf(id)).derived).toBe(true);
      await expectSameAsRebuild(db());
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "the ingest command starts the re-derivation as a process of its own, which finishes it",
    async () => {
      const child = spawn("npm", ["run", "-s", "ingest", "--", path.join(BLOG, files[FIRST + 1]!), "--json"], {
        cwd: path.join(__dirname, "..", ".."),
        env: { ...process.env, DATABASE_URL: url(), CONCORDANCE_DATA_DIR: dataDir, FORCE_COLOR: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(code).toBe(0);
      const summary = JSON.parse(stdout) as {
        conceptsPending?: { message: string };
        conceptsBackground?: { pid: number; log: string };
      };
      expect(summary.conceptsPending?.message).toMatch(/pending since/);
      const pid = summary.conceptsBackground!.pid;
      expect(summary.conceptsBackground!.log).toBe(path.join(dataDir, "concepts-refresh.log"));
      expect((await readDerivation(db())).backgroundPid).toBe(pid);
      // The command has returned; the pass goes on without it and finishes.
      expect(await waitUntil(() => !isAlive(pid), 150_000)).toBe(true);
      expect((await readDerivation(db())).pendingSince).toBeNull();
      const log = fs.readFileSync(summary.conceptsBackground!.log, "utf8");
      expect(log).toMatch(/1 pass in [\d.]+ s\n/);
      // Below the app's priority: readers' pages come first.
      expect(log).toMatch(
        new RegExp(`running at niceness ${backgroundNiceness()}; concepts re-derivation pending since`),
      );
      const [{ stale } = { stale: -1 }] = await rows<{ stale: number }>(
        db(),
        sql`select count(*)::int as stale from issues where concepts_hash is distinct from content_hash`,
      );
      expect(stale).toBe(0);
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "a re-derivation killed before it finished leaves it pending, and the next one catches up",
    async () => {
      const summary = await ingestPaths(db(), [path.join(BLOG, files[FIRST + 2]!)], { quickConcepts: true });
      expect(summary.conceptsPending).toBeDefined();
      // Killed before it could finish (its modules alone take longer to load than this).
      const { pid } = await startBackgroundPass(db(), dataDir, url());
      process.kill(pid, "SIGKILL");
      expect(await waitUntil(() => !isAlive(pid), 10_000)).toBe(true);
      expect((await readDerivation(db())).pendingSince).not.toBeNull();

      const { errors } = await runPendingDerivation(db(), dataDir);
      expect(errors).toEqual([]);
      expect((await readDerivation(db())).pendingSince).toBeNull();
      await expectSameAsRebuild(db());
    },
    CORPUS_RUN_TIMEOUT,
  );

  it(
    "background passes started back to back: one waits for the running pass, the next returns at once, and the one waiting derives both changes",
    async () => {
      const locks = path.join(dataDir, "locks");
      // A pass is running (it holds the concepts lock) when the author ingests again.
      const running = await acquireLock(locks, "concepts-refresh.lock");
      let waiter: ReturnType<typeof runPendingDerivation> | undefined;
      try {
        await ingestPaths(db(), [path.join(BLOG, files[FIRST + 3]!)], { quickConcepts: true });
        waiter = runPendingDerivation(db(), dataDir, {}, { coalesce: true });
        expect(await waitUntil(() => fs.existsSync(path.join(locks, "concepts-refresh-waiting.lock")), 10_000)).toBe(
          true,
        );
        // Another ingest while that pass waits: its own pass has nothing to add and returns at once.
        await ingestPaths(db(), [path.join(BLOG, files[FIRST + 4]!)], { quickConcepts: true });
        expect(await runPendingDerivation(db(), dataDir, {}, { coalesce: true })).toEqual({
          errors: [],
          passes: 0,
          joined: true,
        });
        expect((await readDerivation(db())).pendingSince).not.toBeNull();
      } finally {
        await running();
      }
      const waited = await waiter!;
      expect(waited.joined).toBe(false);
      expect(waited.errors).toEqual([]);
      expect(waited.passes).toBeGreaterThanOrEqual(1);
      expect((await readDerivation(db())).pendingSince).toBeNull();
      await expectSameAsRebuild(db());
      // The waiting lock went with it: the next pass to start waits in its turn.
      expect(fs.existsSync(path.join(locks, "concepts-refresh-waiting.lock"))).toBe(false);
    },
    CORPUS_RUN_TIMEOUT,
  );
});
