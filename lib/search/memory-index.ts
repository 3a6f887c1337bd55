/**
 * The built-in engine's index, held in the server's memory and derived from
 * the documents stored in Postgres (lib/search/builtin-cache.ts keeps it
 * current).
 *
 * Each document is analysed once into a token stream (term ids, stop words
 * included, -1 between fields). From the streams the index builds positional
 * postings per term with their BM25F impacts (lib/search/postings.ts), the
 * vocabulary of words as written, for completion, typo tolerance and
 * highlighting (lib/search/lexicon.ts), and the per-document arrays filters
 * and facets read. All of it is rebuilt from the streams whenever the set of
 * documents changes; a rebuild reads no text again.
 */
import { forEachWord, phraseKey, wordsKey } from "./analyze";
import { UNDATED, type YearValue } from "./engine";
import { Lexicon, Vocabulary } from "./lexicon";
import { buildPostings, DEFAULT_RANKING, EMPTY_POSTINGS, FIELDS, type Postings, type RankingParams } from "./postings";

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
  /**
   * Where each concept name (an issue's key concepts' names and aliases, a
   * concept's aliases) starts in `tokens`, and after the last one where the
   * field ends: the names are scored one by one (lib/search/postings.ts).
   */
  nameStarts: Int32Array;
  /** For concept documents: the phrase keys of the name and every alias. */
  names: string[];
};

/** See MemoryIndex.scratch(). */
export type Scratch = {
  scores: Float64Array;
  best: Float64Array;
  hit: Uint8Array;
  phrase: Int32Array;
  touched: Int32Array;
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
  issueDf: Int32Array = new Int32Array(0);
  issueCount = 0;
  /** Documents (issues and concepts) containing each word: orders completions and corrections. */
  wordDocs = new Int32Array(0);
  /** Term id → ids of the words that stem to it (for highlighting). */
  termWords: number[][] = [];
  avgLengths: Float64Array = new Float64Array(FIELDS.length);
  /** Concept phrase key → concept document slots. */
  names = new Map<string, number[]>();
  /** The keys of `names` by the first character of their last word (completing a name as it is typed). */
  namesByLastInitial = new Map<string, string[]>();
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
  /** Per slot: the facet ids of the document's concepts (views into facetIds). */
  docFacets: Int32Array[] = [];
  /**
   * Every document's tokens in slot order, one array (each document's `tokens` is a view into it):
   * reading positions across thousands of documents, one array is several times faster than one per document.
   */
  allTokens = new Int32Array(0);
  /** allTokens[tokenStart[slot] .. tokenStart[slot + 1]) are the slot's tokens. */
  tokenStart = new Int32Array(1);
  /** Per slot: the facet ids of the document's concepts, all in one array (docFacets read in one pass). */
  facetStart = new Int32Array(1);
  facetIds = new Int32Array(0);
  private masks = new Map<string, Uint8Array>();
  private scratchArrays: Scratch | null = null;
  seriesNames = new Map<string, string>();
  /** The words of this build's documents, by prefix and by likeness (completion, typos, "did you mean"). */
  vocabulary = new Vocabulary(this.lexicon, this.wordDocs);
  private putCount = 0;
  private wordMarks = new Int32Array(1024);

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
    const nameStarts: number[] = [];
    const fields = [[doc.title], doc.conceptNames, [doc.headings.join(" \n ")], [doc.body]];
    fields.forEach((texts, f) => {
      if (f > 0) tokens.push(-1);
      fieldStarts[f] = tokens.length;
      for (const text of texts) {
        if (f === 1) nameStarts.push(tokens.length);
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
      }
      if (f === 1) nameStarts.push(tokens.length);
    });
    const { conceptNames, headings, body, ...rest } = doc;
    const indexed: IndexedDocument = {
      ...rest,
      tokens: Int32Array.from(tokens),
      words: Int32Array.from(words),
      lengths,
      fieldStarts,
      nameStarts: Int32Array.from(nameStarts),
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
    const built = buildPostings(docs, this.lexicon.stopTerm, this.lexicon.terms.length, this.params);
    const tokenStart = new Int32Array(docs.length + 1);
    for (const [slot, d] of docs.entries()) tokenStart[slot + 1] = tokenStart[slot]! + d.tokens.length;
    const allTokens = new Int32Array(tokenStart[docs.length]!);
    docs.forEach((d, slot) => {
      allTokens.set(d.tokens, tokenStart[slot]!);
      d.tokens = allTokens.subarray(tokenStart[slot]!, tokenStart[slot + 1]!);
    });
    this.allTokens = allTokens;
    this.tokenStart = tokenStart;
    this.postings = built.postings;
    this.issueDf = built.issueDf;
    this.issueCount = built.issueCount;
    this.avgLengths = built.avgLengths;

    // Words: document counts, the words of each term, and lookups by prefix and likeness.
    const nTerms = this.lexicon.terms.length;
    const nWords = this.lexicon.words.length;
    const wordDocs = new Int32Array(nWords);
    for (const d of docs) for (const wid of d.words) wordDocs[wid]!++;
    this.wordDocs = wordDocs;
    this.vocabulary = new Vocabulary(this.lexicon, wordDocs);
    const termWords: number[][] = Array.from({ length: nTerms }, () => []);
    for (let wid = 0; wid < nWords; wid++) if (wordDocs[wid]! > 0) termWords[this.lexicon.wordTerm[wid]!]!.push(wid);
    this.termWords = termWords;

    // Concept names, concept slugs, series names.
    this.names = new Map();
    this.conceptBySlug = new Map();
    this.seriesNames = new Map();
    this.namesByLastInitial = new Map();
    docs.forEach((d, slot) => {
      if (d.kind === "concept") {
        this.conceptBySlug.set(d.slug, slot);
        for (const key of d.names) {
          const list = this.names.get(key);
          if (list) list.push(slot);
          else {
            this.names.set(key, [slot]);
            const initial = key[key.lastIndexOf(" ") + 1]!;
            const keys = this.namesByLastInitial.get(initial);
            if (keys) keys.push(key);
            else this.namesByLastInitial.set(initial, [key]);
          }
        }
      } else if (d.series && d.number !== null) {
        this.seriesNames.set(wordsKey(d.series), d.series);
      }
    });

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
    this.facetStart = new Int32Array(n + 1);
    for (let slot = 0; slot < n; slot++)
      this.facetStart[slot + 1] = this.facetStart[slot]! + this.docFacets[slot]!.length;
    this.facetIds = new Int32Array(this.facetStart[n]!);
    for (const [slot, ids] of this.docFacets.entries()) this.facetIds.set(ids, this.facetStart[slot]!);
    // As with the tokens: each document's facet ids become a view into the one array, not a second copy.
    this.docFacets = this.docFacets.map((_, slot) =>
      this.facetIds.subarray(this.facetStart[slot]!, this.facetStart[slot + 1]!),
    );
    this.scratchArrays = null;
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
      if (
        year === UNDATED
          ? this.isConcept[slot] || this.years[slot] !== 0
          : year !== undefined && this.years[slot] !== year
      )
        continue;
      if (concept !== undefined && (facet < 0 || !this.docFacets[slot]!.includes(facet))) continue;
      mask[slot] = 1;
    }
    if (this.masks.size > 64) this.masks.clear();
    this.masks.set(key, mask);
    return mask;
  }

  /**
   * Per-slot working arrays a search reuses instead of allocating its own
   * (they are as long as the index): zero when handed out, and whoever takes
   * them must hand them back zeroed or call scratch() again before reading.
   */
  scratch(): Scratch {
    const n = this.docs.length;
    if (!this.scratchArrays || this.scratchArrays.scores.length !== n) {
      this.scratchArrays = {
        scores: new Float64Array(n),
        best: new Float64Array(n),
        hit: new Uint8Array(n),
        phrase: new Int32Array(n),
        touched: new Int32Array(n),
      };
    }
    return this.scratchArrays;
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
}
