/**
 * Bringing the stored concepts up to date: the derived stage after ingest, the
 * full rebuild, and the re-apply after a curation rule changes all land here.
 *
 * Two parts. The per-issue part (the NLP step: reading, tagging, candidates and
 * per-issue word counts, a pure function of one issue's stored text) is kept per
 * issue in `concept_issue_candidates`, keyed by the issue's content hash and
 * EXTRACTION_VERSION (version.ts), and recomputed only for issues added or
 * edited since (or all of them on a rebuild); a deleted issue's row goes with
 * it. The corpus-wide part (tallies, counting, grouping, selection, mentions,
 * ranking, naming, definitions, relations: extract.ts) then runs over every
 * issue's stored result — or, while the kept base (`concept_base`) still stands,
 * over the latest issues alone, placed on it (extract.ts's base and tail). Only
 * issues whose mentions or ranks changed have their rows rewritten (write.ts).
 */
import { inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db";
import type { StageProgress } from "@/lib/ingest/stage-types";
import { createHash } from "node:crypto";
import { conceptBase, conceptIssueCandidates, conceptRelations, conceptRules, issues, type Block } from "@/db/schema";
import { rows } from "@/db/rows";
import { markDerivationDone, markDerivationPending, readDerivation } from "./derivation";
import type { Rules } from "./rules";
import type { ExtractionResult, IssueCandidates, IssueText } from "./types";
import { chunks, chunksReported, moveCounts, tally, writeConcepts, writeIssueRows } from "./write";

export type RefreshOptions = {
  /** Re-read every issue, ignoring cached candidates (the full rebuild). */
  full?: boolean;
  /** Recompute concepts even when no issue changed (after a curation rule changed). */
  force?: boolean;
  report?: (message: string) => void;
  progress?: StageProgress;
  /**
   * Called once the archive has been read and the concepts derived, before anything is written:
   * the window in which an ingest may change an issue under the pass (tests change one there).
   */
  beforeWrite?: () => Promise<void>;
};

export type RefreshSummary = {
  /** Issues whose candidates were (re)extracted. */
  extracted: number;
  /** Issues left out because extraction failed on their text (each reported when it was read). */
  failed: number;
  concepts: number;
  created: number;
  removed: number;
  /** Issues whose mention rows were rewritten. */
  rewrittenIssues: number;
  /**
   * Issues changed (edited, withdrawn or deleted) after this run read them: their rows were left
   * as the change made them, and the derivation stays due for another pass.
   */
  changedMeanwhile: number;
  relations: number;
  dormantRules: number[];
  skipped: boolean;
  durationMs: number;
  /** Where the time went, by step (milliseconds), for `bench:ingest` and `--verbose`. */
  steps: Record<string, number>;
};

type IssueRow = {
  id: number;
  slug: string;
  title: string;
  publishedAt: Date | null;
  contentHash: string;
  conceptsHash: string | null;
  isSample: boolean;
};

/** Issues' texts, for the issues a run places (every issue, or the tail's). */
async function readTexts(db: Queryable, rows: IssueRow[]): Promise<IssueText[]> {
  const blocksOf = new Map<number, Block[]>();
  for (const batch of chunks(
    rows.map((r) => r.id),
    500,
  )) {
    const found = await db
      .select({ id: issues.id, blocks: issues.blocks })
      .from(issues)
      .where(inArray(issues.id, batch));
    for (const f of found) blocksOf.set(f.id, f.blocks);
  }
  return rows.map((i) => ({
    id: i.id,
    slug: i.slug,
    title: i.title,
    publishedAt: i.publishedAt,
    blocks: blocksOf.get(i.id) ?? [],
    html: "",
    isSample: i.isSample,
  }));
}

/** Cached candidates of these issues, by issue id. */
async function readCandidates(db: Db, ids: number[]): Promise<Map<number, IssueCandidates>> {
  const out = new Map<number, IssueCandidates>();
  for (const batch of chunks(ids, 500)) {
    const rows = await db
      .select({ issueId: conceptIssueCandidates.issueId, candidates: conceptIssueCandidates.candidates })
      .from(conceptIssueCandidates)
      .where(inArray(conceptIssueCandidates.issueId, batch));
    for (const r of rows) out.set(r.issueId, r.candidates);
  }
  return out;
}

/**
 * Which base a kept one must be to stand (extract.ts): its issues — their texts, titles, dates and
 * sample flags —, the versions of the per-issue and corpus-wide steps (version.ts), and the
 * curation rules.
 */
function baseKey(base: IssueRow[], versions: number[], rules: Rules): string {
  const h = createHash("sha256");
  h.update(JSON.stringify([versions, rules.map((r) => [r.id, r.action, r.target, r.value])]));
  // Dates and the sample flag too: names, years and definitions read them, and an author's date
  // changes neither text nor hash.
  for (const i of base)
    h.update(JSON.stringify([i.id, i.contentHash, i.publishedAt?.toISOString() ?? null, i.isSample, i.title]));
  return h.digest("hex");
}

/**
 * The NLP step for issues whose cached candidates are missing or out of date, a batch at a
 * time, each batch's candidates cached as soon as they exist. The cache is keyed by content
 * hash and extractor version, so writing it ahead of the concepts is safe, and a run killed
 * later doesn't redo this work. Returns how many issues were read.
 */
async function extractCandidates(
  db: Db,
  stale: IssueRow[],
  report: (message: string) => void,
  progress: StageProgress,
): Promise<number> {
  if (stale.length === 0) return 0;
  // The NLP modules (a part-of-speech model, word lists) take over a second to load: only when an issue is read.
  const [{ readIssueCandidates }, { EXTRACTION_VERSION }] = await Promise.all([
    import("./candidates"),
    import("./version"),
  ]);
  if (stale.length > 0) report(`reading ${stale.length} issue${stale.length === 1 ? "" : "s"}`);
  // Text and hash from one read, so the cache never labels one text's candidates with another's hash.
  const fetch = (batch: number[]) => {
    const rows = db
      .select({
        id: issues.id,
        slug: issues.slug,
        title: issues.title,
        blocks: issues.blocks,
        html: issues.html,
        contentHash: issues.contentHash,
      })
      .from(issues)
      .where(inArray(issues.id, batch))
      .execute();
    // Awaited in turn (or never, when an earlier batch fails first): a failure is reported by that await.
    rows.catch(() => {});
    return rows;
  };
  const write = async (values: (typeof conceptIssueCandidates.$inferInsert)[]) => {
    if (values.length === 0) return;
    await db
      .insert(conceptIssueCandidates)
      .values(values)
      .onConflictDoUpdate({
        target: conceptIssueCandidates.issueId,
        set: {
          contentHash: sql`excluded.content_hash`,
          version: sql`excluded.version`,
          candidates: sql`excluded.candidates`,
          mentionsDigest: null,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  };
  // Small batches: one batch's texts are in memory at once (and the next one's, fetched while this
  // one is read), and an archive may hold a very long issue. The database sends the next batch
  // and stores the last one's candidates while this process reads: the two overlap.
  const batches = chunksReported(
    stale.map((s) => s.id),
    50,
    "reading issues",
    progress,
  );
  let next = batches.next();
  let fetched = next.done ? undefined : fetch(next.value);
  let written: Promise<void> = Promise.resolve();
  while (fetched) {
    const rows = await fetched;
    next = batches.next();
    fetched = next.done ? undefined : fetch(next.value);
    const values = rows.map((row) => {
      // A failure is cached like any result (until the text or the extractor changes), so a bad
      // issue is reported once and never stops the others.
      const candidates = readIssueCandidates(row);
      if (candidates.failed)
        report(`skipped "${row.slug}": its text could not be read for concepts (${candidates.failed})`);
      else if (candidates.truncated) {
        const { read, total } = candidates.truncated;
        report(
          `"${row.slug}" is very long: concepts come from its first ${read.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} characters`,
        );
      }
      return {
        issueId: row.id,
        contentHash: row.contentHash,
        version: EXTRACTION_VERSION,
        candidates,
        mentionsDigest: null,
        updatedAt: new Date(),
      };
    });
    await written;
    written = write(values);
    written.catch(() => {});
  }
  await written;
  return stale.length;
}

/**
 * Concepts from every issue's cached candidates, read and folded in a batch at a time. The next
 * batch is read while this one is folded (and the first while the skipped blocks are found): the
 * database reads and sends rows while this process folds, so the two overlap rather than add up.
 */
async function extractFromCache(
  db: Db,
  texts: IssueText[],
  rules: Rules,
  progress: StageProgress,
  step: (name: string) => void,
): Promise<ExtractionResult & { failed: number; base: Buffer }> {
  const ids = texts.map((i) => i.id).sort((a, b) => a - b);
  const read = (batch: number[]) => {
    const rows = db
      .select({ issueId: conceptIssueCandidates.issueId, candidates: conceptIssueCandidates.candidates })
      .from(conceptIssueCandidates)
      .where(inArray(conceptIssueCandidates.issueId, batch))
      .orderBy(conceptIssueCandidates.issueId)
      .execute();
    // Awaited later (or never, when folding fails first): a failure is reported by that await, not as unhandled.
    rows.catch(() => {});
    return rows;
  };
  const batches = chunksReported(ids, 500, "tallying candidates", progress);
  const first = batches.next();
  let pending = first.done ? undefined : read(first.value);
  // The corpus-wide steps and their word lists (over a second to load) are loaded only when they run.
  const { startExtraction } = await import("./extract");
  const extraction = startExtraction(texts, step);
  let failed = 0;
  while (pending) {
    const rows = await pending;
    const next = batches.next();
    pending = next.done ? undefined : read(next.value);
    for (const r of rows) {
      if (r.candidates.failed) failed++;
      extraction.add(r.issueId, r.candidates);
    }
  }
  const result = extraction.finish(rules);
  return { ...result, failed };
}

/** Issues of `read` whose text has changed since, or that were withdrawn or deleted since. */
async function changedSince(db: Queryable, read: IssueRow[]): Promise<Set<number>> {
  const now = await db
    .select({ id: issues.id, contentHash: issues.contentHash })
    .from(issues)
    .where(isNull(issues.withdrawnAt));
  const hashNow = new Map(now.map((i) => [i.id, i.contentHash]));
  return new Set(read.filter((i) => hashNow.get(i.id) !== i.contentHash).map((i) => i.id));
}

/** Bring concepts up to date with the stored issues. Safe to run concurrently: writers serialise on a lock. */
export async function refreshConcepts(db: Db, options: RefreshOptions = {}): Promise<RefreshSummary> {
  const started = performance.now();
  const report = options.report ?? (() => {});
  const issueRows: IssueRow[] = await db
    .select({
      id: issues.id,
      slug: issues.slug,
      title: issues.title,
      publishedAt: issues.publishedAt,
      contentHash: issues.contentHash,
      conceptsHash: issues.conceptsHash,
      isSample: issues.isSample,
    })
    .from(issues)
    .orderBy(issues.id)
    // Withdrawn issues are no source of concepts (their rows are removed when they are withdrawn).
    .where(isNull(issues.withdrawnAt));
  const { DERIVATION_VERSION, EXTRACTION_VERSION } = await import("./version");
  // A quick ingest (quick.ts) left the corpus-wide part due: this run is it, from this generation.
  const derivation = await readDerivation(db);
  const cached = await db
    .select({
      issueId: conceptIssueCandidates.issueId,
      contentHash: conceptIssueCandidates.contentHash,
      version: conceptIssueCandidates.version,
    })
    .from(conceptIssueCandidates);
  const cacheOf = new Map(cached.map((c) => [c.issueId, c]));
  // Issues the NLP step must (re)read, and issues whose concepts don't yet reflect their text.
  const unread = issueRows.filter((i) => {
    const c = cacheOf.get(i.id);
    return options.full || !c || c.contentHash !== i.contentHash || c.version !== EXTRACTION_VERSION;
  });
  const stale = issueRows.filter((i) => i.conceptsHash !== i.contentHash);
  const orphanCache = cached.length > issueRows.length;
  const pending = derivation.pendingSince !== null;
  if (unread.length === 0 && stale.length === 0 && !options.force && !orphanCache && !pending) {
    return {
      extracted: 0,
      failed: 0,
      concepts: 0,
      created: 0,
      removed: 0,
      rewrittenIssues: 0,
      changedMeanwhile: 0,
      relations: 0,
      dormantRules: [],
      skipped: true,
      durationMs: performance.now() - started,
      steps: {},
    };
  }

  const progress = options.progress ?? (() => {});
  const steps: Record<string, number> = {};
  let lap = started;
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = (steps[name] ?? 0) + (now - lap);
    lap = now;
  };
  step("load");
  const extracted = await extractCandidates(db, unread, report, progress);
  step("read issues");
  const rules: Rules = await db.select().from(conceptRules).orderBy(conceptRules.id);
  const { baseSize, extendBase } = await import("./extract");
  const baseRows = issueRows.slice(0, baseSize(issueRows.length));
  const key = baseKey(baseRows, [EXTRACTION_VERSION, DERIVATION_VERSION], rules);
  // The kept base stands when it is this archive's base, unchanged, and no quick ingest placed a
  // base issue's rows in the meantime (an edit undone before this pass ran).
  const kept = options.full ? undefined : await keptBase(db, key, baseRows);
  step("base");
  let result: ExtractionResult & { failed: number; base?: Buffer };
  let placedRows: IssueRow[];
  let texts: IssueText[];
  if (kept) {
    // Only the tail: its issues placed with the kept base's concepts and statistics.
    placedRows = issueRows.slice(baseRows.length);
    texts = await readTexts(db, placedRows);
    const candidates = await readCandidates(
      db,
      placedRows.map((i) => i.id),
    );
    step("tallies");
    const failed = [...candidates.values()].filter((c) => c.failed).length;
    result = { ...extendBase(kept, texts, issueRows, candidates), failed };
    step("tail");
  } else {
    placedRows = issueRows;
    texts = await readTexts(db, issueRows);
    result = await extractFromCache(db, texts, rules, progress, step);
  }
  report(
    `${result.concepts.length} concepts${kept ? ` (the latest ${placedRows.length} issues placed on the kept base)` : ""}`,
  );
  await options.beforeWrite?.();

  const summary = await db.transaction(async (tx) => {
    // One writer at a time; a second run waits, then finds little left to do.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('concordance:concepts'))`);
    // An issue edited since it was read here has had its rows placed from its new text by a quick
    // ingest, which held this lock before this run could: rows from the old text must not replace
    // them. With the lock held, no quick ingest can come in between this check and the commit.
    const changedMeanwhile = await changedSince(tx, issueRows);
    const current = changedMeanwhile.size === 0 ? texts : texts.filter((i) => !changedMeanwhile.has(i.id));
    step("lock");
    // A base issue changed under a pass over the tail: the kept base no longer stands, and its
    // counts of that issue's old text can't be taken back out. Nothing is written; the derivation
    // is due (the quick ingest said so), and the next pass derives the base again.
    const lastBase = baseRows[baseRows.length - 1]?.id ?? 0;
    if (kept && [...changedMeanwhile].some((id) => id <= lastBase))
      return { created: 0, removed: 0, rewritten: 0, changedMeanwhile: changedMeanwhile.size, relations: 0 };

    const ids = await writeConcepts(tx, result.concepts);
    step("write concepts");
    const rewritten = await writeIssueRows(tx, result.concepts, ids, current, progress);
    if (changedMeanwhile.size > 0) {
      // The concept rows just written count those issues' old text; their stored rows stand instead.
      const old = result.concepts.flatMap((c) =>
        c.mentions
          .filter((m) => changedMeanwhile.has(m.issueId))
          .map((m) => ({ conceptId: ids.byKey.get(c.key)!, issueId: m.issueId })),
      );
      await moveCounts(tx, JSON.stringify([...changedMeanwhile]), tally(old), "stored in");
    }
    step("write mentions");

    const relationRows = result.relations
      .map((r) => ({ conceptId: ids.byKey.get(r.fromKey)!, relatedId: ids.byKey.get(r.toKey)!, score: r.score }))
      .filter((r) => r.conceptId && r.relatedId);
    // Relations are the base's: a pass over the tail leaves them as they are.
    if (result.base) {
      await tx.delete(conceptRelations);
      for (const batch of chunks(relationRows)) await tx.insert(conceptRelations).values(batch);
      await tx
        .insert(conceptBase)
        .values({ id: 1, stateKey: key, issues: baseRows.length, state: result.base })
        .onConflictDoUpdate({
          target: conceptBase.id,
          set: { stateKey: key, issues: baseRows.length, state: result.base, updatedAt: new Date() },
        });
    }

    // The marker: these issues' concepts now reflect this text (unless it changed meanwhile).
    for (const batch of chunks(stale.map((i) => ({ id: i.id, hash: i.contentHash })))) {
      await tx.execute(sql`
        update issues i set concepts_hash = x.hash
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(id int, hash text)
        where i.id = x.id and i.content_hash = x.hash`);
    }
    await markDerivationDone(tx, derivation.generation);
    // A quick ingest of those issues has already marked the derivation due again; an edit whose
    // quick step is yet to run (or a withdrawal) hasn't: this pass is not the last either way.
    if (changedMeanwhile.size > 0)
      await markDerivationPending(
        tx,
        `${changedMeanwhile.size} issue${changedMeanwhile.size === 1 ? "" : "s"} changed during the re-derivation`,
      );
    step("write relations");
    return {
      created: ids.created,
      removed: ids.removed,
      rewritten,
      changedMeanwhile: changedMeanwhile.size,
      relations: relationRows.length,
    };
  });
  step("commit");

  return {
    extracted,
    failed: result.failed,
    concepts: result.concepts.length,
    created: summary.created,
    removed: summary.removed,
    rewrittenIssues: summary.rewritten,
    changedMeanwhile: summary.changedMeanwhile,
    relations: summary.relations,
    dormantRules: result.dormantRules,
    skipped: false,
    durationMs: performance.now() - started,
    steps,
  };
}

/**
 * The kept base, when it is the one `key` names and no base issue's rows were placed by a quick
 * ingest since (their mentions digest is then unset).
 */
async function keptBase(db: Db, key: string, baseRows: IssueRow[]) {
  const [row] = await db.select({ stateKey: conceptBase.stateKey }).from(conceptBase).where(sql`${conceptBase.id} = 1`);
  if (row?.stateKey !== key) return undefined;
  const [quick] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from concept_issue_candidates
        where mentions_digest is null and issue_id <= ${baseRows[baseRows.length - 1]?.id ?? 0}`,
  );
  if ((quick?.n ?? 0) > 0) return undefined;
  const [state] = await db.select({ state: conceptBase.state }).from(conceptBase).where(sql`${conceptBase.id} = 1`);
  const { decodeBase } = await import("./extract");
  return state ? decodeBase(state.state) : undefined;
}

/** Issues whose concepts are out of date (for status displays and tests). */
export async function countStaleIssues(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(issues)
    .where(or(isNull(issues.conceptsHash), ne(issues.conceptsHash, issues.contentHash)));
  return row?.n ?? 0;
}
