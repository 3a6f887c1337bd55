/**
 * The built-in engine's reading of a query: each query word becomes the terms
 * that may stand for it — its stem, close words when it is misspelt,
 * completions when it is the word being typed — each weighted by IDF; quoted
 * phrases become term sequences every match must hold. What it decides is
 * which words a query means; lib/search/ranking.ts decides how documents
 * holding them rank.
 */
import { tokenize, type Token } from "./analyze";
import type { MemoryIndex } from "./memory-index";
import { allowedTypos, editDistance } from "./text";

/** Query weight of a word's alternatives, relative to the word as typed. */
const COMPLETION_WEIGHT = 0.85;
const COMPLETION_OF_KNOWN_WORD_WEIGHT = 0.35;
const TYPO_WEIGHT = [1, 0.8, 0.6] as const;
const MAX_COMPLETIONS = 8;
/** Typo candidates: words sharing at least this share of trigrams (pg_trgm's default threshold). */
const TYPO_SIMILARITY = 0.3;
const TYPO_CANDIDATES = 12;

type Alternative = { term: number; weight: number };

/** A query word and the terms that stand for it (weights include IDF); `weight` is the highest of them. */
type PlannedWord = { position: number; word: string; alternatives: Alternative[]; weight: number };

export type QueryPlan = {
  words: PlannedWord[];
  /** Quoted phrases: per phrase, its terms (stop words as null) in order. */
  phrases: (number | null)[][];
};

function isPrefixTyped(q: string): boolean {
  // A query still being typed ends inside a word: "roadm", not "roadmap " or "roadmap?".
  return /[\p{L}\p{N}]$/u.test(q);
}

/** Close indexed words within the word's typo budget, as (word id, distance), the closest first. */
export function typoFixes(
  index: MemoryIndex,
  word: string,
  candidates: number[],
  budget = allowedTypos(word),
): { word: number; distance: number }[] {
  const best = new Map<number, { word: number; distance: number }>();
  for (const wid of candidates) {
    const other = index.lexicon.words[wid]!;
    const distance = editDistance(word, other, budget);
    if (distance === 0 || distance > budget) continue;
    const term = index.lexicon.wordTerm[wid]!;
    const seen = best.get(term);
    if (
      !seen ||
      distance < seen.distance ||
      (distance === seen.distance && index.wordDocs[wid]! > index.wordDocs[seen.word]!)
    ) {
      best.set(term, { word: wid, distance });
    }
  }
  const fixes = [...best.values()].sort(
    (a, b) => a.distance - b.distance || index.wordDocs[b.word]! - index.wordDocs[a.word]!,
  );
  const closest = fixes[0]?.distance;
  return fixes.filter((f) => f.distance === closest).slice(0, 3);
}

export function planQuery(index: MemoryIndex, q: string): QueryPlan {
  const tokens = tokenize(q);
  const prefixAt = isPrefixTyped(q) && tokens.length > 0 ? tokens.length - 1 : -1;
  const words: PlannedWord[] = [];
  tokens.forEach((t, position) => {
    const typing = position === prefixAt && t.word.length >= 2;
    if (t.stop && !typing) return;
    const termId = index.lexicon.termIds.get(t.term);
    const known = !t.stop && index.known(termId);
    const alternatives: Alternative[] = [];
    if (known) alternatives.push({ term: termId, weight: index.idf(termId) });
    let completed = false;
    if (typing) {
      const weight = known ? COMPLETION_OF_KNOWN_WORD_WEIGHT : COMPLETION_WEIGHT;
      for (const c of index.vocabulary.completions(t.word, MAX_COMPLETIONS)) {
        const term = index.lexicon.wordTerm[c.word]!;
        if (index.lexicon.stopTerm[term] || term === termId) continue;
        completed = true;
        alternatives.push({ term, weight: weight * index.idf(term) });
      }
    }
    if (!known && !t.stop && !completed && allowedTypos(t.word) > 0) {
      const candidates = index.vocabulary.similarWords(t.word, TYPO_CANDIDATES, TYPO_SIMILARITY).map((s) => s.word);
      for (const fix of typoFixes(index, t.word, candidates)) {
        const term = index.lexicon.wordTerm[fix.word]!;
        alternatives.push({ term, weight: (TYPO_WEIGHT[fix.distance] ?? 0.5) * index.idf(term) });
      }
    }
    // One weight per term: the highest its alternatives give it.
    const byTerm = new Map<number, number>();
    for (const a of alternatives)
      if (!index.lexicon.stopTerm[a.term]) byTerm.set(a.term, Math.max(byTerm.get(a.term) ?? 0, a.weight));
    if (byTerm.size > 0) {
      words.push({
        position,
        word: t.word,
        alternatives: [...byTerm].map(([term, weight]) => ({ term, weight })),
        weight: Math.max(...byTerm.values()),
      });
    }
  });

  const phrases: (number | null)[][] = [];
  for (const m of q.matchAll(/"([^"]*)"/g)) {
    const terms = tokenize(m[1] ?? "").map((t: Token) => (t.stop ? null : (index.lexicon.termIds.get(t.term) ?? -1)));
    if (terms.some((t) => t !== null)) phrases.push(terms);
  }
  return { words, phrases };
}
