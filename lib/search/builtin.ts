/**
 * The built-in search engine: documents stored in Postgres (search_documents,
 * the source every server reads), analysed into an index held in this
 * process's memory (lib/search/memory-index.ts) and ranked there
 * (lib/search/ranking.ts). No other server, no index file.
 *
 * Keeping each process's copy current: every write to search_documents raises
 * search_stats.generation in the same transaction (by the writer, or by a
 * trigger for cascaded deletes and concept visibility). Before answering, a
 * search compares that number with the one its copy was built at — one
 * primary-key read — and on a difference reads only the rows written since
 * (plus the list of row ids, to drop deleted ones), in one statement, so it
 * sees a consistent snapshot. So an ingest run in another process (or a
 * concept hidden by the author) is visible to the very next search, and a
 * reader never waits for more than the changed documents to be analysed.
 * Writers are serialised by that same row, so generations follow commit order.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { issueUrl } from "@/lib/issues/json";
import { issueLabel } from "@/lib/ui/format";
import { phraseKey, tokenize } from "./analyze";
import { UNDATED, type EngineResult, type SearchDocument, type SearchEngine, type SearchFacets, type SearchHit, type SearchRequest } from "./engine";
import { DEFAULT_RANKING, MemoryIndex, type ConceptState, type RankingParams, type StoredDocument } from "./memory-index";
import {
  DEFAULT_PROXIMITY,
  findByNumber,
  parseNumberLookup,
  planQuery,
  proximityScore,
  scoreDocuments,
  topK,
  typoFixes,
  CONCEPT_WEIGHT,
  type ProximityParams,
} from "./ranking";
import { buildSnippet, highlightAll, parseQuery } from "./text";

/** Anything that runs SQL: the database or a transaction. */
type Executor = Pick<Db, "execute">;

async function rows<T>(db: Executor, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

export function conceptUrl(slug: string): string {
  return `/concepts/${encodeURIComponent(slug)}`;
}

// ─── Writing ────────────────────────────────────────────────────────────────

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
  await tx.execute(sql`delete from search_documents where key in (select value from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`);
}

// ─── Reading into memory ────────────────────────────────────────────────────

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

async function readGeneration(db: Executor): Promise<number> {
  const [row] = await rows<{ generation: number }>(db, sql`select generation::float8 as generation from search_stats where id = 1`);
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

/**
 * `read` run on this process's copy of the index as current as Postgres's.
 * While Postgres answers the generation check, `read` already runs on the copy
 * held; that answer is kept when the copy turns out current (the usual case),
 * so the check costs no time of its own.
 */
async function withCurrentIndex<T>(db: Db, params: RankingParams, read: (index: MemoryIndex) => T): Promise<T> {
  const cache = cacheFor(db, params);
  while (cache.refreshing) await cache.refreshing;
  const check = checkGeneration(db, cache);
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

// ─── Searching ──────────────────────────────────────────────────────────────

const EMPTY: EngineResult = { total: 0, hits: [], facets: { kind: [], year: [], concept: [] } };
const FACET_CONCEPTS = 12;

export function facetsOf(index: MemoryIndex, slots: Int32Array, extra: number[]): SearchFacets {
  let concepts = 0;
  const yearCounts = new Int32Array(index.yearValues.length);
  const counts = new Int32Array(index.facetSlugs.length);
  const { isConcept, yearOf, docFacets } = index;
  let undated = 0;
  const count = (slot: number) => {
    concepts += isConcept[slot]!;
    const y = yearOf[slot]!;
    if (y >= 0) yearCounts[y]!++;
    else if (!isConcept[slot]) undated++;
    const facets = docFacets[slot]!;
    for (let i = 0; i < facets.length; i++) counts[facets[i]!]!++;
  };
  for (let i = 0; i < slots.length; i++) count(slots[i]!);
  for (const slot of extra) count(slot);
  const issues = slots.length + extra.length - concepts;
  const years: [number, number][] = [];
  yearCounts.forEach((c, y) => {
    if (c > 0) years.push([index.yearValues[y]!, c]);
  });
  // The most frequent concepts (ties: by slug), kept in one pass: an archive has thousands.
  const slugs = index.facetSlugs;
  const before = (a: number, b: number) => counts[a]! > counts[b]! || (counts[a] === counts[b] && slugs[a]! < slugs[b]!);
  const top: number[] = [];
  for (let id = 0; id < counts.length; id++) {
    if (counts[id] === 0) continue;
    if (top.length === FACET_CONCEPTS && !before(id, top[FACET_CONCEPTS - 1]!)) continue;
    let at = Math.min(top.length, FACET_CONCEPTS - 1);
    if (top.length < FACET_CONCEPTS) top.push(id);
    while (at > 0 && before(id, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = id;
  }
  const labelled = top
    .flatMap((id) => {
      const slot = index.conceptBySlug.get(slugs[id]!);
      return slot !== undefined && index.isVisible(slot) ? [{ value: slugs[id]!, label: index.docs[slot]!.title, count: counts[id]! }] : [];
    })
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const kind: SearchFacets["kind"] = [];
  if (issues > 0) kind.push({ value: "issue", count: issues });
  if (concepts > 0) kind.push({ value: "concept", count: concepts });
  return {
    kind,
    // Newest first; undated issues last, as their own value.
    year: [
      ...[...years].map(([value, count]) => ({ value, count })).sort((a, b) => b.value - a.value),
      ...(undated > 0 ? [{ value: UNDATED, count: undated }] : []),
    ],
    concept: labelled,
  };
}

function toHit(index: MemoryIndex, slot: number, score: number, words: Set<string>): SearchHit {
  const d = index.docs[slot]!;
  const label = d.kind === "issue" ? issueLabel(d) : undefined;
  return {
    kind: d.kind,
    slug: d.slug,
    title: d.title,
    url: d.url,
    snippet: d.kind === "issue" || d.snippetText ? buildSnippet(d.snippetText, words) : highlightAll(d.title, words),
    ...(d.number !== null ? { number: d.number } : {}),
    ...(d.series !== null ? { series: d.series } : {}),
    ...(label ? { label } : {}),
    ...(d.publishedAt ? { publishedAt: d.publishedAt } : {}),
    score: Math.round(score * 10_000) / 10_000,
  };
}

export type Ranking = { bm25: RankingParams; proximity: ProximityParams };
export const DEFAULT_RANKING_SETTINGS: Ranking = { bm25: DEFAULT_RANKING, proximity: DEFAULT_PROXIMITY };

export function searchIndex(index: MemoryIndex, request: SearchRequest, proximity: ProximityParams = DEFAULT_PROXIMITY): EngineResult {
  const mask = index.mask(request.kind, request.year, request.concept);
  const lookup = parseNumberLookup(request.q, index.seriesNames);
  const pinned = lookup ? findByNumber(index, lookup, mask) : [];
  const plan = planQuery(index, request.q);
  if (plan.words.length === 0 && pinned.length === 0) return EMPTY;

  const { slots, scores } = scoreDocuments(index, plan, mask);
  // The best candidates reranked with proximity; the rest (deep pages) in BM25 order after them.
  const head = topK(slots, scores, proximity.candidates);
  const final = new Map<number, number>();
  for (const slot of head) {
    const extra = proximityScore(index, slot, plan, proximity) * (index.docs[slot]!.kind === "concept" ? CONCEPT_WEIGHT : 1);
    final.set(slot, scores[slot]! + extra);
  }
  const ordered = [...head].sort((a, b) => final.get(b)! - final.get(a)! || a - b);
  const want = request.offset + request.limit + pinned.length;
  if (want > ordered.length && slots.length > ordered.length) {
    const inHead = new Set(head);
    const rest = Int32Array.from([...slots].filter((s) => !inHead.has(s)));
    for (const slot of topK(rest, scores, want - ordered.length)) {
      ordered.push(slot);
      final.set(slot, scores[slot]!);
    }
  }
  // An issue asked for by its number comes first.
  const isPinned = new Set(pinned);
  const top = ordered.length > 0 ? final.get(ordered[0]!)! : 0;
  pinned.forEach((slot, i) => final.set(slot, top + pinned.length - i));
  const ranked = [...pinned, ...ordered.filter((s) => !isPinned.has(s))];

  const words = new Set<string>();
  for (const w of plan.words) for (const a of w.alternatives) for (const wid of index.termWords[a.term] ?? []) words.add(index.lexicon.words[wid]!);
  if (lookup) words.add(String(lookup.number));
  const hits = ranked.slice(request.offset, request.offset + request.limit).map((slot) => toHit(index, slot, final.get(slot)!, words));
  // Pinned issues the words did not match count once more.
  const unmatched = pinned.filter((slot) => !slots.includes(slot));
  return { total: slots.length + unmatched.length, hits, facets: facetsOf(index, slots, unmatched) };
}

export type NamedConcept = { slug: string; title: string; url: string; snippet: string };

/**
 * While the last word is still being typed ("feature fac"), the visible
 * concepts whose name or alias it completes: the same number of words, the
 * earlier ones equal (after stemming), the last one starting with what was
 * typed. A few letters alone name nothing: at least three after another word,
 * four on their own.
 */
function conceptsCompleting(index: MemoryIndex, q: string): number[] {
  if (!/[\p{L}\p{N}]$/u.test(q)) return [];
  const tokens = tokenize(q);
  const typing = tokens[tokens.length - 1];
  if (!typing) return [];
  const head = tokens
    .slice(0, -1)
    .filter((t) => !t.stop)
    .map((t) => t.term)
    .join(" ");
  if (typing.word.length < (head ? 3 : 4)) return [];
  // A name's last word is known by its stem; the words of the archive that stem to it say how it is written.
  const completes = (term: string) => {
    if (term.startsWith(typing.term)) return true;
    const id = index.lexicon.termIds.get(term);
    return id !== undefined && (index.termWords[id] ?? []).some((wid) => index.lexicon.words[wid]!.startsWith(typing.word));
  };
  const found = new Set<number>();
  for (const [key, slots] of index.names) {
    const at = key.lastIndexOf(" ");
    // Stems keep a word's first letter: most names are passed over on that alone.
    if (key[at + 1] !== typing.word[0] || (at < 0 ? "" : key.slice(0, at)) !== head || !completes(key.slice(at + 1))) continue;
    for (const slot of slots) if (index.isVisible(slot)) found.add(slot);
  }
  return [...found];
}

/** The visible concept whose name or alias is what the query says (after stemming), or completes it as typed. */
function namedConcept(index: MemoryIndex, q: string): NamedConcept | null {
  const key = phraseKey(q);
  if (!key) return null;
  let slots = (index.names.get(key) ?? []).filter((slot) => index.isVisible(slot));
  if (slots.length === 0) slots = conceptsCompleting(index, q);
  if (slots.length === 0) return null;
  const state = (slot: number) => index.concepts.get(index.docs[slot]!.refId)!;
  const [best] = slots.sort((a, b) => state(b).score - state(a).score || state(b).mentions - state(a).mentions || index.docs[a]!.refId - index.docs[b]!.refId);
  const d = index.docs[best!]!;
  const words = new Set(parseQuery(q).words);
  const definition = d.snippetText.split(" — ")[0] ?? "";
  return { slug: d.slug, title: d.title, url: d.url, snippet: definition ? buildSnippet(definition, words) : highlightAll(d.title, words) };
}

/**
 * "Did you mean": the query with each word that matches nothing replaced by
 * the closest indexed word (a looser budget than search's own typo tolerance).
 */
function suggest(index: MemoryIndex, q: string): string | null {
  let out = "";
  let cursor = 0;
  let changed = false;
  for (const t of tokenize(q)) {
    if (t.stop || t.word.length < 3 || index.known(index.lexicon.termIds.get(t.term))) continue;
    const candidates = index.similarWords(t.word, 20, 0).map((s) => s.word);
    const [best] = typoFixes(index, t.word, candidates, Math.max(2, Math.ceil(t.word.length / 3)));
    if (!best) continue;
    out += q.slice(cursor, t.start) + index.lexicon.words[best.word]!;
    cursor = t.end;
    changed = true;
  }
  if (!changed) return null;
  return (out + q.slice(cursor)).replace(/\s+/g, " ").trim();
}

export type BuiltInEngine = SearchEngine & {
  /** Add or replace many documents (batches, read as they are written) in one transaction. */
  upsertMany(batches: AsyncIterable<SearchDocument[]>): Promise<void>;
  namedConcept(q: string): Promise<NamedConcept | null>;
  suggest(q: string): Promise<string | null>;
  /** Bring this process's copy of the index up to date now; returns how many documents it holds. */
  warm(): Promise<number>;
};

export function createBuiltInEngine(db: Db, ranking: Ranking = DEFAULT_RANKING_SETTINGS): BuiltInEngine {
  const current = <T>(read: (index: MemoryIndex) => T) => withCurrentIndex(db, ranking.bm25, read);
  return {
    name: "postgres",
    search: (request) => current((index) => searchIndex(index, request, ranking.proximity)),
    namedConcept: (q) => current((index) => namedConcept(index, q)),
    suggest: (q) => current((index) => suggest(index, q)),
    warm: () => current((index) => index.size),
    upsert: async (documents) => {
      if (documents.length === 0) return;
      await db.transaction(async (tx) => writeDocuments(tx, documents, await nextGeneration(tx)));
    },
    upsertMany: async (batches) => {
      // One transaction: a run killed halfway leaves the index as it was.
      await db.transaction(async (tx) => {
        const generation = await nextGeneration(tx);
        for await (const batch of batches) await writeDocuments(tx, batch, generation);
      });
    },
    remove: async (ids) => {
      if (ids.length === 0) return;
      await db.transaction(async (tx) => {
        await nextGeneration(tx);
        await deleteDocuments(tx, ids);
      });
    },
    rebuild: async (batches) => {
      // One transaction: readers keep the old index until the new one is complete.
      await db.transaction(async (tx) => {
        const generation = await nextGeneration(tx);
        await tx.execute(sql`delete from search_documents`);
        for await (const batch of batches) await writeDocuments(tx, batch, generation);
      });
    },
  };
}

/** Keys of every document in the built-in index (to reconcile another engine with it). */
export async function listIndexedKeys(db: Db): Promise<Set<string>> {
  const found = await rows<{ key: string }>(db, sql`select key from search_documents`);
  return new Set(found.map((r) => r.key));
}
