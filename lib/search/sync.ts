/**
 * Keeping the search indexes in step with Postgres: the derived stage (catch up
 * on whatever is stale, however it got stale) and the full rebuild behind
 * `npm run reindex` (the same stage, asked to rebuild).
 *
 * Freshness markers: `issues.search_hash` = content_hash once the built-in
 * index holds the issue; `search_documents.source_hash` says what each built-in
 * document was built from; `search_documents.meili_hash` = the source_hash last
 * sent to Meilisearch, prefixed with the document format it was sent in
 * (`<MEILI_DOCUMENT_FORMAT>:<source_hash>`, so a new format resends everything). Comparing them finds all outstanding work, so a run that
 * was killed (or found Meilisearch down) is finished by the next one.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rows } from "@/db/rows";
import type { RunChanges, StageProgress, StageRun } from "@/lib/ingest/stage-types";
import { documentId, SearchUnavailableError, type SearchDocument } from "./engine";
import {
  findStaleDocuments,
  loadAllDocuments,
  loadConceptDocuments,
  loadIssueDocuments,
  markIssuesIndexed,
} from "./documents";
import { getEngines } from "./index";
import type { MeiliEngine } from "./meilisearch";
import { listIndexedKeys } from "./builtin-writer";
import { MEILI_DOCUMENT_FORMAT } from "./meili-settings";

type Report = (message: string) => void;

const BATCH = 100;

/** Documents changed in one run from which they are written in one transaction (one generation). */
const BULK_AFTER = 200;

async function* staleBatches(
  db: Db,
  issueIds: number[],
  conceptIds: number[],
  progress: StageProgress,
): AsyncGenerator<SearchDocument[]> {
  const total = issueIds.length + conceptIds.length;
  for (let i = 0; i < issueIds.length; i += BATCH) {
    progress("indexing documents", i, total);
    yield loadIssueDocuments(db, issueIds.slice(i, i + BATCH));
  }
  for (let i = 0; i < conceptIds.length; i += BATCH) {
    progress("indexing documents", issueIds.length + i, total);
    yield loadConceptDocuments(db, conceptIds.slice(i, i + BATCH));
  }
  progress("indexing documents", total, total);
}

/** What `meili_hash` holds before the source hash: the format the document was sent in. */
const SENT_PREFIX = `${MEILI_DOCUMENT_FORMAT}:`;

async function markSentToMeili(db: Db, documents: SearchDocument[]): Promise<void> {
  if (documents.length === 0) return;
  const sent = JSON.stringify(documents.map((d) => ({ key: d.id, hash: d.sourceHash })));
  await db.execute(sql`
    update search_documents d set meili_hash = ${SENT_PREFIX} || x.hash
    from jsonb_to_recordset(${sent}::jsonb) as x(key text, hash text)
    where d.key = x.key`);
}

/** Bring Meilisearch in line with the built-in index: settings, removals, then every changed document. */
async function syncMeili(db: Db, meili: MeiliEngine, changes: RunChanges, report: Report): Promise<void> {
  const concepts = await rows<{ name: string; aliases: string[] }>(
    db,
    sql`select name, aliases from concepts where not hidden`,
  );
  const { created, documents } = await meili.applySettings(concepts);
  const [{ sent } = { sent: 0 }] = await rows<{ sent: number }>(
    db,
    sql`select count(*)::int as sent from search_documents where meili_hash is not null`,
  );
  if (created || documents < sent) {
    // A new index, or one that lost documents: resend everything rather than trust the markers.
    await db.execute(sql`update search_documents set meili_hash = null`);
  }

  const keep = await listIndexedKeys(db);
  // Deleted issues by name; anything else Meilisearch holds that the built-in index doesn't
  // (left by a run that failed to remove it) by comparison.
  const gone = new Set(changes.deleted.map((d) => documentId("issue", d.id)));
  for (const id of await meili.listIds()) if (!keep.has(id)) gone.add(id);
  await meili.remove([...gone]);

  const stale = await rows<{ issue_id: number | null; concept_id: number | null }>(
    db,
    sql`select issue_id, concept_id from search_documents where meili_hash is distinct from ${SENT_PREFIX} || source_hash order by id`,
  );
  const issueIds = stale.flatMap((r) => (r.issue_id === null ? [] : [r.issue_id]));
  const conceptIds = stale.flatMap((r) => (r.concept_id === null ? [] : [r.concept_id]));
  for (let i = 0; i < issueIds.length; i += BATCH) {
    const docs = await loadIssueDocuments(db, issueIds.slice(i, i + BATCH));
    await meili.upsert(docs);
    await markSentToMeili(db, docs);
  }
  const conceptDocs = await loadConceptDocuments(db, conceptIds);
  await meili.upsert(conceptDocs);
  await markSentToMeili(db, conceptDocs);
  if (gone.size + stale.length > 0) report(`Meilisearch: ${stale.length} sent, ${gone.size} removed`);
}

/** Catch up: index what changed (and anything left over from an earlier run). */
export async function syncSearchIndex(
  db: Db,
  changes: RunChanges,
  report: Report,
  progress: StageProgress = () => {},
  scope?: number[],
): Promise<void> {
  const { builtIn, meili } = getEngines(db);
  // Deleted issues took their documents with them (on delete cascade).
  const stale = await findStaleDocuments(db, scope);
  await builtIn.remove(stale.removeKeys);
  const touched = stale.issueIds.length + stale.conceptIds.length + stale.removeKeys.length;
  if (touched >= BULK_AFTER) {
    // Many documents (a first run, a big import): one transaction.
    await builtIn.upsertMany(staleBatches(db, stale.issueIds, stale.conceptIds, progress));
    for (let i = 0; i < stale.issueIds.length; i += 1000)
      await markIssuesIndexed(db, stale.issueIds.slice(i, i + 1000));
  } else {
    // A few documents: batch by batch, each issue marked as soon as it is indexed.
    const total = stale.issueIds.length + stale.conceptIds.length;
    for (let i = 0; i < stale.issueIds.length; i += BATCH) {
      progress("indexing documents", i, total);
      const ids = stale.issueIds.slice(i, i + BATCH);
      await builtIn.upsert(await loadIssueDocuments(db, ids));
      await markIssuesIndexed(db, ids);
    }
    for (let i = 0; i < stale.conceptIds.length; i += BATCH) {
      progress("indexing documents", stale.issueIds.length + i, total);
      await builtIn.upsert(await loadConceptDocuments(db, stale.conceptIds.slice(i, i + BATCH)));
    }
    if (total > 0) progress("indexing documents", total, total);
  }
  if (touched > 0) {
    report(
      `indexed ${stale.issueIds.length} issues and ${stale.conceptIds.length} concepts, removed ${stale.removeKeys.length}`,
    );
  }

  if (!meili) return;
  try {
    await syncMeili(db, meili, changes, report);
  } catch (err) {
    if (!(err instanceof SearchUnavailableError)) throw err;
    // Postgres has everything; the markers make the next run send what Meilisearch missed.
    report(`${err.message}; it will be brought up to date on the next run (or \`npm run reindex\`)`);
  }
}

/** The derived stage (lib/ingest/stages.ts): catch up, or rebuild when asked (`npm run reindex`). */
export async function runSearchStage(db: Db, { changes, rebuild, report, progress, scope }: StageRun): Promise<void> {
  if (rebuild.search) await rebuildSearchIndex(db, report);
  else await syncSearchIndex(db, changes, report, progress, scope);
}

/** `npm run reindex`: rebuild every index from Postgres, each swapped in whole when complete. */
export async function rebuildSearchIndex(db: Db, report: Report): Promise<void> {
  const { builtIn, meili } = getEngines(db);
  let started = performance.now();
  await builtIn.rebuild(loadAllDocuments(db));
  const issueIds = (
    await rows<{ id: number }>(db, sql`select id from issues where withdrawn_at is null order by id`)
  ).map((r) => r.id);
  for (let i = 0; i < issueIds.length; i += 1000) await markIssuesIndexed(db, issueIds.slice(i, i + 1000));
  const [counts] = await rows<{ issues: number; concepts: number }>(
    db,
    sql`select count(*) filter (where kind = 'issue')::int as issues, count(*) filter (where kind = 'concept')::int as concepts from search_documents`,
  );
  report(
    `built-in index: ${counts?.issues ?? 0} issues and ${counts?.concepts ?? 0} concepts in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  if (!meili) return;
  started = performance.now();
  await meili.rebuild(loadAllDocuments(db));
  await db.execute(sql`update search_documents set meili_hash = ${SENT_PREFIX} || source_hash`);
  report(`Meilisearch index rebuilt and swapped in, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
