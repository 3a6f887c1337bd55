/**
 * Meilisearch, through the official client, when MEILI_HOST is set: one index
 * (`<prefix>concordance`) holding issues and concepts (`kind`), its settings,
 * document mapping, filters, and a full rebuild that swaps a freshly built index
 * in so searches never see a half-built one.
 *
 * Every Meilisearch write is a task: we wait for each and fail on a failed task.
 * Any failure to reach Meilisearch becomes a SearchUnavailableError, which
 * lib/search/index.ts answers from the built-in engine.
 */
import { Meilisearch, MeilisearchError, type EnqueuedTaskPromise, type Settings } from "meilisearch";
import type { Db } from "@/db";
import { sql } from "drizzle-orm";
import {
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

export type MeiliConfig = { host: string; apiKey?: string; indexPrefix?: string };

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
    filterableAttributes: ["year", "series", "concept", "kind"],
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

function unavailable(err: unknown): never {
  if (err instanceof SearchUnavailableError) throw err;
  const reason = err instanceof Error ? err.message : String(err);
  throw new SearchUnavailableError(`Meilisearch is unavailable: ${reason}`, { cause: err });
}

async function settle(task: EnqueuedTaskPromise): Promise<void> {
  const done = await task.waitTask({ timeout: TASK_TIMEOUT_MS });
  if (done.status !== "succeeded") {
    throw new MeilisearchError(`Meilisearch task ${done.uid} (${done.type}) ${done.status}: ${done.error?.message ?? "no reason given"}`);
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
  const searchClient = new Meilisearch({ host: config.host, apiKey: config.apiKey, timeout: 2_000 });
  const client = new Meilisearch({ host: config.host, apiKey: config.apiKey, timeout: 60_000 });
  const live = indexName(config.indexPrefix);

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
    let response;
    try {
      response = await searchClient.index<MeiliDocument>(live).search<MeiliHit>(request.q, {
        limit: request.limit,
        offset: request.offset,
        filter: buildFilter(request),
        facets: ["kind", "year", "concept"],
        attributesToRetrieve: ["kind", "slug", "title", "url", "number", "series", "publishedAt"],
        attributesToCrop: ["body"],
        cropLength: 32,
        cropMarker: "…",
        attributesToHighlight: ["body"],
        highlightPreTag: PRE,
        highlightPostTag: POST,
        // Drop the most frequent words first when not all match: questions still find answers.
        matchingStrategy: "frequency",
        showRankingScore: true,
      });
    } catch (err) {
      unavailable(err);
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
          score: Math.round((h._rankingScore ?? 0) * 10_000) / 10_000,
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

  async function addInBatches(uid: string, documents: SearchDocument[]): Promise<void> {
    for (let i = 0; i < documents.length; i += 500) {
      await settle(client.index<MeiliDocument>(uid).addDocuments(documents.slice(i, i + 500).map(toMeiliDocument), { primaryKey: "id" }));
    }
  }

  return {
    name: "meilisearch",
    search,
    async upsert(documents) {
      try {
        await addInBatches(live, documents);
      } catch (err) {
        unavailable(err);
      }
    },
    async remove(ids) {
      if (ids.length === 0) return;
      try {
        await settle(client.index(live).deleteDocuments(ids));
      } catch (err) {
        unavailable(err);
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
        const exists = await client.getRawIndex(live).then(
          () => true,
          () => false,
        );
        if (!exists) await settle(client.createIndex(live, { primaryKey: "id" }));
        await settle(client.swapIndexes([{ indexes: [live, next], rename: false }]));
        await settle(client.deleteIndex(next));
      } catch (err) {
        unavailable(err);
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
        unavailable(err);
      }
      return ids;
    },
    async applySettings(concepts) {
      try {
        const exists = await client.getRawIndex(live).then(
          () => true,
          () => false,
        );
        if (!exists) await settle(client.createIndex(live, { primaryKey: "id" }));
        await settle(client.index(live).updateSettings(buildIndexSettings(buildSynonyms(concepts))));
        const stats = await client.index(live).getStats();
        return { created: !exists, documents: stats.numberOfDocuments };
      } catch (err) {
        unavailable(err);
      }
    },
  };
}
