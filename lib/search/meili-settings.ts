/**
 * What Meilisearch holds for Concordance: each document as it is stored there
 * (toMeiliDocument), and the index settings — searchable fields in priority
 * order, filters and facets, stop words, synonyms from concept aliases. Every
 * settings update makes Meilisearch re-index everything, so settingsToUpdate
 * sends only what differs from what the index already holds.
 */
import type { Settings } from "meilisearch";
import { forEachWord } from "./analyze";
import { UNDATED, type SearchDocument } from "./engine";

/**
 * The shape of what toMeiliDocument sends: bump it when the shape changes, and every document is sent
 * again by the next search stage (`search_documents.meili_hash` records it with the source hash).
 * 2: each field's length in words (`words`), for lib/search/meili-rank.ts.
 */
export const MEILI_DOCUMENT_FORMAT = 2;

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
  /** Each searchable field's length in words (lib/search/meili-rank.ts normalises by it). */
  words: Record<"title" | "concepts" | "headings" | "body", number>;
};

/** Words too common to carry meaning in a question; Meilisearch ignores them when matching. */
export const STOP_WORDS = [
  "a",
  "about",
  "am",
  "an",
  "and",
  "are",
  "as",
  "at",
  "be",
  "been",
  "but",
  "by",
  "can",
  "could",
  "did",
  "do",
  "does",
  "for",
  "from",
  "had",
  "has",
  "have",
  "how",
  "i",
  "if",
  "in",
  "into",
  "is",
  "it",
  "its",
  "me",
  "my",
  "of",
  "on",
  "or",
  "our",
  "should",
  "so",
  "that",
  "the",
  "their",
  "them",
  "then",
  "there",
  "these",
  "they",
  "this",
  "to",
  "us",
  "was",
  "we",
  "were",
  "what",
  "when",
  "where",
  "which",
  "who",
  "why",
  "will",
  "with",
  "would",
  "you",
  "your",
];

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
    displayedAttributes: [
      "id",
      "kind",
      "slug",
      "title",
      "url",
      "number",
      "series",
      "publishedAt",
      "body",
      "concept",
      "year",
      // Shown so that `_matchesPosition` reports matches in them, and the field lengths, for lib/search/meili-rank.ts.
      "concepts",
      "headings",
      "words",
    ],
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
  const asSet = (v: unknown) =>
    Array.isArray(v) ? JSON.stringify([...v].map(String).sort()) : JSON.stringify(v ?? null);
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
    const equal = compare
      ? compare(wanted[key], current[key])
      : JSON.stringify(wanted[key]) === JSON.stringify(current[key]);
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
    words: {
      title: countWords(doc.title),
      concepts: doc.conceptNames.reduce((n, name) => n + countWords(name), 0),
      headings: doc.headings.reduce((n, h) => n + countWords(h), 0),
      body: countWords(doc.body),
    },
  };
}

function countWords(text: string): number {
  let n = 0;
  forEachWord(text, () => n++);
  return n;
}
