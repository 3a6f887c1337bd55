/**
 * The requests sent to Meilisearch for one search. Issues asked for by number
 * ("125", "TBM 21") are fetched first by filter and left out of the word
 * search, so nothing is listed twice. A question of several words is sent as
 * a federated multi-search — the whole query, plus each word alone weighted
 * down — because Meilisearch's matching strategies always keep one word
 * mandatory; this gives the OR semantics the built-in engine has. The answer
 * is Meilisearch's, pinned issues merged in; lib/search/meili-results.ts maps
 * it to hits and facets.
 */
import type { FederatedMultiSearchParams, Meilisearch, MultiSearchParams } from "meilisearch";
import { bodyStarts, countMatches, rankByTerms } from "./meili-rank";
import type { Field } from "./postings";
import { UNDATED, type SearchRequest } from "./engine";
import type { NumberLookup } from "./lookup";
import { STOP_WORDS, type MeiliDocument } from "./meili-settings";
import { parseQuery } from "./text";

// Private-use characters: they never occur in indexed text, so they can't be forged by it.
export const PRE = "\uE000";
export const POST = "\uE001";

const STOP_WORD_SET = new Set(STOP_WORDS);
const FACETS = ["kind", "year", "concept"];
/** How much a document matching one word of the query counts beside one matching the whole query (measured: dev questions 0.439 → 0.452 MRR@10 at 0.3; 0.6 and 0.9 rank single-word matches too high). */
const LOOSE_TERM_WEIGHT = 0.3;
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
    for (const [facet, value] of [
      ["kind", hit.kind],
      ["year", hit.year],
    ] as const) {
      if (value === undefined || value === null) continue;
      const counts = (out[facet] ??= {});
      counts[String(value)] = (counts[String(value)] ?? 0) + 1;
    }
  }
  return out;
}

type MeiliHit = Pick<MeiliDocument, "kind" | "slug" | "title" | "url" | "number" | "series" | "publishedAt" | "body">;
type WordSearch = { filter: string[]; attributesToRetrieve: string[] };
type PinnedHit = MeiliHit & { id: string; year?: number | string };

/** Meilisearch's answer, single or federated, with the issues found by number first. */
export type MeiliResponse = {
  hits: (MeiliHit & {
    _formatted?: Partial<MeiliHit>;
    _rankingScore?: number;
    _federation?: { weightedRankingScore: number };
  })[];
  estimatedTotalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
};

/** One page of results for `request` from index `uid`; errors are Meilisearch's own (the caller classifies them). */
export async function queryMeili(
  client: Meilisearch,
  uid: string,
  request: SearchRequest,
  lookup: NumberLookup | null,
): Promise<MeiliResponse> {
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
  let pinned: PinnedHit[] = [];
  for (const filter of lookup ? numberLookupFilters(lookup, shared.filter) : []) {
    const found = await client.index<MeiliDocument>(uid).search<PinnedHit>("", {
      ...shared,
      filter,
      attributesToRetrieve: [...shared.attributesToRetrieve, "id", "year"],
      limit: 20,
    });
    pinned.push(...found.hits);
  }
  pinned = pinned.filter((h, i) => pinned.findIndex((o) => o.id === h.id) === i);
  const pinnedPage = pinned.slice(request.offset, request.offset + request.limit);
  const wordFilter =
    pinned.length > 0
      ? [...shared.filter, `id NOT IN [${pinned.map((h) => quoteFilterValue(h.id)).join(", ")}]`]
      : shared.filter;
  const words_ = { ...shared, filter: wordFilter };
  const offset = Math.max(0, request.offset - pinned.length);
  const limit = request.limit - pinnedPage.length;
  // "issue 125", "no. 125": the words around a bare number only say it is one; the number is what to search.
  const q = lookup && lookup.series === null && lookup.rest === "" ? String(lookup.number) : request.q;
  const loose = looseTerms(lookup && lookup.rest === "" ? "" : q);
  let response: MeiliResponse;
  if (loose.length < 2) {
    response = await client.index<MeiliDocument>(uid).search<MeiliHit>(q, {
      ...words_,
      limit,
      offset,
      facets: FACETS,
      // Drop the most frequent words first when not all match.
      matchingStrategy: "frequency",
    });
  } else {
    // A question: its words ranked by BM25F here, Meilisearch finding them (rankedSearch).
    response = await rankedSearch(client, uid, q, loose, words_, offset, limit);
  }
  if (pinned.length === 0) return response;
  const top = Math.max(1, ...response.hits.map((h) => h._federation?.weightedRankingScore ?? h._rankingScore ?? 0));
  return {
    ...response,
    hits: [...pinnedPage.map((h, i) => ({ ...h, _rankingScore: top + pinnedPage.length - i })), ...response.hits],
    estimatedTotalHits: (response.estimatedTotalHits ?? 0) + pinned.length,
    facetDistribution: addPinnedFacets(response.facetDistribution ?? {}, pinned),
  };
}

/**
 * How many of each word's best matches (by Meilisearch's order: attribute, exactness) are ranked; a rarer
 * word's are all of them. Measured 100 against 1,000: dev questions 0.826 / 0.831, judged queries 0.892 /
 * 0.863 and held out 0.906 / 0.899 (MRR@10) — past the first hundred, a common word's matches are mostly
 * prefixes and typos of it.
 */
const PER_TERM = 100;

type TermHit = {
  id: string;
  kind: "issue" | "concept";
  words?: Partial<Record<Field, number>>;
  _matchesPosition?: Record<string, unknown[]>;
};

/**
 * A question of several words: each meaningful word searched alone (its document frequency and where it
 * occurs in its best documents), ranked here by BM25F (lib/search/meili-rank.ts); the federated search of
 * the whole query and its words gives the total, the facets, and the order of anything past the ranked
 * candidates. The page's documents are then fetched by id.
 */
async function rankedSearch(
  client: Meilisearch,
  uid: string,
  q: string,
  loose: string[],
  words_: WordSearch,
  offset: number,
  limit: number,
): Promise<MeiliResponse> {
  const [perTerm, federated] = await Promise.all([
    client.multiSearch<MultiSearchParams, TermHit>({
      queries: [
        { indexUid: uid, q: "", filter: words_.filter, limit: 0 },
        ...loose.map((term) => ({
          indexUid: uid,
          q: term,
          filter: words_.filter,
          limit: PER_TERM,
          attributesToRetrieve: ["id", "kind", "words"],
          showMatchesPosition: true,
        })),
      ],
    }),
    client.multiSearch<FederatedMultiSearchParams, { id: string }>({
      federation: { limit: offset + limit, offset: 0, facetsByIndex: { [uid]: FACETS }, mergeFacets: {} },
      queries: [
        {
          indexUid: uid,
          q,
          matchingStrategy: "frequency",
          filter: words_.filter,
          attributesToRetrieve: ["id"],
          federationOptions: { weight: 1 },
        },
        ...loose.map((term) => ({
          indexUid: uid,
          q: term,
          filter: words_.filter,
          attributesToRetrieve: ["id"],
          federationOptions: { weight: LOOSE_TERM_WEIGHT },
        })),
      ],
    }),
  ]);
  const [all, ...terms] = perTerm.results;
  const total = all?.estimatedTotalHits ?? 0;
  const ranked = rankByTerms(
    terms.map((t) => ({
      df: t.estimatedTotalHits ?? t.hits.length,
      matches: t.hits.map((h) => ({
        id: String(h.id),
        kind: h.kind,
        tf: countMatches(h._matchesPosition),
        lengths: h.words,
        bodyStarts: bodyStarts(h._matchesPosition),
      })),
    })),
    total,
  );
  const scoreOf = new Map(ranked);
  const order = [...scoreOf.keys(), ...federated.hits.map((h) => String(h.id)).filter((id) => !scoreOf.has(id))];
  const page = order.slice(offset, offset + limit);
  const found =
    page.length === 0
      ? []
      : (
          await client.index<MeiliDocument>(uid).search<MeiliHit & { id: string }>("", {
            filter: [...words_.filter, `id IN [${page.map(quoteFilterValue).join(", ")}]`],
            attributesToRetrieve: [...words_.attributesToRetrieve, "id", "body"],
            limit: page.length,
          })
        ).hits;
  const byId = new Map(found.map((h) => [String(h.id), h]));
  return {
    hits: page.flatMap((id) => {
      const hit = byId.get(id);
      return hit ? [{ ...hit, _rankingScore: scoreOf.get(id) ?? 0 }] : [];
    }),
    estimatedTotalHits: federated.estimatedTotalHits,
    facetDistribution: federated.facetDistribution,
  };
}
