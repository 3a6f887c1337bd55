/**
 * The built-in engine's index, held in the server's memory and derived from
 * the documents stored in Postgres (lib/search/builtin.ts keeps it current).
 *
 * Each document is analysed once into a token stream (term ids, stop words
 * included, -1 between fields). From the streams the index builds positional
 * postings per term — documents, a precomputed BM25F impact, and positions —
 * plus the vocabulary of words as written, for completion, typo tolerance and
 * highlighting. Postings are rebuilt from the streams whenever the set of
 * documents changes; a rebuild reads no text again.
 */
import { analyzeWord, forEachWord, phraseKey, wordsKey } from "./analyze";
import { UNDATED, type YearValue } from "./engine";

export type Field = "title" | "concepts" | "headings" | "body";
export const FIELDS: readonly Field[] = ["title", "concepts", "headings", "body"];

/**
 * BM25F: each field's term frequency is weighted and normalised by that
 * field's own length before one saturation, so a short field (a title, a list
 * of concept names) is not drowned by the body's length. k1 is well above the
 * textbook 1.2 and the body almost fully length-normalised: readers' questions
 * use several of an issue's words, often repeated in it, and long list-like
 * posts should not win on breadth alone. The values are the ones
 * `npm run tune:search` found best, with the same choice on either half of the
 * questions (README, "Relevance").
 */
export type RankingParams = {
  k1: number;
  weight: Record<Field, number>;
  b: Record<Field, number>;
};

export const DEFAULT_RANKING: RankingParams = {
  k1: 3,
  weight: { title: 1, concepts: 0.5, headings: 0.5, body: 1 },
  b: { title: 0.5, concepts: 0.5, headings: 0.5, body: 0.9 },
};

/** A document as stored in Postgres (search_documents), before analysis. */
export type StoredDocument = {
  rowId: number;
  generation: number;
  key: string;
  kind: "issue" | "concept";
  refId: number;
  slug: string;
  title: string;
  url: string;
  number: number | null;
  series: string | null;
  year: number | null;
  publishedAt: string | null;
  /** Slugs of an issue's key concepts (the `concept` filter and facet). */
  concepts: string[];
  conceptNames: string[];
  headings: string[];
  body: string;
  /** What snippets are cut from: an issue's text, a concept's definition and aliases. */
  snippetText: string;
};

/** Concept facts that change without the concept's document changing. */
export type ConceptState = { hidden: boolean; score: number; mentions: number };

export type IndexedDocument = Omit<StoredDocument, "conceptNames" | "headings" | "body"> & {
  /** Term ids in reading order: title, concept names, headings, body, separated by -1. */
  tokens: Int32Array;
  /** Ids of the distinct words (as written) the document contains. */
  words: Int32Array;
  /** Non-stop tokens per field, in FIELDS order (BM25F length normalisation). */
  lengths: Float64Array;
  /** Where each field's tokens start in `tokens`, in FIELDS order. */
  fieldStarts: Int32Array;
  /** For concept documents: the phrase keys of the name and every alias. */
  names: string[];
};

/** Term and word dictionaries, append-only for the life of an index (ids stay valid across rebuilds). */
class Lexicon {
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

/** One term's postings: documents (slots, ascending), impacts, and each document's positions. */
export type Postings = {
  docs: Int32Array;
  impacts: Float32Array;
  /** positions[posStart[i] .. posStart[i + 1]) are the positions in docs[i]. */
  posStart: Int32Array;
  positions: Int32Array;
};

const EMPTY_POSTINGS: Postings = {
  docs: new Int32Array(0),
  impacts: new Float32Array(0),
  posStart: new Int32Array(1),
  positions: new Int32Array(0),
};

export class MemoryIndex {
  readonly lexicon = new Lexicon();
  readonly params: RankingParams;
  /** Documents by slot; a slot is the document's position in this array after the last build. */
  docs: IndexedDocument[] = [];
  private byRowId = new Map<number, IndexedDocument>();
  concepts = new Map<number, ConceptState>();
  generation = -1;

  // Derived by build():
  postings: Postings[] = [];
  /** Issues containing each term (IDF counts issues only: concepts repeat their issues' words). */
  issueDf = new Int32Array(0);
  issueCount = 0;
  /** Documents (issues and concepts) containing each word: orders completions and corrections. */
  wordDocs = new Int32Array(0);
  /** Term id → ids of the words that stem to it (for highlighting). */
  termWords: number[][] = [];
  avgLengths = new Float64Array(FIELDS.length);
  /** Concept phrase key → concept document slots. */
  names = new Map<string, number[]>();
  /** Concept slug → its document's slot. */
  conceptBySlug = new Map<string, number>();
  /** Per slot: 1 for a concept document. */
  isConcept = new Uint8Array(0);
  /** Per slot: 1 unless it is the document of a hidden (or unknown) concept. */
  visible = new Uint8Array(0);
  /** Per slot: the year, 0 when none. */
  years = new Int32Array(0);
  /** The distinct years, and per slot the index of its year in them (-1: none): facets count in arrays. */
  yearValues: number[] = [];
  yearOf = new Int32Array(0);
  /** Slugs of the concepts issues are about (the `concept` facet and filter), by facet id. */
  facetSlugs: string[] = [];
  /** Per slot: the facet ids of the document's concepts. */
  docFacets: Int32Array[] = [];
  private masks = new Map<string, Uint8Array>();
  seriesNames = new Map<string, string>();
  private putCount = 0;
  private wordMarks = new Int32Array(1024);
  private sortedWords: number[] | null = null;
  private trigrams: Map<string, number[]> | null = null;
  /** Word id → how many distinct trigrams it has (pg_trgm's similarity needs both words' counts). */
  private trigramCounts = new Int32Array(0);

  constructor(params: RankingParams = DEFAULT_RANKING) {
    this.params = params;
  }

  get size(): number {
    return this.docs.length;
  }

  has(rowId: number, generation: number): boolean {
    return this.byRowId.get(rowId)?.generation === generation;
  }

  /** Analyse a stored document (replacing any earlier version); call build() after a batch. */
  put(doc: StoredDocument): void {
    const lex = this.lexicon;
    const tokens: number[] = [];
    // Distinct words, marked per document in a shared array instead of a Set (millions of tokens at scale).
    const words: number[] = [];
    const mark = ++this.putCount;
    const lengths = new Float64Array(FIELDS.length);
    const fieldStarts = new Int32Array(FIELDS.length);
    const fields = [doc.title, doc.conceptNames.join(" \n "), doc.headings.join(" \n "), doc.body];
    fields.forEach((text, f) => {
      if (f > 0) tokens.push(-1);
      fieldStarts[f] = tokens.length;
      forEachWord(text, (raw) => {
        const wid = lex.lookup(raw);
        if (wid < 0) return;
        const term = lex.wordTerm[wid]!;
        tokens.push(term);
        if (wid >= this.wordMarks.length) {
          const grown = new Int32Array(Math.max(1024, wid * 2));
          grown.set(this.wordMarks);
          this.wordMarks = grown;
        }
        if (this.wordMarks[wid] !== mark) {
          this.wordMarks[wid] = mark;
          words.push(wid);
        }
        if (!lex.stopTerm[term]) lengths[f]! += 1;
      });
    });
    const { conceptNames, headings, body, ...rest } = doc;
    const indexed: IndexedDocument = {
      ...rest,
      tokens: Int32Array.from(tokens),
      words: Int32Array.from(words),
      lengths,
      fieldStarts,
      names: doc.kind === "concept" ? [...new Set([doc.title, ...conceptNames].map(phraseKey).filter(Boolean))] : [],
    };
    void headings;
    void body;
    this.byRowId.set(doc.rowId, indexed);
  }

  /** Drop documents whose rows are gone. */
  retain(rowIds: Set<number>): void {
    for (const id of [...this.byRowId.keys()]) if (!rowIds.has(id)) this.byRowId.delete(id);
  }

  /** Recompute slots, statistics, postings and lookups from the analysed documents. */
  build(): void {
    const docs = [...this.byRowId.values()].sort((a, b) => a.rowId - b.rowId);
    this.docs = docs;
    const nTerms = this.lexicon.terms.length;
    const { weight, b, k1 } = this.params;
    const w = FIELDS.map((f) => weight[f]);
    const bf = FIELDS.map((f) => b[f]);

    // Statistics over issues.
    const avg = new Float64Array(FIELDS.length);
    let issues = 0;
    for (const d of docs) {
      if (d.kind !== "issue") continue;
      issues++;
      for (let f = 0; f < FIELDS.length; f++) avg[f]! += d.lengths[f]!;
    }
    for (let f = 0; f < FIELDS.length; f++) avg[f] = issues > 0 ? Math.max(avg[f]! / issues, 1) : 1;
    this.avgLengths = avg;
    this.issueCount = issues;

    // Pass 1: postings and positions per term.
    const postingCount = new Int32Array(nTerms);
    const positionCount = new Int32Array(nTerms);
    const lastDoc = new Int32Array(nTerms).fill(-1);
    const issueDf = new Int32Array(nTerms);
    for (let slot = 0; slot < docs.length; slot++) {
      const d = docs[slot]!;
      for (const t of d.tokens) {
        if (t < 0 || this.lexicon.stopTerm[t]) continue;
        positionCount[t]!++;
        if (lastDoc[t] !== slot) {
          lastDoc[t] = slot;
          postingCount[t]!++;
          if (d.kind === "issue") issueDf[t]!++;
        }
      }
    }
    const postings: Postings[] = new Array<Postings>(nTerms);
    for (let t = 0; t < nTerms; t++) {
      postings[t] =
        postingCount[t] === 0
          ? EMPTY_POSTINGS
          : {
              docs: new Int32Array(postingCount[t]!),
              impacts: new Float32Array(postingCount[t]!),
              posStart: new Int32Array(postingCount[t]! + 1),
              positions: new Int32Array(positionCount[t]!),
            };
    }

    // Pass 2: fill, one document at a time (its per-term field counts in scratch arrays).
    const filled = new Int32Array(nTerms);
    const posFilled = new Int32Array(nTerms);
    const fieldTf = new Float64Array(nTerms * FIELDS.length);
    const seen: number[] = [];
    for (let slot = 0; slot < docs.length; slot++) {
      const d = docs[slot]!;
      let field = 0;
      for (let pos = 0; pos < d.tokens.length; pos++) {
        const t = d.tokens[pos]!;
        if (t < 0) {
          field++;
          continue;
        }
        if (this.lexicon.stopTerm[t]) continue;
        const p = postings[t]!;
        const i = filled[t]!;
        if (i === 0 || p.docs[i - 1] !== slot) {
          p.docs[i] = slot;
          p.posStart[i] = posFilled[t]!;
          filled[t] = i + 1;
          seen.push(t);
        }
        p.positions[posFilled[t]!] = pos;
        posFilled[t]!++;
        fieldTf[t * FIELDS.length + field]! += 1;
      }
      const norms = FIELDS.map((_, f) => 1 - bf[f]! + (bf[f]! * d.lengths[f]!) / avg[f]!);
      for (const t of seen) {
        let tf = 0;
        for (let f = 0; f < FIELDS.length; f++) {
          const n = fieldTf[t * FIELDS.length + f]!;
          if (n > 0) tf += (w[f]! * n) / norms[f]!;
          fieldTf[t * FIELDS.length + f] = 0;
        }
        const p = postings[t]!;
        p.impacts[filled[t]! - 1] = (tf * (k1 + 1)) / (tf + k1);
      }
      seen.length = 0;
    }
    for (let t = 0; t < nTerms; t++) {
      const p = postings[t]!;
      p.posStart[p.docs.length] = p.positions.length;
    }
    this.postings = postings;
    this.issueDf = issueDf;

    // Words: document counts, and the words of each term.
    const nWords = this.lexicon.words.length;
    const wordDocs = new Int32Array(nWords);
    for (const d of docs) for (const wid of d.words) wordDocs[wid]!++;
    this.wordDocs = wordDocs;
    const termWords: number[][] = Array.from({ length: nTerms }, () => []);
    for (let wid = 0; wid < nWords; wid++) if (wordDocs[wid]! > 0) termWords[this.lexicon.wordTerm[wid]!]!.push(wid);
    this.termWords = termWords;

    // Concept names, concept slugs, series names.
    this.names = new Map();
    this.conceptBySlug = new Map();
    this.seriesNames = new Map();
    docs.forEach((d, slot) => {
      if (d.kind === "concept") {
        this.conceptBySlug.set(d.slug, slot);
        for (const key of d.names) {
          const list = this.names.get(key);
          if (list) list.push(slot);
          else this.names.set(key, [slot]);
        }
      } else if (d.series && d.number !== null) {
        this.seriesNames.set(wordsKey(d.series), d.series);
      }
    });
    this.sortedWords = null;
    this.trigrams = null;

    // Per-slot arrays for filters and facets.
    const n = docs.length;
    this.isConcept = new Uint8Array(n);
    this.visible = new Uint8Array(n);
    this.years = new Int32Array(n);
    const facetIds = new Map<string, number>();
    this.facetSlugs = [];
    this.docFacets = docs.map((d, slot) => {
      this.isConcept[slot] = d.kind === "concept" ? 1 : 0;
      this.visible[slot] = d.kind === "issue" || this.concepts.get(d.refId)?.hidden === false ? 1 : 0;
      this.years[slot] = d.year ?? 0;
      return Int32Array.from(d.concepts, (c) => {
        let id = facetIds.get(c);
        if (id === undefined) {
          id = this.facetSlugs.length;
          facetIds.set(c, id);
          this.facetSlugs.push(c);
        }
        return id;
      });
    });
    const yearIds = new Map<number, number>();
    this.yearValues = [];
    this.yearOf = Int32Array.from(this.years, (y) => {
      if (y === 0) return -1;
      let id = yearIds.get(y);
      if (id === undefined) {
        id = this.yearValues.length;
        yearIds.set(y, id);
        this.yearValues.push(y);
      }
      return id;
    });
    this.masks = new Map();
  }

  /** Which visible documents a request's filters allow (cached until the next build). */
  mask(kind: "all" | "issue" | "concept", year: YearValue | undefined, concept: string | undefined): Uint8Array {
    const key = `${kind}\u0000${year ?? ""}\u0000${concept ?? ""}`;
    let mask = this.masks.get(key);
    if (mask) return mask;
    const facet = concept === undefined ? -1 : this.facetSlugs.indexOf(concept);
    mask = new Uint8Array(this.docs.length);
    for (let slot = 0; slot < mask.length; slot++) {
      if (!this.visible[slot]) continue;
      if (kind !== "all" && this.isConcept[slot] !== (kind === "concept" ? 1 : 0)) continue;
      if (year === UNDATED ? this.isConcept[slot] || this.years[slot] !== 0 : year !== undefined && this.years[slot] !== year) continue;
      if (concept !== undefined && (facet < 0 || !this.docFacets[slot]!.includes(facet))) continue;
      mask[slot] = 1;
    }
    if (this.masks.size > 64) this.masks.clear();
    this.masks.set(key, mask);
    return mask;
  }

  idf(term: number): number {
    const df = this.issueDf[term] ?? 0;
    const n = Math.max(this.issueCount, df);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  postingsOf(term: number): Postings {
    return this.postings[term] ?? EMPTY_POSTINGS;
  }

  /** Index of `slot` in a term's postings, or -1 (binary search: postings are in slot order). */
  find(p: Postings, slot: number): number {
    let lo = 0;
    let hi = p.docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = p.docs[mid]!;
      if (v === slot) return mid;
      if (v < slot) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Is this term in any document? */
  known(term: number | undefined): term is number {
    return term !== undefined && (this.postings[term]?.docs.length ?? 0) > 0;
  }

  isVisible(slot: number): boolean {
    return this.visible[slot] === 1;
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
export function trigramsOf(word: string): Set<string> {
  const padded = `  ${word} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}
