/**
 * The built-in engine's ranking of a planned query (lib/search/query-plan.ts)
 * over a MemoryIndex:
 *
 * 1. Score every matching document by BM25F (OR semantics: a question whose
 *    words are not all in one issue still finds the issue sharing the rarest);
 *    the field weighting is baked into the postings (lib/search/postings.ts).
 * 2. Rerank the best candidates with where the words occur: the densest
 *    passage (an issue that answers a question tends to say so in one place,
 *    while a long post matches its words far apart) and query word pairs that
 *    appear next to each other ("learning backlogs", "work in progress").
 */
import type { MemoryIndex } from "./memory-index";
import type { QueryPlan } from "./query-plan";

/**
 * Concept documents are a few words long, so BM25 rates them highly for any
 * word of their name; issues are what readers come for. A query that names a
 * concept still puts it first (lib/search/index.ts).
 */
export const CONCEPT_WEIGHT = 0.5;

export type ProximityParams = {
  /** How many of the best candidates are reranked. */
  candidates: number;
  /** Passage length in tokens (stop words included), and the weight of its score. */
  passage: number;
  passageWeight: number;
  /** Two query words count as a pair when the second follows the first within this many tokens. */
  pairWindow: number;
  pairWeight: number;
  /** Saturation of passage counts and pair counts. */
  k1: number;
};

export const DEFAULT_PROXIMITY: ProximityParams = {
  candidates: 50,
  passage: 100,
  passageWeight: 0.4,
  pairWindow: 3,
  pairWeight: 0.4,
  k1: 1.2,
};

/** Does the document hold the phrase: its terms at the same distances (stop words as gaps), in one field? */
export function hasPhrase(index: MemoryIndex, slot: number, phrase: (number | null)[]): boolean {
  const first = phrase.findIndex((t) => t !== null);
  const anchor = phrase[first]!;
  if (anchor < 0) return false;
  const p = index.postingsOf(anchor);
  const at = index.find(p, slot);
  if (at < 0) return false;
  const tokens = index.docs[slot]!.tokens;
  outer: for (let i = p.posStart[at]!; i < p.posStart[at + 1]!; i++) {
    const start = p.positions[i]! - first;
    if (start < 0 || start + phrase.length > tokens.length) continue;
    for (let j = 0; j < phrase.length; j++) {
      const want = phrase[j];
      const got = tokens[start + j]!;
      if (got < 0) continue outer; // a field boundary
      if (want !== null && want !== got) continue outer;
      if (want === null && !index.lexicon.stopTerm[got]) continue outer;
    }
    return true;
  }
  return false;
}

/** `scores` is indexed by slot; it is the index's scratch array, valid until the next scoreDocuments on that index. */
export type Scored = { slots: Int32Array; scores: Float64Array };

/**
 * Per slot, how many of the phrases' distinct terms the document holds, and
 * how many a document must hold to contain every phrase: only those can, so
 * only they are read position by position.
 */
function phraseTermCounts(index: MemoryIndex, phrases: (number | null)[][], counts: Int32Array): number {
  let required = 0;
  for (const phrase of phrases) {
    const terms = new Set<number>();
    for (const t of phrase) if (t !== null) terms.add(t);
    for (const t of terms) {
      required++;
      if (t < 0) continue;
      const docs = index.postingsOf(t).docs;
      for (let i = 0; i < docs.length; i++) counts[docs[i]!]!++;
    }
  }
  return required;
}

/**
 * Count one more for each document at `want` that holds the phrase (what
 * hasPhrase decides), walking the postings of the phrase's rarest term in
 * slot order: its positions are the fewest starts to try, and no document is
 * looked up.
 */
function countPhrase(index: MemoryIndex, phrase: (number | null)[], counts: Int32Array, want: number): void {
  let anchorAt = -1;
  let fewest = Infinity;
  for (let j = 0; j < phrase.length; j++) {
    const t = phrase[j];
    if (t === null || t === undefined) continue;
    if (t < 0) return;
    const n = index.postingsOf(t).positions.length;
    if (n < fewest) {
      fewest = n;
      anchorAt = j;
    }
  }
  if (anchorAt < 0) return;
  const p = index.postingsOf(phrase[anchorAt]!);
  const stopTerm = index.lexicon.stopTerm;
  const { allTokens: tokens, tokenStart } = index;
  for (let i = 0; i < p.docs.length; i++) {
    const slot = p.docs[i]!;
    if (counts[slot] !== want) continue;
    const base = tokenStart[slot]!;
    const length = tokenStart[slot + 1]! - base;
    outer: for (let k = p.posStart[i]!; k < p.posStart[i + 1]!; k++) {
      const start = p.positions[k]! - anchorAt;
      if (start < 0 || start + phrase.length > length) continue;
      for (let j = 0; j < phrase.length; j++) {
        const expected = phrase[j];
        const got = tokens[base + start + j]!;
        if (got < 0) continue outer; // a field boundary
        if (expected !== null && expected !== got) continue outer;
        if (expected === null && !stopTerm[got]) continue outer;
      }
      counts[slot]!++;
      break;
    }
  }
}

/**
 * Every visible document allowed by `mask` that matches a word (and every
 * phrase), with its BM25F score; unordered.
 */
export function scoreDocuments(index: MemoryIndex, plan: QueryPlan, mask: Uint8Array): Scored {
  const { scores, hit, best, phrase, touched } = index.scratch();
  scores.fill(0);
  hit.fill(0);
  let touchedCount = 0;
  for (const word of plan.words) {
    if (word.alternatives.length === 1) {
      const { term, weight } = word.alternatives[0]!;
      const p = index.postingsOf(term);
      const docs = p.docs;
      const impacts = p.impacts;
      for (let i = 0; i < docs.length; i++) {
        const slot = docs[i]!;
        if (!mask[slot]) continue;
        if (!hit[slot]) {
          hit[slot] = 1;
          touched[touchedCount++] = slot;
        }
        scores[slot]! += weight * impacts[i]!;
      }
      continue;
    }
    // Several terms stand for this word: a document counts the best of them once.
    const mine: number[] = [];
    for (const { term, weight } of word.alternatives) {
      const p = index.postingsOf(term);
      const docs = p.docs;
      const impacts = p.impacts;
      for (let i = 0; i < docs.length; i++) {
        const slot = docs[i]!;
        if (!mask[slot]) continue;
        const s = weight * impacts[i]!;
        if (best[slot] === 0) mine.push(slot);
        if (s > best[slot]!) best[slot] = s;
      }
    }
    for (const slot of mine) {
      if (!hit[slot]) {
        hit[slot] = 1;
        touched[touchedCount++] = slot;
      }
      scores[slot]! += best[slot]!;
      best[slot] = 0;
    }
  }
  // With phrases, a document must hold each of them: phrase[slot] ends at `passing` for those that do.
  let passing = 0;
  if (plan.phrases.length > 0) {
    passing = phraseTermCounts(index, plan.phrases, phrase);
    for (const ph of plan.phrases) countPhrase(index, ph, phrase, passing++);
  }
  let kept = 0;
  for (let i = 0; i < touchedCount; i++) {
    const slot = touched[i]!;
    if (plan.phrases.length > 0 && phrase[slot] !== passing) continue;
    if (index.isConcept[slot]) scores[slot]! *= CONCEPT_WEIGHT;
    touched[kept++] = slot;
  }
  if (plan.phrases.length > 0) phrase.fill(0);
  return { slots: touched.slice(0, kept), scores };
}

/** The `k` best of `slots` by score (ties: lower slot first), best first. */
export function topK(slots: Int32Array, scores: Float64Array, k: number): number[] {
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  if (slots.length <= k) return [...slots].sort((a, b) => (better(a, b) ? -1 : 1));
  // A min-heap of the k best so far.
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && better(heap[m]!, heap[l]!)) m = l;
      if (r < heap.length && better(heap[m]!, heap[r]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!better(heap[p]!, heap[i]!)) return;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  for (const slot of slots) {
    if (heap.length < k) {
      heap.push(slot);
      up(heap.length - 1);
    } else if (better(slot, heap[0]!)) {
      heap[0] = slot;
      down(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : 1));
}

/** Query words beyond this share the last slot in proximity scoring (positions are packed with the word's slot). */
const MAX_PROXIMITY_WORDS = 63;

/**
 * Proximity evidence for one document: the best passage's saturated,
 * IDF-weighted word counts, and the adjacent query-word pairs it contains.
 */
export function proximityScore(index: MemoryIndex, slot: number, plan: QueryPlan, params: ProximityParams): number {
  const { words } = plan;
  const n = Math.min(words.length, MAX_PROXIMITY_WORDS + 1);
  if (n < 2) return 0;
  // Occurrences of the query words outside the concept names (a list of labels,
  // not prose), packed as position * 64 + word slot and sorted: position order.
  // Positions after the list are read as if it were not there, so distances
  // between the title and the text don't depend on how many names it holds.
  const starts = index.docs[slot]!.fieldStarts;
  const listFrom = starts[1]!;
  const listTo = starts[2]!;
  const listLength = listTo - listFrom;
  let total = 0;
  for (let w = 0; w < words.length; w++) {
    for (const { term } of words[w]!.alternatives) {
      const p = index.postingsOf(term);
      const at = index.find(p, slot);
      if (at >= 0) total += p.posStart[at + 1]! - p.posStart[at]!;
    }
  }
  if (total === 0) return 0;
  const all = new Float64Array(total);
  let k = 0;
  for (let w = 0; w < words.length; w++) {
    const wordSlot = Math.min(w, MAX_PROXIMITY_WORDS);
    for (const { term } of words[w]!.alternatives) {
      const p = index.postingsOf(term);
      const at = index.find(p, slot);
      if (at < 0) continue;
      for (let i = p.posStart[at]!; i < p.posStart[at + 1]!; i++) {
        const pos = p.positions[i]!;
        if (pos < listFrom) all[k++] = pos * 64 + wordSlot;
        else if (pos >= listTo) all[k++] = (pos - listLength) * 64 + wordSlot;
      }
    }
  }
  total = k;
  if (total === 0) return 0;
  const packed = all.subarray(0, total).sort();
  const idf = new Float64Array(n);
  for (let w = 0; w < n; w++) idf[w] = words[w]!.weight;
  return proximityOfPacked(packed, idf, params);
}

/**
 * The proximity score of a document's query-word occurrences, packed as position * 64 + word slot and
 * sorted (position order); `idf[w]` weighs word slot `w`, and pairs are counted in slot order (the
 * query's). Shared with the Meilisearch ranking (lib/search/meili-rank.ts), which estimates positions.
 */
export function proximityOfPacked(packed: Float64Array, idf: Float64Array, params: ProximityParams): number {
  const n = idf.length;
  const total = packed.length;
  if (n < 2 || total === 0) return 0;
  const k1 = params.k1;
  const sat = (c: number) => (c * (k1 + 1)) / (c + k1);

  // Densest passage: every window of `passage` tokens ending at an occurrence (a running sum).
  const counts = new Int32Array(n);
  let passage = 0;
  let current = 0;
  let left = 0;
  for (let right = 0; right < total; right++) {
    const pos = Math.floor(packed[right]! / 64);
    const w = packed[right]! % 64;
    current += idf[w]! * (sat(counts[w]! + 1) - sat(counts[w]!));
    counts[w]!++;
    while (pos - Math.floor(packed[left]! / 64) >= params.passage) {
      const lw = packed[left]! % 64;
      current -= idf[lw]! * (sat(counts[lw]!) - sat(counts[lw]! - 1));
      counts[lw]!--;
      left++;
    }
    if (current > passage) passage = current;
  }

  // Adjacent pairs of query words (in the query's order) within the window in the text:
  // for each occurrence of a word, the next occurrences of the following word.
  const pairCounts = new Int32Array(n);
  for (let i = 0; i < total; i++) {
    const pos = Math.floor(packed[i]! / 64);
    const w = packed[i]! % 64;
    if (w + 1 >= n) continue;
    for (let j = i + 1; j < total; j++) {
      const next = Math.floor(packed[j]! / 64);
      if (next - pos > params.pairWindow) break;
      if (next > pos && packed[j]! % 64 === w + 1) pairCounts[w]!++;
    }
  }
  let pairs = 0;
  for (let w = 0; w + 1 < n; w++) if (pairCounts[w]! > 0) pairs += ((idf[w]! + idf[w + 1]!) / 2) * sat(pairCounts[w]!);
  return params.passageWeight * passage + params.pairWeight * pairs;
}
