/**
 * The words the built-in index knows: ids for stems (terms, what is scored)
 * and for words as written (what completion, typo tolerance and highlighting
 * compare), and finding written words by prefix or by likeness. Ids are
 * append-only for the life of an index, so they stay valid across rebuilds;
 * which words are live is decided per build by their document counts.
 */
import { analyzeWord } from "./analyze";

/** Term and word dictionaries, append-only for the life of an index (ids stay valid across rebuilds). */
export class Lexicon {
  readonly termIds = new Map<string, number>();
  readonly terms: string[] = [];
  readonly stopTerm: boolean[] = [];
  readonly wordIds = new Map<string, number>();
  readonly words: string[] = [];
  /** Word id → term id. */
  readonly wordTerm: number[] = [];
  /** A word exactly as it appears in text → its word id (-1: not a word): most tokens are a single lookup. */
  private readonly surfaces = new Map<string, number>();

  /** The word id of a word as it appears in text, analysing it the first time. */
  lookup(raw: string): number {
    let wid = this.surfaces.get(raw);
    if (wid === undefined) {
      const a = analyzeWord(raw);
      wid = a ? this.word(a.word, this.term(a.term, a.stop)) : -1;
      if (this.surfaces.size > 500_000) this.surfaces.clear();
      this.surfaces.set(raw, wid);
    }
    return wid;
  }

  term(term: string, stop: boolean): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      this.stopTerm.push(stop);
    }
    return id;
  }

  word(word: string, termId: number): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.wordIds.set(word, id);
      this.words.push(word);
      this.wordTerm.push(termId);
    }
    return id;
  }
}

/**
 * The words of the documents indexed at one build, looked up by how they
 * begin or how they look. Its sorted list and trigram index are made on first
 * use: many builds (a refresh per ingest) are never asked.
 */
export class Vocabulary {
  private sortedWords: number[] | null = null;
  private trigrams: Map<string, number[]> | null = null;
  /** Word id → how many distinct trigrams it has (pg_trgm's similarity needs both words' counts). */
  private trigramCounts = new Int32Array(0);

  private readonly lexicon: Lexicon;
  private readonly wordDocs: Int32Array;

  /** `wordDocs`: per word id, how many documents contain it (0: not in this build). */
  constructor(lexicon: Lexicon, wordDocs: Int32Array) {
    this.lexicon = lexicon;
    this.wordDocs = wordDocs;
  }

  /** Indexed words starting with `prefix`, most frequent first. */
  completions(prefix: string, limit: number): { word: number; docs: number }[] {
    const sorted = this.wordsInOrder();
    const words = this.lexicon.words;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (words[sorted[mid]!]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: { word: number; docs: number }[] = [];
    for (let i = lo; i < sorted.length; i++) {
      const wid = sorted[i]!;
      if (!words[wid]!.startsWith(prefix)) break;
      found.push({ word: wid, docs: this.wordDocs[wid]! });
    }
    return found.sort((a, b) => b.docs - a.docs || words[a.word]!.localeCompare(words[b.word]!)).slice(0, limit);
  }

  /** Indexed words sharing trigrams with `word`, most similar first (pg_trgm's similarity). */
  similarWords(word: string, limit: number, minSimilarity: number): { word: number; similarity: number }[] {
    const index = this.trigramIndex();
    const own = trigramsOf(word);
    const shared = new Map<number, number>();
    for (const g of own) for (const wid of index.get(g) ?? []) shared.set(wid, (shared.get(wid) ?? 0) + 1);
    const found: { word: number; similarity: number }[] = [];
    for (const [wid, n] of shared) {
      const total = this.trigramCounts[wid]! + own.size - n;
      const similarity = n / total;
      if (similarity >= minSimilarity) found.push({ word: wid, similarity });
    }
    return found
      .sort((a, b) => b.similarity - a.similarity || this.wordDocs[b.word]! - this.wordDocs[a.word]! || a.word - b.word)
      .slice(0, limit);
  }

  private wordsInOrder(): number[] {
    if (!this.sortedWords) {
      const words = this.lexicon.words;
      const live: number[] = [];
      for (let wid = 0; wid < words.length; wid++) if (this.wordDocs[wid]! > 0) live.push(wid);
      this.sortedWords = live.sort((a, b) => (words[a]! < words[b]! ? -1 : words[a]! > words[b]! ? 1 : 0));
    }
    return this.sortedWords;
  }

  private trigramIndex(): Map<string, number[]> {
    if (!this.trigrams) {
      const index = new Map<string, number[]>();
      const words = this.lexicon.words;
      this.trigramCounts = new Int32Array(words.length);
      for (let wid = 0; wid < words.length; wid++) {
        if (this.wordDocs[wid] === 0) continue;
        const grams = trigramsOf(words[wid]!);
        this.trigramCounts[wid] = grams.size;
        for (const g of grams) {
          const list = index.get(g);
          if (list) list.push(wid);
          else index.set(g, [wid]);
        }
      }
      this.trigrams = index;
    }
    return this.trigrams;
  }
}

/** A word's trigrams as pg_trgm pads them ("  w", " wo", …, "rd "). */
function trigramsOf(word: string): Set<string> {
  const padded = `  ${word} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}
