/**
 * Writing one normalised issue, in its own transaction. An issue is identified
 * by its source URL, else its slug (see matchExisting for exactly when a slug
 * match is the same issue). Unchanged content writes nothing; changed content
 * becomes a new revision and the earlier text stays in issue_revisions.
 */
import { eq, inArray, or, sql } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db";
import { issueRevisions, issues, type Issue } from "@/db/schema";
import type { IngestStatus, NormalisedIssue } from "./types";

export type StoreResult = {
  status: Exclude<IngestStatus, "failed">;
  issue: Pick<Issue, "id" | "slug" | "revision" | "withdrawnAt">;
};

/** Thrown when an issue would take a slug that another issue already has. */
class SlugConflictError extends Error {
  constructor(
    message: string,
    readonly holder?: StoredIdentity,
  ) {
    super(message);
  }
}

export type StoredIdentity = Pick<
  Issue,
  "id" | "slug" | "sourceUrl" | "sourcePath" | "contentHash" | "revision" | "number" | "withdrawnAt" | "isSample"
>;

/** What storing a document would do, and under which slug. */
export type Plan<T extends StoredIdentity = StoredIdentity> = {
  status: Exclude<IngestStatus, "failed">;
  slug: string;
  existing?: T;
};

const isUrl = (value: string) => /^https?:\/\//i.test(value);

/** The same file (or feed URL), however its path was spelled on the command line. */
function sameSource(stored: string | null, incoming: string): boolean {
  // Rows from before source paths were recorded: nothing to tell them apart by.
  if (stored == null || stored === incoming) return true;
  if (isUrl(stored) || isUrl(incoming)) return false;
  return path.resolve(stored) === path.resolve(incoming);
}

/**
 * A stored issue's file that is no longer where it was read from: the author moved or renamed
 * it, so a file now claiming its slug is that issue, not another one.
 */
function moved(stored: string | null): boolean {
  return stored != null && !isUrl(stored) && !fs.existsSync(path.resolve(stored));
}

/** The slugs a document may take, in order of preference: its own, then its numbered fallback. */
export function slugCandidates(doc: NormalisedIssue): string[] {
  return doc.numberedSlug && doc.numberedSlug !== doc.slug ? [doc.slug, doc.numberedSlug] : [doc.slug];
}

function conflict(slug: string, holder: StoredIdentity): SlugConflictError {
  return new SlugConflictError(
    `slug "${slug}" is already taken by ${holder.sourceUrl ?? holder.sourcePath ?? `issue ${holder.id}`} (give this issue its own slug or url in its frontmatter)`,
    holder,
  );
}

/**
 * Which stored row, if any, is the document's issue when it takes `slug`.
 *
 * The rule: an issue is identified by its source URL, else its slug. A stored
 * issue that has a source URL is that URL's, and only a document with the same
 * URL is it. A stored issue without one is identified by its slug: a document
 * taking that slug is it when it comes from the same file (an edited file
 * re-ingested is an update), or when it is an item of an export, book or feed
 * (their slugs are the platform's, and next month's export has another file
 * name), or when the stored issue's file is gone from where it was read (the
 * author moved or renamed it). A different file claiming the slug while the
 * first is still there — a copied frontmatter `slug:`, two notes with one
 * title — is refused rather than silently replacing the stored issue.
 */
function matchExisting<T extends StoredIdentity>(rows: T[], doc: NormalisedIssue, slug: string): T | undefined {
  const byUrl = doc.sourceUrl ? rows.find((r) => r.sourceUrl === doc.sourceUrl) : undefined;
  const bySlug = rows.find((r) => r.slug === slug);
  if (!bySlug || bySlug.id === byUrl?.id) return byUrl ?? bySlug;
  // The slug is held by a row that isn't this URL's issue.
  if (byUrl || bySlug.sourceUrl) throw conflict(slug, bySlug);
  // A URL-less stored issue (which, if the document has a URL, takes it on).
  if (!doc.fromCollection && !sameSource(bySlug.sourcePath, doc.sourcePath) && !moved(bySlug.sourcePath))
    throw conflict(slug, bySlug);
  return bySlug;
}

/**
 * The slug the document takes and the stored issue it is, trying its slug
 * candidates in order (skipping those `usable` rejects, e.g. claimed earlier
 * in the run). A candidate that is already this issue's slug wins, so a stored
 * issue keeps its slug; else the first one free of other issues.
 */
function resolvePlan<T extends StoredIdentity>(
  rows: T[],
  doc: NormalisedIssue,
  usable: (slug: string) => boolean = () => true,
): Plan<T> {
  let fallback: { slug: string; existing?: T } | undefined;
  let firstConflict: SlugConflictError | undefined;
  for (const slug of slugCandidates(doc).filter(usable)) {
    try {
      const existing = matchExisting(rows, doc, slug);
      if (existing && existing.slug === slug) return planFor(slug, existing, doc);
      fallback ??= { slug, existing };
    } catch (err) {
      if (!(err instanceof SlugConflictError)) throw err;
      // The holder is this very number (a copy of the file): the numbered slug would make a duplicate.
      if (slug === doc.slug && err.holder && err.holder.number === doc.number) throw err;
      firstConflict ??= err;
    }
  }
  if (fallback) return planFor(fallback.slug, fallback.existing, doc);
  throw firstConflict ?? new SlugConflictError(`no free slug for "${doc.slug}"`);
}

function planFor<T extends StoredIdentity>(slug: string, existing: T | undefined, doc: NormalisedIssue): Plan<T> {
  if (!existing) return { status: "new", slug };
  return { status: existing.contentHash === doc.contentHash ? "unchanged" : "updated", slug, existing };
}

async function findExisting(tx: Pick<Db, "select">, doc: NormalisedIssue): Promise<Plan<Issue>> {
  const slugs = slugCandidates(doc);
  const rows = await tx
    .select()
    .from(issues)
    .where(
      doc.sourceUrl
        ? or(eq(issues.sourceUrl, doc.sourceUrl), inArray(issues.slug, slugs))
        : inArray(issues.slug, slugs),
    );
  return resolvePlan(rows, doc);
}

/**
 * What storing the document would do, judged from a prefetched batch
 * (findStoredIdentities): lets dry runs and unchanged issues skip a query each.
 * `usable` rules out slugs already claimed by other issues of this run.
 */
export function planFromStored(
  stored: Map<string, StoredIdentity>,
  doc: NormalisedIssue,
  usable?: (slug: string) => boolean,
): Plan {
  const keys = [...(doc.sourceUrl ? [doc.sourceUrl] : []), ...slugCandidates(doc)];
  const rows = [...new Set(keys.map((k) => stored.get(k)).filter((r): r is StoredIdentity => !!r))];
  return resolvePlan(rows, doc, usable);
}

/**
 * What is stored for a batch of documents, keyed by source URL and by slug, in
 * a few queries: lets a re-run skip unchanged issues without a transaction each.
 */
export async function findStoredIdentities(db: Db, docs: NormalisedIssue[]): Promise<Map<string, StoredIdentity>> {
  const found = new Map<string, StoredIdentity>();
  const CHUNK = 1000;
  for (let i = 0; i < docs.length; i += CHUNK) {
    const chunk = docs.slice(i, i + CHUNK);
    const slugs = chunk.flatMap(slugCandidates);
    const urls = chunk.flatMap((d) => (d.sourceUrl ? [d.sourceUrl] : []));
    const rows = await db
      .select({
        id: issues.id,
        slug: issues.slug,
        sourceUrl: issues.sourceUrl,
        sourcePath: issues.sourcePath,
        contentHash: issues.contentHash,
        revision: issues.revision,
        number: issues.number,
        withdrawnAt: issues.withdrawnAt,
        isSample: issues.isSample,
      })
      .from(issues)
      .where(
        urls.length ? or(inArray(issues.slug, slugs), inArray(issues.sourceUrl, urls)) : inArray(issues.slug, slugs),
      );
    for (const row of rows) {
      found.set(row.slug, row);
      if (row.sourceUrl) found.set(row.sourceUrl, row);
    }
  }
  return found;
}

export async function planIssue(db: Db, doc: NormalisedIssue): Promise<Exclude<IngestStatus, "failed">> {
  return (await findExisting(db, doc)).status;
}

/** The columns written for a document under the slug it takes. */
function columns(doc: NormalisedIssue, slug: string) {
  const { numberedSlug: _numberedSlug, fromCollection: _fromCollection, ...rest } = doc;
  return { ...rest, slug };
}

/** A date the author set (`npm run issues -- set-date`) outlives re-ingesting the issue's source. */
function authorDate(existing: Issue | undefined): Partial<Pick<Issue, "publishedAt" | "datePrecision">> {
  return existing?.dateSetByAuthor ? { publishedAt: existing.publishedAt, datePrecision: existing.datePrecision } : {};
}

/** Later stages (concepts, search) run only after this has committed. */
export async function storeIssue(db: Db, doc: NormalisedIssue): Promise<StoreResult> {
  return db.transaction(async (tx) => {
    // Serialise writers of the same identity (e.g. two ingest runs at once). And don't wait
    // for this commit to reach disk: the transaction stays atomic, and if the server itself
    // crashes, the last few issues are simply missing and the next run writes them again.
    await tx.execute(
      sql`select set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(hashtext(${doc.sourceUrl ?? doc.slug}))`,
    );
    const { status, slug, existing } = await findExisting(tx, doc);
    // A withdrawn issue stays as the author left it until they restore it.
    if (existing && (status === "unchanged" || existing.withdrawnAt)) {
      return { status: "unchanged", issue: existing };
    }
    const revision = existing ? existing.revision + 1 : 1;
    const values = { ...columns(doc, slug), ...authorDate(existing), revision, updatedAt: new Date() };
    const [row] = existing
      ? await tx.update(issues).set(values).where(eq(issues.id, existing.id)).returning()
      : await tx.insert(issues).values(values).returning();
    if (!row) throw new Error(`could not write issue ${doc.slug}`);
    await tx.insert(issueRevisions).values({
      issueId: row.id,
      revision,
      title: doc.title,
      html: doc.html,
      text: doc.text,
      blocks: doc.blocks,
      contentHash: doc.contentHash,
    });
    return { status: existing ? "updated" : "new", issue: row };
  });
}

/**
 * Rewrite the revision this run just wrote, in place: used when a block is
 * recognised as boilerplate only after some of a group's issues were stored.
 * That text existed for seconds, so it is replaced rather than kept as history.
 * The slug stays the one chosen when it was stored.
 * Returns false when the issue moved on (another writer) and nothing was changed.
 */
export async function amendIssue(db: Db, issueId: number, revision: number, doc: NormalisedIssue): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { slug: _slug, publishedAt, datePrecision, ...rest } = columns(doc, doc.slug);
    const [row] = await tx
      .update(issues)
      .set({
        ...rest,
        // The author's date, if they set one, stays.
        publishedAt: sql`case when ${issues.dateSetByAuthor} then ${issues.publishedAt} else ${publishedAt}::timestamptz end`,
        datePrecision: sql`case when ${issues.dateSetByAuthor} then ${issues.datePrecision} else ${datePrecision} end`,
        updatedAt: new Date(),
      })
      .where(sql`${issues.id} = ${issueId} and ${issues.revision} = ${revision}`)
      .returning({ id: issues.id });
    if (!row) return false;
    await tx
      .update(issueRevisions)
      .set({ title: doc.title, html: doc.html, text: doc.text, blocks: doc.blocks, contentHash: doc.contentHash })
      .where(sql`${issueRevisions.issueId} = ${issueId} and ${issueRevisions.revision} = ${revision}`);
    return true;
  });
}
