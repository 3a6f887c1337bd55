/**
 * Meilisearch finds; this ranks. Meilisearch orders matches by buckets (how
 * many query words match, then typos, proximity, attribute, exactness) and
 * weighs no word by how rare it is, so a reader's question — whose rarest
 * word is often not in the issue that answers it — ranked poorly there
 * (README, "Meilisearch in production"). Each meaningful word of the query is
 * searched alone; Meilisearch says how many documents hold it (its document
 * frequency) and where it occurs in each (`_matchesPosition`, per field), and
 * the candidates are ranked here by BM25F over those counts: the built-in
 * engine's weighting (lib/search/postings.ts), with Meilisearch's own typo and
 * prefix matching deciding what counts as the word.
 */
import { CONCEPT_WEIGHT, DEFAULT_PROXIMITY, type ProximityParams, proximityOfPacked } from "./ranking";
import { DEFAULT_RANKING, FIELDS, type Field, type RankingParams } from "./postings";

/** Where one query word occurs in one document: occurrences per field, and the fields' lengths in words when known. */
export type TermMatch = {
  id: string;
  kind: "issue" | "concept";
  tf: Partial<Record<Field, number>>;
  lengths?: Partial<Record<Field, number>>;
  /** Where the word starts in the body (characters), for proximity. */
  bodyStarts?: number[];
};

/** One query word: how many documents hold it (under the request's filters), and the best of them. */
export type TermResult = { df: number; matches: TermMatch[] };

/** Occurrences per field from Meilisearch's `_matchesPosition` (array fields may be keyed `concepts` or `concepts.0`). */
export function countMatches(positions: Record<string, unknown[]> | undefined): Partial<Record<Field, number>> {
  const tf: Partial<Record<Field, number>> = {};
  for (const [key, list] of Object.entries(positions ?? {})) {
    const field = key.split(/[.[]/)[0] as Field;
    if (!FIELDS.includes(field) || !Array.isArray(list)) continue;
    tf[field] = (tf[field] ?? 0) + list.length;
  }
  return tf;
}

/** Start offsets of the matches in the body. */
export function bodyStarts(positions: Record<string, unknown[]> | undefined): number[] {
  const list = positions?.body;
  if (!Array.isArray(list)) return [];
  return list.flatMap((m) =>
    typeof (m as { start?: unknown }).start === "number" ? [(m as { start: number }).start] : [],
  );
}

/** Robertson–Spärck Jones IDF, never negative (as in the built-in engine). */
function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * The candidates' ids with their scores, best first, by BM25F summed over the query words, the best
 * of them reranked by proximity.
 * `total` is how many documents the filters allow; a field's mean length is
 * taken over the candidates whose length is known (Meilisearch keeps no
 * corpus statistics we could read), which only sets the scale of `b`.
 */
export function rankByTerms(
  terms: TermResult[],
  total: number,
  params: RankingParams = DEFAULT_RANKING,
  proximity: ProximityParams = DEFAULT_PROXIMITY,
): [id: string, score: number][] {
  const mean = meanLengths(terms);
  const scores = new Map<string, number>();
  const weights = terms.map((term) => idf(Math.max(total, term.df), term.df));
  for (const [t, term] of terms.entries()) {
    const weight = weights[t]!;
    for (const m of term.matches) {
      let tf = 0;
      for (const field of FIELDS) {
        const count = m.tf[field] ?? 0;
        if (count === 0) continue;
        const length = m.lengths?.[field];
        const norm =
          length !== undefined && mean[field] > 0 ? 1 - params.b[field] + params.b[field] * (length / mean[field]) : 1;
        tf += (params.weight[field] * count) / Math.max(norm, 1e-6);
      }
      const score = weight * (tf / (params.k1 + tf)) * (m.kind === "concept" ? CONCEPT_WEIGHT : 1);
      scores.set(m.id, (scores.get(m.id) ?? 0) + score);
    }
  }
  const byScore = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
  const ordered = [...scores.entries()].sort(byScore);
  // The best candidates are reranked by where the words occur, as the built-in engine does (lib/search/ranking.ts).
  const head = ordered.slice(0, proximity.candidates);
  const occurrences = bodyOccurrences(terms);
  const idfs = Float64Array.from(weights);
  const reranked = head
    .map(([id, score]): [string, number] => {
      const found = occurrences.get(id);
      const extra = found
        ? proximityOfPacked(found.packed, idfs, proximity) * (found.kind === "concept" ? CONCEPT_WEIGHT : 1)
        : 0;
      return [id, score + extra];
    })
    .sort(byScore);
  return [...reranked, ...ordered.slice(proximity.candidates)];
}

/** Characters per word of running English text, spaces and punctuation included: token distances from offsets. */
const CHARS_PER_WORD = 6;

/**
 * Per document, every body occurrence of a query word packed as estimated word position * 64 + the
 * word's index in the query, sorted (lib/search/ranking.ts's proximityOfPacked reads them).
 */
function bodyOccurrences(terms: TermResult[]): Map<string, { kind: TermMatch["kind"]; packed: Float64Array }> {
  const found = new Map<string, { kind: TermMatch["kind"]; at: number[] }>();
  for (const [t, term] of terms.entries()) {
    for (const m of term.matches) {
      if (!m.bodyStarts?.length) continue;
      let entry = found.get(m.id);
      if (!entry) found.set(m.id, (entry = { kind: m.kind, at: [] }));
      for (const start of m.bodyStarts) entry.at.push(Math.floor(start / CHARS_PER_WORD) * 64 + t);
    }
  }
  return new Map([...found].map(([id, e]) => [id, { kind: e.kind, packed: Float64Array.from(e.at).sort() }]));
}

function meanLengths(terms: TermResult[]): Record<Field, number> {
  const seen = new Map<string, TermMatch>();
  for (const t of terms) for (const m of t.matches) if (m.lengths) seen.set(m.id, m);
  const mean = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
  if (seen.size === 0) return mean;
  for (const m of seen.values()) for (const f of FIELDS) mean[f] += (m.lengths?.[f] ?? 0) / seen.size;
  return mean;
}
