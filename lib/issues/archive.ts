/**
 * The author's hand on the archive: which issues readers see, and when they
 * were published. Used by `npm run issues` and the admin page.
 *
 * Deleting an issue withdraws it: readers lose it everywhere (its page, lists,
 * search, concepts, feeds), but its row stays, so every reader's annotations
 * keep the issue they were made on and can still be read and exported by their
 * owners, and `restore` brings it back as it was. An issue nobody annotated can
 * also be purged for good. Whatever changes, the derived data (concepts, the
 * search index) is brought up to date by the caller through the derived stages,
 * with the `RunChanges` each function returns.
 */
import { and, eq, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { conceptIssueCandidates, conceptIssues, conceptMentions, issues, type Issue } from "@/db/schema";
import { parsePartialDate, type PartialDate } from "@/lib/ingest/dates";
import { noChanges, type RunChanges } from "@/lib/ingest/stage-types";

/** A slug that names no issue, or an action the issue's state forbids: said to the author as is. */
export class ArchiveError extends Error {}

export type ArchiveIssue = Pick<
  Issue,
  | "id"
  | "slug"
  | "title"
  | "number"
  | "series"
  | "publishedAt"
  | "datePrecision"
  | "dateSetByAuthor"
  | "withdrawnAt"
  | "isSample"
  | "sourcePath"
  | "sourceUrl"
> & { annotations: number };

export type ArchiveFilter = "all" | "live" | "withdrawn" | "undated" | "samples";

// Spelled out: drizzle leaves columns unqualified in a select list, and "id" would be the annotation's.
const annotationCount = sql<number>`(select count(*)::int from annotations a where a.issue_id = "issues"."id")`;

const archiveColumns = {
  id: issues.id,
  slug: issues.slug,
  title: issues.title,
  number: issues.number,
  series: issues.series,
  publishedAt: issues.publishedAt,
  datePrecision: issues.datePrecision,
  dateSetByAuthor: issues.dateSetByAuthor,
  withdrawnAt: issues.withdrawnAt,
  isSample: issues.isSample,
  sourcePath: issues.sourcePath,
  sourceUrl: issues.sourceUrl,
  annotations: annotationCount,
};

function filterCondition(filter: ArchiveFilter): SQL | undefined {
  switch (filter) {
    case "live":
      return isNull(issues.withdrawnAt);
    case "withdrawn":
      return isNotNull(issues.withdrawnAt);
    case "undated":
      return and(isNull(issues.publishedAt), isNull(issues.withdrawnAt));
    case "samples":
      return eq(issues.isSample, true);
    case "all":
      return undefined;
  }
}

/** Every issue the author has, withdrawn ones included, in reading order (undated last, by series and number). */
export async function listArchive(
  db: Db,
  options: { filter?: ArchiveFilter; q?: string; limit?: number; offset?: number } = {},
): Promise<{ items: ArchiveIssue[]; total: number }> {
  const q = options.q?.trim();
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(
    filterCondition(options.filter ?? "all"),
    pattern ? or(ilike(issues.title, pattern), ilike(issues.slug, pattern)) : undefined,
  );
  const query = db
    .select(archiveColumns)
    .from(issues)
    .where(where)
    .orderBy(
      sql`${issues.publishedAt} desc nulls last`,
      sql`${issues.series} asc nulls first`,
      sql`${issues.number} desc nulls last`,
      sql`${issues.id} desc`,
    );
  const [items, [count]] = await Promise.all([
    options.limit ? query.limit(options.limit).offset(options.offset ?? 0) : query,
    db.select({ n: sql<number>`count(*)::int` }).from(issues).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

async function getArchiveIssue(db: Db, slug: string): Promise<ArchiveIssue> {
  const [row] = await db.select(archiveColumns).from(issues).where(eq(issues.slug, slug)).limit(1);
  if (!row) throw new ArchiveError(`no issue with slug "${slug}" (npm run issues -- list shows them all)`);
  return row;
}

/** Concept rows of withdrawn issues go at once: the concepts stage only reads issues readers can see. */
async function forgetDerived(tx: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const list = sql`(${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;
  await tx.delete(conceptMentions).where(sql`${conceptMentions.issueId} in ${list}`);
  await tx.delete(conceptIssues).where(sql`${conceptIssues.issueId} in ${list}`);
  await tx.delete(conceptIssueCandidates).where(sql`${conceptIssueCandidates.issueId} in ${list}`);
}

export type WithdrawResult = { issue: ArchiveIssue; alreadyWithdrawn: boolean; changes: RunChanges };

/** Take an issue away from readers; its annotations stay with their owners. */
export async function withdrawIssue(db: Db, slug: string): Promise<WithdrawResult> {
  const issue = await getArchiveIssue(db, slug);
  if (issue.withdrawnAt) return { issue, alreadyWithdrawn: true, changes: noChanges() };
  const withdrawnAt = new Date();
  await db.transaction(async (tx) => {
    await tx.update(issues).set({ withdrawnAt, updatedAt: withdrawnAt }).where(eq(issues.id, issue.id));
    await forgetDerived(tx as unknown as Db, [issue.id]);
  });
  return {
    issue: { ...issue, withdrawnAt },
    alreadyWithdrawn: false,
    changes: { changed: [], deleted: [{ id: issue.id, slug: issue.slug }] },
  };
}

/** Give a withdrawn issue back to readers, as it was. */
export async function restoreIssue(
  db: Db,
  slug: string,
): Promise<{ issue: ArchiveIssue; wasLive: boolean; changes: RunChanges }> {
  const issue = await getArchiveIssue(db, slug);
  if (!issue.withdrawnAt) return { issue, wasLive: true, changes: noChanges() };
  // Null markers: the concepts and search stages read it again as a new issue.
  await db
    .update(issues)
    .set({ withdrawnAt: null, conceptsHash: null, searchHash: null, updatedAt: new Date() })
    .where(eq(issues.id, issue.id));
  return { issue: { ...issue, withdrawnAt: null }, wasLive: false, changes: { changed: [issue.id], deleted: [] } };
}

/** Delete an issue and its history for good: only one no reader has annotated. */
export async function purgeIssue(db: Db, slug: string): Promise<{ issue: ArchiveIssue; changes: RunChanges }> {
  const issue = await getArchiveIssue(db, slug);
  if (issue.annotations > 0) {
    throw new ArchiveError(
      `"${slug}" has ${issue.annotations} reader annotation${issue.annotations === 1 ? "" : "s"}: it can be withdrawn (delete without --purge), not purged`,
    );
  }
  // The foreign key refuses too, should an annotation arrive meanwhile.
  await db.delete(issues).where(eq(issues.id, issue.id));
  return { issue, changes: { changed: [], deleted: [{ id: issue.id, slug: issue.slug }] } };
}

export type IssueDate = PartialDate;

/**
 * `2020-05-14`, `2020-05` or `2020` as a date and how much of it is known;
 * `none` (undated) as null. Anything else is a usage error.
 */
export function parseIssueDate(text: string): IssueDate | null {
  const value = text.trim().toLowerCase();
  if (value === "none" || value === "undated") return null;
  const parsed = parsePartialDate(value);
  if (parsed) return parsed;
  if (/^\d{4}(-\d{1,2}){0,2}$/.test(value)) throw new ArchiveError(`"${text}" is not a real date`);
  throw new ArchiveError(`"${text}" is not a date: use YYYY-MM-DD, YYYY-MM, YYYY or none`);
}

/** The author's date for an issue (null: undated); re-ingesting its source keeps it. */
export async function setIssueDate(
  db: Db,
  slug: string,
  value: IssueDate | null,
): Promise<{ issue: ArchiveIssue; changes: RunChanges }> {
  const issue = await getArchiveIssue(db, slug);
  const publishedAt = value?.date ?? null;
  const datePrecision = value?.precision ?? "day";
  // Null markers: concept timelines and the search index's year are derived from the date.
  await db
    .update(issues)
    .set({
      publishedAt,
      datePrecision,
      dateSetByAuthor: true,
      conceptsHash: null,
      searchHash: null,
      updatedAt: new Date(),
    })
    .where(eq(issues.id, issue.id));
  return {
    issue: { ...issue, publishedAt, datePrecision, dateSetByAuthor: true },
    changes: issue.withdrawnAt ? noChanges() : { changed: [issue.id], deleted: [] },
  };
}

export type SampleRemoval = {
  /** Samples deleted outright (nobody had annotated them). */
  deleted: string[];
  /** Samples readers had annotated: withdrawn instead, their annotations kept. */
  withdrawn: string[];
  changes: RunChanges;
};

/** The sample issues readers can still see. */
export async function listLiveSamples(db: Db): Promise<Pick<Issue, "id" | "slug" | "sourceUrl">[]> {
  return db
    .select({ id: issues.id, slug: issues.slug, sourceUrl: issues.sourceUrl })
    .from(issues)
    .where(and(eq(issues.isSample, true), isNull(issues.withdrawnAt)));
}

/**
 * Make way for the author's own issues: samples nobody annotated are deleted;
 * annotated ones are withdrawn like any deleted issue, and their slugs freed
 * (`…-sample-<id>`) so the author's issues can take them.
 */
export async function removeSamples(db: Db, options: { dryRun?: boolean } = {}): Promise<SampleRemoval> {
  const samples = await db
    .select({ id: issues.id, slug: issues.slug, annotations: annotationCount })
    .from(issues)
    .where(and(eq(issues.isSample, true), isNull(issues.withdrawnAt)));
  const toDelete = samples.filter((s) => s.annotations === 0);
  const toWithdraw = samples.filter((s) => s.annotations > 0);
  const result: SampleRemoval = {
    deleted: toDelete.map((s) => s.slug),
    withdrawn: toWithdraw.map((s) => s.slug),
    changes: { changed: [], deleted: samples.map((s) => ({ id: s.id, slug: s.slug })) },
  };
  if (options.dryRun || samples.length === 0) return result;
  await db.transaction(async (tx) => {
    if (toDelete.length > 0) {
      await tx.delete(issues).where(
        and(
          sql`${issues.id} in (${sql.join(
            toDelete.map((s) => sql`${s.id}`),
            sql`, `,
          )})`,
          eq(issues.isSample, true),
        ),
      );
    }
    const now = new Date();
    for (const s of toWithdraw) {
      await tx
        .update(issues)
        .set({ withdrawnAt: now, slug: `${s.slug}-sample-${s.id}`, updatedAt: now })
        .where(eq(issues.id, s.id));
    }
    await forgetDerived(
      tx as unknown as Db,
      toWithdraw.map((s) => s.id),
    );
  });
  return result;
}
