/**
 * Keeping each process's in-memory copy of the built-in index as current as
 * Postgres. Before answering, a search compares search_stats.generation with
 * the one its copy was built at — one primary-key read — and on a difference
 * reads only the rows written since (plus the list of row ids, to drop deleted
 * ones), in one statement, so it sees a consistent snapshot. So an ingest run
 * in another process (or a concept hidden by the author) is visible to the
 * very next search, and a reader never waits for more than the changed
 * documents to be analysed. Cascaded deletes and concept visibility raise the
 * generation by trigger; every other write raises it itself
 * (lib/search/builtin-writer.ts).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rows, type Executor } from "@/db/rows";
import { conceptUrl } from "@/lib/concepts/queries";
import { issueUrl } from "@/lib/issues/json";
import { MemoryIndex, type ConceptState, type StoredDocument } from "./memory-index";
import type { RankingParams } from "./postings";

type LoadRow = {
  current: number;
  id: number | null;
  generation: number | null;
  kind: "issue" | "concept" | null;
  issue_id: number | null;
  concept_id: number | null;
  hidden: boolean | null;
  score: number | null;
  mentions: number | null;
  // Only for rows written since the copy's generation:
  key: string | null;
  slug: string | null;
  title: string | null;
  year: number | null;
  published_at: string | null;
  number: number | null;
  series: string | null;
  concepts: string[] | null;
  concept_names: string[] | null;
  headings: string[] | null;
  body: string | null;
};

/** search_stats.generation: raised by every write to the index (lib/search/builtin-writer.ts). */
export async function readGeneration(db: Executor): Promise<number> {
  const [row] = await rows<{ generation: number }>(
    db,
    sql`select generation::float8 as generation from search_stats where id = 1`,
  );
  return row?.generation ?? 0;
}

/** One statement (one snapshot): the generation, every row's id, concept states, and the rows newer than `since`. */
async function loadChanges(db: Executor, since: number): Promise<LoadRow[]> {
  const fresh = sql`d.generation > ${since}`;
  return rows<LoadRow>(
    db,
    sql`
    select s.generation::float8 as current, d.id, d.generation::float8 as generation, d.kind, d.issue_id, d.concept_id,
      c.hidden, c.score, c.mention_count as mentions,
      case when ${fresh} then d.key end as key,
      case when ${fresh} then d.slug end as slug,
      case when ${fresh} then d.title end as title,
      case when ${fresh} then d.year end as year,
      case when ${fresh} then d.published_at end as published_at,
      case when ${fresh} then d.number end as number,
      case when ${fresh} then d.series end as series,
      case when ${fresh} then d.concepts end as concepts,
      case when ${fresh} then d.concept_names end as concept_names,
      case when ${fresh} then d.headings end as headings,
      case when ${fresh} then d.body end as body
    from search_stats s
    left join search_documents d on true
    left join concepts c on c.id = d.concept_id
    where s.id = 1
    order by d.id`,
  );
}

function toStored(r: LoadRow): StoredDocument {
  const kind = r.kind!;
  const slug = r.slug!;
  const body = r.body ?? "";
  const aliases = r.concept_names ?? [];
  return {
    rowId: r.id!,
    generation: r.generation!,
    key: r.key!,
    kind,
    refId: (kind === "issue" ? r.issue_id : r.concept_id)!,
    slug,
    title: r.title!,
    url: kind === "issue" ? issueUrl(slug) : conceptUrl(slug),
    number: r.number,
    series: r.series,
    year: r.year,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
    concepts: r.concepts ?? [],
    conceptNames: aliases,
    headings: r.headings ?? [],
    body,
    snippetText: kind === "issue" ? body : [body, aliases.join(", ")].filter(Boolean).join(" — "),
  };
}

type Cache = { index: MemoryIndex; refreshing: Promise<void> | null; checking: Promise<number> | null };

// Per database client, on globalThis so Next's dev-mode reloads keep the copy.
const holder = globalThis as unknown as { __concordanceSearchIndexes?: WeakMap<object, Map<string, Cache>> };
const caches = (holder.__concordanceSearchIndexes ??= new WeakMap());

function cacheFor(db: Db, params: RankingParams): Cache {
  let byParams = caches.get(db);
  if (!byParams) caches.set(db, (byParams = new Map()));
  const key = JSON.stringify(params);
  let cache = byParams.get(key);
  if (!cache) byParams.set(key, (cache = { index: new MemoryIndex(params), refreshing: null, checking: null }));
  return cache;
}

async function refresh(db: Db, cache: Cache): Promise<void> {
  const index = cache.index;
  const loaded = await loadChanges(db, index.generation);
  const ids = new Set<number>();
  const concepts = new Map<number, ConceptState>();
  for (const r of loaded) {
    if (r.id === null) continue;
    ids.add(r.id);
    if (r.kind === "concept" && r.concept_id !== null) {
      concepts.set(r.concept_id, { hidden: r.hidden ?? true, score: r.score ?? 0, mentions: r.mentions ?? 0 });
    }
    if (r.key !== null && !index.has(r.id, r.generation!)) index.put(toStored(r));
  }
  index.retain(ids);
  index.concepts = concepts;
  index.build();
  index.generation = loaded[0]?.current ?? 0;
}

/**
 * Lookups started in the same turn (a search and its named-concept lookup)
 * share one read of the generation; a lookup started later reads again, so it
 * sees every write committed before it began.
 */
function checkGeneration(db: Db, cache: Cache): Promise<number> {
  if (!cache.checking) {
    const checking = readGeneration(db);
    cache.checking = checking;
    queueMicrotask(() => {
      if (cache.checking === checking) cache.checking = null;
    });
  }
  return cache.checking;
}

const NOT_RUN = Symbol("not run");

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `read` run on this process's copy of the index as current as Postgres's.
 * While Postgres answers the generation check, `read` already runs on the copy
 * held; that answer is kept when the copy turns out current (the usual case),
 * so the check costs no more than the longer of the two.
 */
export async function withCurrentIndex<T>(db: Db, params: RankingParams, read: (index: MemoryIndex) => T): Promise<T> {
  const cache = cacheFor(db, params);
  while (cache.refreshing) await cache.refreshing;
  const check = checkGeneration(db, cache);
  // postgres.js sends a query on a later turn of the event loop (setImmediate, scheduled once the
  // query reaches it, which may be a turn after this one): let it go out before `read` takes the
  // CPU, so Postgres answers while the index is read instead of after.
  await nextTurn();
  await nextTurn();
  const held = cache.index;
  const heldGeneration = held.generation;
  const early: T | typeof NOT_RUN = heldGeneration >= 0 ? read(held) : NOT_RUN;
  const generation = await check;
  if (early !== NOT_RUN && generation === heldGeneration && cache.index.generation === heldGeneration) return early;
  if (generation !== cache.index.generation) {
    cache.refreshing ??= refresh(db, cache).finally(() => {
      cache.refreshing = null;
    });
    await cache.refreshing;
  }
  return read(cache.index);
}
