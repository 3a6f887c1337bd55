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
import { CONCEPT_WEIGHT, DEFAULT_PROXIMITY, type ProximityParams } from "./ranking";
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
  const reranked = head
    .map(([id, score]): [string, number] => {
      const found = occurrences.get(id);
      const extra = found
        ? proximityOf(found.at, weights, proximity) * (found.kind === "concept" ? CONCEPT_WEIGHT : 1)
        : 0;
      return [id, score + extra];
    })
    .sort(byScore);
  return [...reranked, ...ordered.slice(proximity.candidates)];
}

/** Characters per word of running English text, spaces and punctuation included: token distances from offsets. */
const CHARS_PER_WORD = 6;

/** Per document, every body occurrence of a query word as [word position estimate, word index], in text order. */
function bodyOccurrences(terms: TermResult[]): Map<string, { kind: TermMatch["kind"]; at: [number, number][] }> {
  const out = new Map<string, { kind: TermMatch["kind"]; at: [number, number][] }>();
  for (const [t, term] of terms.entries()) {
    for (const m of term.matches) {
      if (!m.bodyStarts?.length) continue;
      let entry = out.get(m.id);
      if (!entry) out.set(m.id, (entry = { kind: m.kind, at: [] }));
      for (const start of m.bodyStarts) entry.at.push([start / CHARS_PER_WORD, t]);
    }
  }
  for (const entry of out.values()) entry.at.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return out;
}

/**
 * The densest passage's saturated, IDF-weighted word counts and the adjacent query-word pairs (in the
 * query's order), as lib/search/ranking.ts's proximityScore computes them from token positions.
 */
function proximityOf(at: [number, number][], idf: number[], params: ProximityParams): number {
  const n = idf.length;
  if (n < 2 || at.length === 0) return 0;
  const sat = (c: number) => (c * (params.k1 + 1)) / (c + params.k1);
  const counts = new Array<number>(n).fill(0);
  let passage = 0;
  let current = 0;
  let left = 0;
  for (const [pos, w] of at) {
    current += idf[w]! * (sat(counts[w]! + 1) - sat(counts[w]!));
    counts[w]!++;
    while (pos - at[left]![0] >= params.passage) {
      const lw = at[left]![1];
      current -= idf[lw]! * (sat(counts[lw]!) - sat(counts[lw]! - 1));
      counts[lw]!--;
      left++;
    }
    passage = Math.max(passage, current);
  }
  const pairCounts = new Array<number>(n).fill(0);
  for (let i = 0; i < at.length; i++) {
    const [pos, w] = at[i]!;
    if (w + 1 >= n) continue;
    for (let j = i + 1; j < at.length && at[j]![0] - pos <= params.pairWindow; j++) {
      if (at[j]![0] > pos && at[j]![1] === w + 1) pairCounts[w]!++;
    }
  }
  let pairs = 0;
  for (let w = 0; w + 1 < n; w++) if (pairCounts[w]! > 0) pairs += ((idf[w]! + idf[w + 1]!) / 2) * sat(pairCounts[w]!);
  return params.passageWeight * passage + params.pairWeight * pairs;
}

function meanLengths(terms: TermResult[]): Record<Field, number> {
  const seen = new Map<string, TermMatch>();
  for (const t of terms) for (const m of t.matches) if (m.lengths) seen.set(m.id, m);
  const mean = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
  if (seen.size === 0) return mean;
  for (const m of seen.values()) for (const f of FIELDS) mean[f] += (m.lengths?.[f] ?? 0) / seen.size;
  return mean;
}
