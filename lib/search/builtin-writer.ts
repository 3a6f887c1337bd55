/**
 * The built-in engine's writes: its documents are rows of search_documents,
 * the copy every server reads its in-memory index from. Each write raises
 * search_stats.generation in the same transaction — the number a reader
 * compares to know its copy is stale (lib/search/builtin-cache.ts) — and
 * taking that row's lock serialises writers, so generations follow commit
 * order. Batches written in one transaction share one generation, and a run
 * killed halfway leaves the index as it was.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rows, type Executor } from "@/db/rows";
import type { SearchDocument } from "./engine";

/** Keeps one document's text bounded (a pasted book would otherwise dominate memory and time). */
const MAX_BODY_CHARS = 400_000;

/** Raise the generation (taking the row lock that serialises writers) and return it. */
async function nextGeneration(tx: Executor): Promise<number> {
  const [row] = await rows<{ generation: number }>(
    tx,
    sql`
    insert into search_stats as s (id, generation) values (1, 1)
    on conflict (id) do update set generation = s.generation + 1
    returning s.generation::float8 as generation`,
  );
  return row!.generation;
}

async function writeDocuments(tx: Executor, documents: SearchDocument[], generation: number): Promise<void> {
  for (let i = 0; i < documents.length; i += 100) {
    const input = JSON.stringify(
      documents.slice(i, i + 100).map((doc) => ({
        key: doc.id,
        kind: doc.kind,
        issue_id: doc.kind === "issue" ? doc.refId : null,
        concept_id: doc.kind === "concept" ? doc.refId : null,
        slug: doc.slug,
        title: doc.title,
        year: doc.year,
        published_at: doc.publishedAt?.toISOString() ?? null,
        number: doc.number,
        series: doc.series,
        concepts: doc.conceptSlugs,
        concept_names: doc.conceptNames,
        headings: doc.headings,
        body: doc.body.slice(0, MAX_BODY_CHARS),
        source_hash: doc.sourceHash,
      })),
    );
    await tx.execute(sql`
      insert into search_documents as d
        (key, kind, issue_id, concept_id, slug, title, year, published_at, number, series, concepts, concept_names, headings, body,
         source_hash, generation, updated_at)
      select key, kind, issue_id, concept_id, slug, title, year, published_at, number, series,
        coalesce(concepts, '{}'), coalesce(concept_names, '{}'), coalesce(headings, '{}'), coalesce(body, ''),
        source_hash, ${generation}, now()
      from jsonb_to_recordset(${input}::jsonb) as x(
        key text, kind text, issue_id int, concept_id int, slug text, title text, year int, published_at timestamptz,
        number int, series text, concepts text[], concept_names text[], headings text[], body text, source_hash text)
      on conflict (key) do update set
        kind = excluded.kind, issue_id = excluded.issue_id, concept_id = excluded.concept_id, slug = excluded.slug,
        title = excluded.title, year = excluded.year, published_at = excluded.published_at, number = excluded.number,
        series = excluded.series, concepts = excluded.concepts, concept_names = excluded.concept_names,
        headings = excluded.headings, body = excluded.body, source_hash = excluded.source_hash,
        generation = excluded.generation, updated_at = now()`);
  }
}

async function deleteDocuments(tx: Executor, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.execute(
    sql`delete from search_documents where key in (select value from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`,
  );
}

/** Add or replace documents. */
export async function upsertDocuments(db: Db, documents: SearchDocument[]): Promise<void> {
  if (documents.length === 0) return;
  await db.transaction(async (tx) => writeDocuments(tx, documents, await nextGeneration(tx)));
}

/** Add or replace many documents (batches, read as they are written) in one transaction. */
export async function upsertDocumentBatches(db: Db, batches: AsyncIterable<SearchDocument[]>): Promise<void> {
  await db.transaction(async (tx) => {
    const generation = await nextGeneration(tx);
    for await (const batch of batches) await writeDocuments(tx, batch, generation);
  });
}

export async function removeDocuments(db: Db, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.transaction(async (tx) => {
    await nextGeneration(tx);
    await deleteDocuments(tx, keys);
  });
}

/** Replace every document; readers keep the old ones until the new set is complete. */
export async function replaceAllDocuments(db: Db, batches: AsyncIterable<SearchDocument[]>): Promise<void> {
  await db.transaction(async (tx) => {
    const generation = await nextGeneration(tx);
    await tx.execute(sql`delete from search_documents`);
    for await (const batch of batches) await writeDocuments(tx, batch, generation);
  });
}

/** Keys of every stored document (to reconcile another engine with the built-in one). */
export async function listIndexedKeys(db: Db): Promise<Set<string>> {
  const found = await rows<{ key: string }>(db, sql`select key from search_documents`);
  return new Set(found.map((r) => r.key));
}
