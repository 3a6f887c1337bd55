/**
 * Meilisearch, through the official client, when MEILI_HOST is set: one index
 * (`<prefix>concordance`) holding issues and concepts (`kind`), its settings,
 * document mapping, filters, and a full rebuild that swaps a freshly built index
 * in so searches never see a half-built one.
 *
 * Every Meilisearch write is a task: we wait for each and fail on a failed task.
 * Errors are sorted into two kinds (classifyMeiliError): Meilisearch could not
 * be reached (SearchUnavailableError — lib/search/index.ts answers from the
 * built-in engine), or it answered and refused (SearchConfigError — a wrong
 * key, a rejected setting, an unsupported version: reported, never papered over).
 */
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type FederatedMultiSearchParams,
  type Settings,
} from "meilisearch";
import type { Db } from "@/db";
import { sql } from "drizzle-orm";
import {
  SearchConfigError,
  SearchUnavailableError,
  type EngineResult,
  type SearchDocument,
  type SearchEngine,
  type SearchHit,
  type SearchRequest,
  UNDATED,
} from "./engine";
import { issueLabel } from "@/lib/ui/format";
import { highlightAll, normalizeWord, parseQuery, renderMarked } from "./text";
import { wordsKey } from "./analyze";
import { parseNumberLookup, type NumberLookup } from "./ranking";

export type MeiliConfig = { host: string; apiKey?: string; indexPrefix?: string; searchTimeoutMs?: number };

/** What Meilisearch stores per document. */
export type MeiliDocument = {
  id: string;
  kind: "issue" | "concept";
  slug: string;
  title: string;
  url: string;
  /** Concept names and aliases (searchable, second only to the title). */
  concepts: string[];
  /** Concept slugs (filter and facet). */
  concept: string[];
  headings: string[];
  body: string;
  year: number | typeof UNDATED | null;
  series: string | null;
  /** Publication time in seconds since the epoch (sortable). */
  date: number | null;
  publishedAt: string | null;
  number: number | null;
};

// Private-use characters: they never occur in indexed text, so they can't be forged by it.
const PRE = "\uE000";
const POST = "\uE001";
const TASK_TIMEOUT_MS = 120_000;

/** Words too common to carry meaning in a question; Meilisearch ignores them when matching. */
export const STOP_WORDS = [
  "a", "about", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do",
  "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my",
  "of", "on", "or", "our", "should", "so", "that", "the", "their", "them", "then", "there", "these", "they",
  "this", "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with",
  "would", "you", "your",
];

const STOP_WORD_SET = new Set(STOP_WORDS);
const FACETS = ["kind", "year", "concept"];
/** How much a document matching one word of the query counts beside one matching the whole query (measured: dev questions 0.439 → 0.452 MRR@10 at 0.3; 0.6 and 0.9 rank single-word matches too high). */
export const LOOSE_TERM_WEIGHT = 0.3;
/** A long question's words are searched alone up to this many (each is one more query in the request). */
const MAX_LOOSE_TERMS = 12;

/**
 * The words of a query that are also searched on their own: not stop words,
 * not inside a quoted phrase (a phrase must stay a phrase), each once.
 */
export function looseTerms(q: string): string[] {
  const { words, phrases } = parseQuery(q);
  const quoted = new Set(phrases.flatMap((p) => parseQuery(p).words));
  return [...new Set(words.filter((w) => !STOP_WORD_SET.has(w) && !quoted.has(w)))].slice(0, MAX_LOOSE_TERMS);
}

export function indexName(prefix: string | undefined): string {
  return `${prefix ?? ""}concordance`;
}

/** Two-way synonyms from concept aliases: each name and alias finds the others. */
export function buildSynonyms(concepts: { name: string; aliases: string[] }[]): Record<string, string[]> {
  const synonyms = new Map<string, Set<string>>();
  for (const concept of concepts) {
    const group = [...new Set([concept.name, ...concept.aliases].map((s) => s.trim().toLowerCase()).filter(Boolean))];
    if (group.length < 2) continue;
    for (const term of group) {
      const set = synonyms.get(term) ?? new Set<string>();
      for (const other of group) if (other !== term) set.add(other);
      synonyms.set(term, set);
    }
  }
  return Object.fromEntries([...synonyms].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
}

export function buildIndexSettings(synonyms: Record<string, string[]>): Settings {
  return {
    // Order is priority: a match in the title beats one in concepts, then headings, then body.
    searchableAttributes: ["title", "concepts", "headings", "body"],
    filterableAttributes: ["id", "year", "series", "concept", "kind", "number"],
    sortableAttributes: ["date"],
    displayedAttributes: ["id", "kind", "slug", "title", "url", "number", "series", "publishedAt", "body", "concept", "year"],
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    stopWords: STOP_WORDS,
    synonyms,
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    faceting: { maxValuesPerFacet: 100 },
    pagination: { maxTotalHits: 10_000 },
  };
}

/**
 * Which of our settings the index doesn't hold yet (none: nothing to send). Every
 * settings update makes Meilisearch re-index the whole index, so an ingest that
 * changed no concept name or alias must not send one. Lists whose order carries
 * no meaning are compared as sets.
 */
export function settingsToUpdate(wanted: Settings, current: Settings): Settings {
  const asSet = (v: unknown) => (Array.isArray(v) ? JSON.stringify([...v].map(String).sort()) : JSON.stringify(v ?? null));
  const synonymsKey = (v: Settings["synonyms"]) =>
    JSON.stringify(
      Object.entries(v ?? {})
        .map(([k, list]) => [k, [...(list ?? [])].sort()] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  const same: { [K in keyof Settings]?: (a: Settings[K], b: Settings[K]) => boolean } = {
    searchableAttributes: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    rankingRules: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    filterableAttributes: (a, b) => asSet(a) === asSet(b),
    sortableAttributes: (a, b) => asSet(a) === asSet(b),
    displayedAttributes: (a, b) => asSet(a) === asSet(b),
    stopWords: (a, b) => asSet(a) === asSet(b),
    synonyms: (a, b) => synonymsKey(a) === synonymsKey(b),
    typoTolerance: (a, b) =>
      a?.enabled === b?.enabled &&
      a?.minWordSizeForTypos?.oneTypo === b?.minWordSizeForTypos?.oneTypo &&
      a?.minWordSizeForTypos?.twoTypos === b?.minWordSizeForTypos?.twoTypos,
    faceting: (a, b) => a?.maxValuesPerFacet === b?.maxValuesPerFacet,
    pagination: (a, b) => a?.maxTotalHits === b?.maxTotalHits,
  };
  const update: Record<string, unknown> = {};
  for (const key of Object.keys(wanted) as (keyof Settings)[]) {
    const compare = same[key] as ((a: unknown, b: unknown) => boolean) | undefined;
    const equal = compare ? compare(wanted[key], current[key]) : JSON.stringify(wanted[key]) === JSON.stringify(current[key]);
    if (!equal) update[key] = wanted[key];
  }
  return update as Settings;
}

export function toMeiliDocument(doc: SearchDocument): MeiliDocument {
  return {
    id: doc.id,
    kind: doc.kind,
    slug: doc.slug,
    title: doc.title,
    url: doc.url,
    concepts: doc.conceptNames,
    concept: doc.conceptSlugs,
    headings: doc.headings,
    body: doc.body,
    // Undated issues get a facet value of their own ("undated"), filterable like a year.
    year: doc.year ?? (doc.kind === "issue" ? UNDATED : null),
    series: doc.series,
    date: doc.publishedAt ? Math.floor(doc.publishedAt.getTime() / 1000) : null,
    publishedAt: doc.publishedAt?.toISOString() ?? null,
    number: doc.number,
  };
}

/** A filter value as a Meilisearch string literal: double-quoted, with `\` and `"` escaped. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The request's filters as Meilisearch filter expressions (ANDed by the array form). */
export function buildFilter(request: Pick<SearchRequest, "kind" | "year" | "concept">): string[] {
  const filter: string[] = [];
  if (request.kind !== "all") filter.push(`kind = ${quoteFilterValue(request.kind)}`);
  if (request.year === UNDATED) filter.push(`year = ${quoteFilterValue(UNDATED)}`);
  else if (typeof request.year === "number") filter.push(`year = ${Math.trunc(request.year)}`);
  if (request.concept !== undefined) filter.push(`concept = ${quoteFilterValue(request.concept)}`);
  return filter;
}

/**
 * The filters that find the issues a query asks for by number ("125", "TBM 21"), in the
 * order they come first: a bare number prefers the issue without a series.
 */
export function numberLookupFilters(lookup: NumberLookup, base: string[]): string[][] {
  const asked = [...base, `kind = "issue"`, `number = ${Math.trunc(lookup.number)}`];
  if (lookup.series !== null) return [[...asked, `series = ${quoteFilterValue(lookup.series)}`]];
  return [
    [...asked, "series IS NULL"],
    [...asked, "series IS NOT NULL"],
  ];
}

/** Facet counts with the issues found by number added (they are left out of the word search). */
function addPinnedFacets(
  distribution: Record<string, Record<string, number>>,
  pinned: { kind: string; year?: number | string }[],
): Record<string, Record<string, number>> {
  const out = Object.fromEntries(Object.entries(distribution).map(([k, v]) => [k, { ...v }]));
  for (const hit of pinned) {
    for (const [facet, value] of [["kind", hit.kind], ["year", hit.year]] as const) {
      if (value === undefined || value === null) continue;
      const counts = (out[facet] ??= {});
      counts[String(value)] = (counts[String(value)] ?? 0) + 1;
    }
  }
  return out;
}

/** The oldest Meilisearch this adapter is tested against (1.18 added `rename` to index swaps, which rebuilds send). */
export const MIN_MEILI_VERSION = "1.18.0";
/** The next major version: its API may differ, so it is refused until the adapter is tested against it. */
export const MAX_MEILI_MAJOR = 1;

/** Error codes of a key that is missing, wrong, or not allowed to do what we asked. */
const KEY_ERRORS = new Set(["missing_authorization_header", "invalid_api_key"]);

/**
 * Any error from talking to Meilisearch, as the rest of the app must treat it:
 * unreachable (network, timeout, a 5xx, no index yet) → SearchUnavailableError;
 * answered but refused (key, settings, a failed task) → SearchConfigError.
 * Anything else is not Meilisearch's doing and is returned unchanged.
 */
export function classifyMeiliError(err: unknown, host: string): Error {
  if (err instanceof SearchUnavailableError || err instanceof SearchConfigError) return err;
  if (err instanceof MeilisearchApiError) {
    const code = err.cause?.code ?? "";
    const status = err.response.status;
    if (status === 401 || status === 403 || KEY_ERRORS.has(code)) {
      return new SearchConfigError(
        `Meilisearch at ${host} rejected the API key (${code || `HTTP ${status}`}): set MEILI_API_KEY to the master key or an admin key ` +
          "allowed to search and to manage indexes, documents, settings and tasks.",
        { cause: err },
      );
    }
    if (code === "index_not_found") {
      return new SearchUnavailableError(`Meilisearch at ${host} has no Concordance index yet (run \`npm run reindex\`)`, { cause: err });
    }
    if (status >= 500) return new SearchUnavailableError(`Meilisearch at ${host} failed (HTTP ${status} ${code}): ${err.message}`, { cause: err });
    return new SearchConfigError(`Meilisearch at ${host} refused the request (${code || `HTTP ${status}`}): ${err.message}`, { cause: err });
  }
  if (err instanceof MeilisearchRequestError || err instanceof MeilisearchRequestTimeOutError || err instanceof MeilisearchTaskTimeOutError) {
    return new SearchUnavailableError(`Meilisearch is unavailable: ${err.message}`, { cause: err });
  }
  if (err instanceof MeilisearchError) return new SearchConfigError(`Meilisearch at ${host}: ${err.message}`, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}

/** Whether this adapter supports a server of `version` ("1.50.0"). */
export function isSupportedMeiliVersion(version: string): boolean {
  const parse = (v: string) => v.split(/[.-]/).slice(0, 3).map((n) => Number.parseInt(n, 10));
  const [major = NaN, minor = NaN, patch = NaN] = parse(version);
  const [minMajor, minMinor, minPatch] = parse(MIN_MEILI_VERSION) as [number, number, number];
  if ([major, minor, patch].some(Number.isNaN)) return false;
  if (major > MAX_MEILI_MAJOR) return false;
  return major !== minMajor ? major > minMajor : minor !== minMinor ? minor > minMinor : patch >= minPatch;
}

/**
 * The start-up check: the server's version, refusing one the adapter doesn't
 * support and a key it rejects (SearchConfigError); SearchUnavailableError when
 * nothing answers.
 */
export async function checkMeiliServer(config: MeiliConfig): Promise<{ version: string }> {
  const client = new Meilisearch({ host: config.host, apiKey: config.apiKey, timeout: 5_000 });
  try {
    const { pkgVersion } = await client.getVersion();
    if (!isSupportedMeiliVersion(pkgVersion)) {
      throw new SearchConfigError(
        `Meilisearch ${pkgVersion} at ${config.host} is not supported: Concordance needs Meilisearch ${MIN_MEILI_VERSION} or a later 1.x release.`,
      );
    }
    // The version route needs only a little; make sure the key may also read our index (a missing index is fine).
    await client.getRawIndex(indexName(config.indexPrefix)).catch((err: unknown) => {
      if (err instanceof MeilisearchApiError && err.cause?.code === "index_not_found") return;
      throw err;
    });
    return { version: pkgVersion };
  } catch (err) {
    throw classifyMeiliError(err, config.host);
  }
}

async function settle(task: EnqueuedTaskPromise): Promise<void> {
  const done = await task.waitTask({ timeout: TASK_TIMEOUT_MS });
  if (done.status !== "succeeded") {
    const why = done.error ? `${done.error.code}: ${done.error.message}` : "no reason given";
    throw new MeilisearchError(`task ${done.uid} (${done.type}) ${done.status}: ${why}`);
  }
}

type MeiliHit = Pick<MeiliDocument, "kind" | "slug" | "title" | "url" | "number" | "series" | "publishedAt" | "body">;

export type MeiliEngine = SearchEngine & {
  /** Ids of every document in the live index. */
  listIds(): Promise<Set<string>>;
  /** Create the index if needed and apply the settings (synonyms from the current concepts). */
  applySettings(concepts: { name: string; aliases: string[] }[]): Promise<{ created: boolean; documents: number }>;
};

/**
 * `db` is only read: for concept names (facet labels, synonyms) and to keep
 * hidden concepts out of answers even before the index catches up.
 */
export function createMeiliEngine(config: MeiliConfig, db: Db): MeiliEngine {
  // Searches give up quickly (the built-in engine answers instead); indexing may be slow.
  const searchClient = new Meilisearch({ host: config.host, apiKey: config.apiKey, timeout: config.searchTimeoutMs ?? 2_000 });
  const client = new Meilisearch({ host: config.host, apiKey: config.apiKey, timeout: 60_000 });
  const live = indexName(config.indexPrefix);
  function fail(err: unknown): never {
    throw classifyMeiliError(err, config.host);
  }

  /** Series names as a query may write them ("tbm" → "TBM"), re-read at most once a minute. */
  let series: { at: number; names: Map<string, string> } | null = null;
  async function seriesNames(): Promise<Map<string, string>> {
    if (series && Date.now() - series.at < 60_000) return series.names;
    const rows = (await db.execute(sql`select distinct series from issues where series is not null and withdrawn_at is null`)) as unknown as {
      series: string;
    }[];
    series = { at: Date.now(), names: new Map(rows.map((r) => [wordsKey(r.series), r.series])) };
    return series.names;
  }

  async function visibleConcepts(slugs: string[]): Promise<Map<string, string>> {
    if (slugs.length === 0) return new Map();
    const found = (await db.execute(sql`
      select slug, name from concepts
      where not hidden and slug in (select value from jsonb_array_elements_text(${JSON.stringify(slugs)}::jsonb))`)) as unknown as {
      slug: string;
      name: string;
    }[];
    return new Map(found.map((r) => [r.slug, r.name]));
  }

  async function search(request: SearchRequest): Promise<EngineResult> {
    const shared = {
      filter: buildFilter(request),
      attributesToRetrieve: ["kind", "slug", "title", "url", "number", "series", "publishedAt"],
      attributesToCrop: ["body"],
      cropLength: 32,
      cropMarker: "…",
      attributesToHighlight: ["body"],
      highlightPreTag: PRE,
      highlightPostTag: POST,
      showRankingScore: true,
    };
    // Issues the query asks for by number come first, ahead of everything the words match; the word
    // search leaves them out (by id), so nothing is listed twice and the total counts each once.
    const lookup = parseNumberLookup(request.q, await seriesNames());
    let pinned: (MeiliHit & { id: string; year?: number | string })[] = [];
    try {
      for (const filter of lookup ? numberLookupFilters(lookup, shared.filter) : []) {
        const found = await searchClient
          .index<MeiliDocument>(live)
          .search<MeiliHit & { id: string; year?: number | string }>("", { ...shared, filter, attributesToRetrieve: [...shared.attributesToRetrieve, "id", "year"], limit: 20 });
        pinned.push(...found.hits);
      }
    } catch (err) {
      fail(err);
    }
    pinned = pinned.filter((h, i) => pinned.findIndex((o) => o.id === h.id) === i);
    const pinnedPage = pinned.slice(request.offset, request.offset + request.limit);
    const wordFilter = pinned.length > 0 ? [...shared.filter, `id NOT IN [${pinned.map((h) => quoteFilterValue(h.id)).join(", ")}]`] : shared.filter;
    const words_ = { ...shared, filter: wordFilter };
    const offset = Math.max(0, request.offset - pinned.length);
    const limit = request.limit - pinnedPage.length;
    // "issue 125", "no. 125": the words around a bare number only say it is one; the number is what to search.
    const q = lookup && lookup.series === null && lookup.rest === "" ? String(lookup.number) : request.q;
    const loose = looseTerms(lookup && lookup.rest === "" ? "" : q);
    let response: { hits: (MeiliHit & { _formatted?: Partial<MeiliHit>; _rankingScore?: number; _federation?: { weightedRankingScore: number } })[]; estimatedTotalHits?: number; facetDistribution?: Record<string, Record<string, number>> };
    try {
      if (loose.length < 2) {
        response = await searchClient.index<MeiliDocument>(live).search<MeiliHit>(q, {
          ...words_,
          limit,
          offset,
          facets: FACETS,
          // Drop the most frequent words first when not all match.
          matchingStrategy: "frequency",
        });
      } else {
        // Meilisearch's matching strategies always keep one word mandatory (with "frequency", the rarest),
        // so a question whose rarest word isn't in the answer never finds it. The whole query ranks first;
        // each word searched alone, weighted down, brings in every document matching any word (OR, as the
        // built-in engine), which also makes totals and facets count them all.
        response = await searchClient.multiSearch<FederatedMultiSearchParams, MeiliHit>({
          federation: { limit, offset, facetsByIndex: { [live]: FACETS }, mergeFacets: {} },
          queries: [
            { indexUid: live, q, matchingStrategy: "frequency", ...words_, federationOptions: { weight: 1 } },
            ...loose.map((term) => ({ indexUid: live, q: term, ...words_, federationOptions: { weight: LOOSE_TERM_WEIGHT } })),
          ],
        });
      }
    } catch (err) {
      fail(err);
    }
    if (pinned.length > 0) {
      const top = Math.max(1, ...response.hits.map((h) => h._federation?.weightedRankingScore ?? h._rankingScore ?? 0));
      response = {
        ...response,
        hits: [...pinnedPage.map((h, i) => ({ ...h, _rankingScore: top + pinnedPage.length - i })), ...response.hits],
        estimatedTotalHits: (response.estimatedTotalHits ?? 0) + pinned.length,
        facetDistribution: addPinnedFacets(response.facetDistribution ?? {}, pinned),
      };
    }
    const distribution = response.facetDistribution ?? {};
    const conceptCounts = Object.entries(distribution.concept ?? {});
    const conceptHitSlugs = response.hits.filter((h) => h.kind === "concept").map((h) => h.slug);
    const visible = await visibleConcepts([...new Set([...conceptCounts.map(([slug]) => slug), ...conceptHitSlugs])]);
    const words = new Set(parseQuery(request.q).words.map(normalizeWord));

    const hits: SearchHit[] = response.hits
      .filter((h) => h.kind === "issue" || visible.has(h.slug))
      .map((h) => {
        const body = h._formatted?.body;
        return {
          kind: h.kind,
          slug: h.slug,
          title: h.title,
          url: h.url,
          snippet: body ? renderMarked(body, PRE, POST) : highlightAll(h.title, words),
          ...(h.number != null ? { number: h.number } : {}),
          ...(h.series != null ? { series: h.series } : {}),
          ...(h.kind === "issue" && h.number != null ? { label: issueLabel({ number: h.number, series: h.series ?? null }) } : {}),
          ...(h.publishedAt ? { publishedAt: h.publishedAt } : {}),
          score: Math.round((h._federation?.weightedRankingScore ?? h._rankingScore ?? 0) * 10_000) / 10_000,
        };
      });
    return {
      total: response.estimatedTotalHits ?? hits.length,
      hits,
      facets: {
        kind: Object.entries(distribution.kind ?? {})
          .filter((e): e is ["issue" | "concept", number] => e[0] === "issue" || e[0] === "concept")
          .map(([value, count]) => ({ value, count }))
          .sort((a, b) => b.value.localeCompare(a.value)),
        year: Object.entries(distribution.year ?? {})
          .map(([value, count]) => ({ value: value === UNDATED ? UNDATED : Number(value), count }))
          .sort((a, b) => (a.value === UNDATED ? 1 : b.value === UNDATED ? -1 : Number(b.value) - Number(a.value))),
        concept: conceptCounts
          .filter(([slug]) => visible.has(slug))
          .map(([value, count]) => ({ value, label: visible.get(value) ?? value, count }))
          .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
          .slice(0, 12),
      },
    };
  }

  async function loadSynonymSource(): Promise<{ name: string; aliases: string[] }[]> {
    return (await db.execute(sql`select name, aliases from concepts where not hidden`)) as unknown as { name: string; aliases: string[] }[];
  }

  /** Only "no such index" means no; a refused key or an unreachable server is an error. */
  async function indexExists(uid: string): Promise<boolean> {
    try {
      await client.getRawIndex(uid);
      return true;
    } catch (err) {
      if (err instanceof MeilisearchApiError && err.cause?.code === "index_not_found") return false;
      throw err;
    }
  }

  /** Every batch is queued before any is waited on: Meilisearch merges queued additions into one indexing run. */
  async function addInBatches(uid: string, documents: SearchDocument[]): Promise<void> {
    const queued: EnqueuedTaskPromise[] = [];
    for (let i = 0; i < documents.length; i += 500) {
      queued.push(client.index<MeiliDocument>(uid).addDocuments(documents.slice(i, i + 500).map(toMeiliDocument), { primaryKey: "id" }));
    }
    for (const task of queued) await settle(task);
  }

  return {
    name: "meilisearch",
    search,
    async upsert(documents) {
      try {
        await addInBatches(live, documents);
      } catch (err) {
        fail(err);
      }
    },
    async remove(ids) {
      if (ids.length === 0) return;
      try {
        await settle(client.index(live).deleteDocuments(ids));
      } catch (err) {
        fail(err);
      }
    },
    async rebuild(batches) {
      const next = `${live}_rebuild`;
      try {
        await client.deleteIndexIfExists(next);
        await settle(client.createIndex(next, { primaryKey: "id" }));
        await settle(client.index(next).updateSettings(buildIndexSettings(buildSynonyms(await loadSynonymSource()))));
        for await (const batch of batches) await addInBatches(next, batch);
        // Swapping needs both indexes; an empty live index is created on a first run.
        if (!(await indexExists(live))) await settle(client.createIndex(live, { primaryKey: "id" }));
        await settle(client.swapIndexes([{ indexes: [live, next], rename: false }]));
        await settle(client.deleteIndex(next));
      } catch (err) {
        fail(err);
      }
    },
    async listIds() {
      const ids = new Set<string>();
      try {
        for (let offset = 0; ; offset += 1000) {
          const page = await client.index(live).getDocuments<{ id: string }>({ fields: ["id"], limit: 1000, offset });
          for (const d of page.results) ids.add(String(d.id));
          if (page.results.length < 1000) break;
        }
      } catch (err) {
        fail(err);
      }
      return ids;
    },
    async applySettings(concepts) {
      try {
        const exists = await indexExists(live);
        if (!exists) await settle(client.createIndex(live, { primaryKey: "id" }));
        const update = settingsToUpdate(buildIndexSettings(buildSynonyms(concepts)), await client.index(live).getSettings());
        if (Object.keys(update).length > 0) await settle(client.index(live).updateSettings(update));
        const stats = await client.index(live).getStats();
        return { created: !exists, documents: stats.numberOfDocuments };
      } catch (err) {
        fail(err);
      }
    },
  };
}
