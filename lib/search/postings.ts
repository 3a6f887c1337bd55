/**
 * The built-in index's postings and the BM25F weights baked into them. Every
 * posting carries its term's saturated, length-normalised frequency in that
 * document (its impact), computed once per build, so a search only multiplies
 * by the query's IDF and adds. The field weights and normalisation are the
 * ranking's knobs (`npm run tune:search` varies them).
 */

export type Field = "title" | "concepts" | "headings" | "body";
export const FIELDS: readonly Field[] = ["title", "concepts", "headings", "body"];

/**
 * BM25F: each field's term frequency is weighted and normalised by that
 * field's own length before one saturation, so a short field (a title, a list
 * of concept names) is not drowned by the body's length. The concept names
 * are not one field but a list of labels, each normalised by its own length
 * (against the mean name length; `b.concepts`), and a term counts in the name
 * that holds it best: a name the query doesn't match — one more or less, as
 * concept extraction changes — doesn't move a document. k1 is well above the
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

/** One term's postings: documents (slots, ascending), impacts, and each document's positions. */
export type Postings = {
  docs: Int32Array;
  impacts: Float32Array;
  /** positions[posStart[i] .. posStart[i + 1]) are the positions in docs[i]. */
  posStart: Int32Array;
  positions: Int32Array;
};

export const EMPTY_POSTINGS: Postings = {
  docs: new Int32Array(0),
  impacts: new Float32Array(0),
  posStart: new Int32Array(1),
  positions: new Int32Array(0),
};

/** What buildPostings needs of an analysed document (lib/search/memory-index.ts). */
type PostingSource = { kind: "issue" | "concept"; tokens: Int32Array; lengths: Float64Array; nameStarts: Int32Array };

const CONCEPTS = FIELDS.indexOf("concepts");

/** Non-stop tokens of each concept name of a document, in order. */
function nameLengths(d: PostingSource, stopTerm: boolean[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < d.nameStarts.length; i++) {
    let n = 0;
    for (let pos = d.nameStarts[i]!; pos < d.nameStarts[i + 1]!; pos++) if (!stopTerm[d.tokens[pos]!]) n++;
    out.push(n);
  }
  return out;
}

type BuiltPostings = {
  /** By term id. */
  postings: Postings[];
  /** Issues containing each term (IDF counts issues only: concepts repeat their issues' words). */
  issueDf: Int32Array;
  issueCount: number;
  /** Mean non-stop length of each field over issues, in FIELDS order (at least 1). */
  avgLengths: Float64Array;
};

/**
 * Postings of every term over `docs` (a document's slot is its index there),
 * in two passes: count, then fill arrays of exactly that size. Stop words are
 * kept in the token streams but get no postings.
 */
export function buildPostings(
  docs: PostingSource[],
  stopTerm: boolean[],
  nTerms: number,
  params: RankingParams,
): BuiltPostings {
  const { weight, b, k1 } = params;
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
  let nameTokens = 0;
  let nameCount = 0;
  for (const d of docs) {
    if (d.kind !== "issue") continue;
    for (const n of nameLengths(d, stopTerm)) {
      if (n === 0) continue;
      nameTokens += n;
      nameCount++;
    }
  }
  const avgName = nameCount > 0 ? Math.max(nameTokens / nameCount, 1) : 1;

  // Pass 1: postings and positions per term.
  const postingCount = new Int32Array(nTerms);
  const positionCount = new Int32Array(nTerms);
  const lastDoc = new Int32Array(nTerms).fill(-1);
  const issueDf = new Int32Array(nTerms);
  for (let slot = 0; slot < docs.length; slot++) {
    const d = docs[slot]!;
    for (const t of d.tokens) {
      if (t < 0 || stopTerm[t]) continue;
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
  const inName = new Float64Array(nTerms);
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
      if (stopTerm[t]) continue;
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
      if (field !== CONCEPTS) fieldTf[t * FIELDS.length + field]! += 1;
    }
    // Concept names, one by one: a term's frequency there is its normalised frequency in the name
    // that holds it best, so names that don't hold it (how many, how long) don't change its weight.
    const lengths = nameLengths(d, stopTerm);
    for (let i = 0; i < lengths.length; i++) {
      const norm = 1 - bf[CONCEPTS]! + (bf[CONCEPTS]! * lengths[i]!) / avgName;
      const from = d.nameStarts[i]!;
      const to = d.nameStarts[i + 1]!;
      for (let pos = from; pos < to; pos++) {
        const t = d.tokens[pos]!;
        if (!stopTerm[t]) inName[t]! += 1;
      }
      for (let pos = from; pos < to; pos++) {
        const t = d.tokens[pos]!;
        if (stopTerm[t] || inName[t] === 0) continue;
        const at = t * FIELDS.length + CONCEPTS;
        fieldTf[at] = Math.max(fieldTf[at]!, inName[t]! / norm);
        inName[t] = 0;
      }
    }
    const norms = FIELDS.map((_, f) => (f === CONCEPTS ? 1 : 1 - bf[f]! + (bf[f]! * d.lengths[f]!) / avg[f]!));
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
  return { postings, issueDf, issueCount: issues, avgLengths: avg };
}
