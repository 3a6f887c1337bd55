/**
 * Writing one normalised issue, in its own transaction. An issue is identified
 * by its source URL, else its slug. Unchanged content writes nothing; changed
 * content becomes a new revision and the earlier text stays in issue_revisions.
 */
import { eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { issueRevisions, issues, type Issue } from "@/db/schema";
import type { IngestStatus, NormalisedIssue } from "./types";

export type StoreResult = { status: Exclude<IngestStatus, "failed">; issue: Pick<Issue, "id" | "slug" | "revision"> };

/** Thrown when an issue would take a slug that another issue (another source) already has. */
export class SlugConflictError extends Error {}

export type StoredIdentity = Pick<Issue, "id" | "slug" | "sourceUrl" | "sourcePath" | "contentHash" | "revision">;

/** Which of these stored rows is the document's issue; a slug taken by another issue is an error. */
function matchExisting<T extends StoredIdentity>(rows: T[], doc: NormalisedIssue): T | undefined {
  // Prefer the match on source URL: it is the stronger identity.
  const byUrl = doc.sourceUrl ? rows.find((r) => r.sourceUrl === doc.sourceUrl) : undefined;
  const bySlug = rows.find((r) => r.slug === doc.slug);
  if (byUrl && bySlug && byUrl.id !== bySlug.id) {
    throw new SlugConflictError(`slug "${doc.slug}" already belongs to another issue (${bySlug.sourceUrl ?? bySlug.sourcePath})`);
  }
  const found = byUrl ?? bySlug;
  if (found && doc.sourceUrl && found.sourceUrl && found.sourceUrl !== doc.sourceUrl) {
    throw new SlugConflictError(`slug "${doc.slug}" already belongs to another issue (${found.sourceUrl})`);
  }
  return found;
}

async function findExisting(tx: Pick<Db, "select">, doc: NormalisedIssue): Promise<Issue | undefined> {
  const rows = await tx
    .select()
    .from(issues)
    .where(doc.sourceUrl ? or(eq(issues.sourceUrl, doc.sourceUrl), eq(issues.slug, doc.slug)) : eq(issues.slug, doc.slug));
  return matchExisting(rows, doc);
}

/**
 * What storing the document would do, judged from a prefetched batch
 * (findStoredIdentities): lets dry runs and unchanged issues skip a query each.
 */
export function planFromStored(stored: Map<string, StoredIdentity>, doc: NormalisedIssue): { status: Exclude<IngestStatus, "failed">; existing?: StoredIdentity } {
  const rows = [doc.sourceUrl ? stored.get(doc.sourceUrl) : undefined, stored.get(doc.slug)].filter((r): r is StoredIdentity => !!r);
  const existing = matchExisting(rows, doc);
  if (!existing) return { status: "new" };
  return { status: existing.contentHash === doc.contentHash ? "unchanged" : "updated", existing };
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
    const slugs = chunk.map((d) => d.slug);
    const urls = chunk.flatMap((d) => (d.sourceUrl ? [d.sourceUrl] : []));
    const rows = await db
      .select({
        id: issues.id,
        slug: issues.slug,
        sourceUrl: issues.sourceUrl,
        sourcePath: issues.sourcePath,
        contentHash: issues.contentHash,
        revision: issues.revision,
      })
      .from(issues)
      .where(urls.length ? or(inArray(issues.slug, slugs), inArray(issues.sourceUrl, urls)) : inArray(issues.slug, slugs));
    for (const row of rows) {
      found.set(row.slug, row);
      if (row.sourceUrl) found.set(row.sourceUrl, row);
    }
  }
  return found;
}

export async function planIssue(db: Db, doc: NormalisedIssue): Promise<Exclude<IngestStatus, "failed">> {
  const existing = await findExisting(db, doc);
  if (!existing) return "new";
  return existing.contentHash === doc.contentHash ? "unchanged" : "updated";
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
    const existing = await findExisting(tx, doc);
    if (existing && existing.contentHash === doc.contentHash) {
      return { status: "unchanged", issue: existing };
    }
    const revision = existing ? existing.revision + 1 : 1;
    const values = { ...doc, revision, updatedAt: new Date() };
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
 * Returns false when the issue moved on (another writer) and nothing was changed.
 */
export async function amendIssue(db: Db, issueId: number, revision: number, doc: NormalisedIssue): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(issues)
      .set({ ...doc, updatedAt: new Date() })
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
