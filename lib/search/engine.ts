/**
 * The one seam with two implementations: what a search engine must do for
 * Concordance, whichever engine it is (Meilisearch, or the built-in engine,
 * whose documents live in Postgres). Everything outside lib/search talks to
 * `index.ts`, never to an engine directly.
 */
export type SearchKind = "all" | "issue" | "concept";
/** "postgres" is the built-in engine (its documents are stored in Postgres, its index kept in memory). */
export type EngineName = "postgres" | "meilisearch";

export const MAX_QUERY_LENGTH = 256;
export const MAX_LIMIT = 50;

/** Issues without a date: a value of the year filter and facet. */
export const UNDATED: "undated" = "undated";
export type YearValue = number | typeof UNDATED;

export type SearchRequest = {
  q: string;
  kind: SearchKind;
  year?: YearValue;
  /** A concept slug: only issues about it (it is among their key concepts). */
  concept?: string;
  limit: number;
  offset: number;
};

export type SearchHit = {
  kind: "issue" | "concept";
  slug: string;
  title: string;
  url: string;
  /** HTML whose only tags are `<mark>`; everything else is escaped. */
  snippet: string;
  number?: number;
  /** The series an issue's number belongs to ("TBM"), when it has one. */
  series?: string;
  /** How the number reads, as on its page: "TBM 21", "#125". */
  label?: string;
  publishedAt?: string;
  /** How much of `publishedAt` is known (it is then the first day of that month or year); with `publishedAt`. */
  datePrecision?: "day" | "month" | "year";
  score: number;
};

type FacetValue<V> = { value: V; count: number };

/** How many concepts the concept facet lists, the same for both engines. */
export const FACET_CONCEPTS = 12;

export type SearchFacets = {
  kind: FacetValue<"issue" | "concept">[];
  /** Newest first; undated issues last, as "undated". */
  year: FacetValue<YearValue>[];
  /** Most frequent first; `label` is the concept's name. */
  concept: (FacetValue<string> & { label: string })[];
};

/** What an engine answers; `index.ts` adds the concept a query names, timing and fallback. */
export type EngineResult = {
  total: number;
  hits: SearchHit[];
  facets: SearchFacets;
};

export type SearchResponse = EngineResult & {
  query: string;
  engine: EngineName;
  /** True when the configured engine was unreachable and the built-in one answered. */
  degraded: boolean;
  tookMs: number;
  /** With no hits: the query with its unknown words replaced by the closest indexed words. */
  didYouMean: string | null;
};

/**
 * A document as both engines index it, built from Postgres rows
 * (lib/search/documents.ts). `id` is stable: `issue-<id>` or `concept-<id>`.
 */
export type SearchDocument = {
  id: string;
  kind: "issue" | "concept";
  /** issues.id or concepts.id */
  refId: number;
  slug: string;
  title: string;
  url: string;
  /** Names (and aliases) of an issue's top key concepts; a concept's own aliases. */
  conceptNames: string[];
  /** Slugs of an issue's key concepts (the `concept` filter and facet). */
  conceptSlugs: string[];
  headings: string[];
  body: string;
  year: number | null;
  publishedAt: Date | null;
  number: number | null;
  series: string | null;
  /** Hash of the inputs: an unchanged hash means the indexed copy is current. */
  sourceHash: string;
};

export type SearchEngine = {
  readonly name: EngineName;
  search(request: SearchRequest): Promise<EngineResult>;
  /** Add or replace documents. */
  upsert(documents: SearchDocument[]): Promise<void>;
  /** Remove documents by id (`issue-12`); unknown ids are ignored. */
  remove(ids: string[]): Promise<void>;
  /**
   * Replace the whole index with these documents (given in batches, so a large
   * archive need not sit in memory); readers see the old index until the new
   * one is complete.
   */
  rebuild(batches: AsyncIterable<SearchDocument[]>): Promise<void>;
};

/**
 * The engine answered, but refused what we asked for a reason a retry won't fix: a wrong API key,
 * a setting it rejects, a server version we don't support. Never answered by falling back: the
 * operator has to act, so it is reported as what it is.
 */
export class SearchConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SearchConfigError";
  }
}

/** The engine could not be reached (as opposed to rejecting a request): the caller may fall back. */
export class SearchUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SearchUnavailableError";
  }
}

export function documentId(kind: "issue" | "concept", refId: number): string {
  return `${kind}-${refId}`;
}
