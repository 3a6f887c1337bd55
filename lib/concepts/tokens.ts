/**
 * Word tokens with their offsets in the original text, normalised the way
 * concept keys are (lower case, singular, "&" → "and", "|"/"versus" → "vs").
 * Both key-making and mention-finding use this one tokenizer, so a key found
 * at extraction is always found again in the text.
 */
import pluralize from "pluralize";
import lemmatizer from "wink-lemmatizer";
import { wordnetWords } from "./wordnet-data";

// Words ending in s whose singular the lemmatizers below get wrong in this kind of writing.
const NOT_PLURAL = new Set([
  "analytics",
  "business",
  "process",
  "status",
  "news",
  "series",
  "species",
  "physics",
  "economics",
  "ethics",
  "politics",
  "logistics",
  "mathematics",
  "statistics",
  "dynamics",
  "kudos",
  "chaos",
  "devops",
  "lens",
  "means",
  "saas",
  "paas",
  "iaas",
  "always",
  "perhaps",
  "whereas",
  "does",
  "goes",
  "this",
  "thus",
  "plus",
  "minus",
  "less",
  "unless",
  "across",
]);

// Irregular plurals without a final s (the lemmatizer would also turn "data" into "datum", "media" into "medium").
const IRREGULAR_SINGULAR: Record<string, string> = {
  people: "person",
  children: "child",
  men: "man",
  women: "woman",
  criteria: "criterion",
  phenomena: "phenomenon",
  lenses: "lens",
};

const singulars = new Map<string, string>();

/**
 * English singular of one lower-case word. WordNet's morphology (wink-lemmatizer) answers for
 * the words WordNet knows ("biases" → "bias", "movies" → "movie", "cookies" → "cookie");
 * a word it knows as a base form stays as it is ("canvas", "bias"); any other word — the
 * field's own vocabulary, "roadmaps", "retros", "OKRs" — is singularised by pluralize's rules.
 */
export function singularize(word: string): string {
  const irregular = IRREGULAR_SINGULAR[word];
  if (irregular) return irregular;
  // English plurals don't end in -ss, -is or -us ("process", "Tetris", "focus").
  if (word.length <= 3 || !/[^siu]s$/.test(word) || NOT_PLURAL.has(word) || /[^a-z]/.test(word)) return word;
  let singular = singulars.get(word);
  if (singular === undefined) {
    const lemma = lemmatizer.noun(word);
    singular = lemma !== word ? lemma : wordnetWords[word] !== undefined ? word : pluralize.singular(word);
    // Bounded: a long text of invented words must not grow this without limit.
    if (singulars.size > 200_000) singulars.clear();
    singulars.set(word, singular);
  }
  return singular;
}

/** Straight quotes, plain dashes, no zero-width or non-breaking oddities. */
export function foldPunctuation(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u2032`]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u00A0\u2000-\u200B\u202F]/g, " ");
}

export type Token = {
  /** Normalised form, comparable with the words of a concept key. */
  norm: string;
  /** The word as written. */
  raw: string;
  start: number;
  end: number;
  /** Sentence punctuation, brackets or quotes separate this token from the previous one: no name spans the gap. */
  breakBefore: boolean;
  /** Joined to the previous token by a hyphen ("three-dimensional"): no name starts or ends inside the compound. */
  hyphenBefore: boolean;
  /** A comma separates it from the previous token: list items ("technical, UX, team culture"), never one name. */
  commaBefore: boolean;
};

const GAP_BREAK = /[.!?;:()[\]"\u201C\u201D\n]/;
// "A/B" is one word (else "A/B tests" would lose its "A" as an article).
// A word is what /\b[A-Za-z]\/[A-Za-z]\b|[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*|&|\|/g matches, where a letter may
// also be any letter beyond ASCII ("Kübler", "café"): wordEnd below scans for it.

const ACRONYM_PLURAL = /^[A-Z][A-Z0-9&]*[A-Z0-9]s$/;

const norms = new Map<string, string>();

/** A written word's normalised form (a function of the word alone, so kept for the next time it is written). */
function normOf(raw: string): string {
  let norm = norms.get(raw);
  if (norm !== undefined) return norm;
  if (raw === "&") norm = "and";
  else if (raw === "|") norm = "vs";
  else {
    // (Folding is only needed for typographic apostrophes and accented letters; most words are plain ASCII.)
    const lower = (/[^\x00-\x7f]/.test(raw) ? withoutAccents(foldPunctuation(raw)) : raw)
      .toLowerCase()
      .replace(/'s$/, "")
      .replace(/['/]/g, "");
    // An acronym's plural is written with a lower-case s ("PMs", "OKRs", "KPIs").
    if (ACRONYM_PLURAL.test(raw)) norm = lower.slice(0, -1);
    else norm = lower === "versus" || lower === "v" ? "vs" : singularize(lower);
  }
  // Bounded: a long text of invented words must not grow this without limit.
  if (norms.size > 200_000) norms.clear();
  norms.set(raw, norm);
  return norm;
}

/**
 * "Kübler" as the key's "kubler": a letter's accents dropped, so a name reads the same with or
 * without them (and "maître" is one word, not "ma" and "tre").
 */
function withoutAccents(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "");
}

const LETTER = /\p{L}/u;
/** A letter beyond ASCII ("ü", "é", "ß"): part of a word like any other. */
const isWideLetter = (c: number) => c >= 0xc0 && LETTER.test(String.fromCharCode(c));
const isAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || isWideLetter(c);
const isLetter = (c: number) => ((c | 32) >= 97 && (c | 32) <= 122) || isWideLetter(c);
const isWordChar = (c: number) => isAlnum(c) || c === 95;

/**
 * The end of the word starting at `p` as that expression would match it there, or -1 when it matches
 * nothing at `p`. (A scanner rather than the regular expression: the tokenizer reads every
 * block several times, and this is most of its work.)
 */
function wordEnd(text: string, p: number): number {
  const c = text.charCodeAt(p);
  if (c === 38 || c === 124) return p + 1; // "&", "|"
  if (!isAlnum(c)) return -1;
  // "A/B": a letter, a slash and a letter, standing alone.
  if (
    isLetter(c) &&
    text.charCodeAt(p + 1) === 47 &&
    isLetter(text.charCodeAt(p + 2)) &&
    (p === 0 || !isWordChar(text.charCodeAt(p - 1))) &&
    !isWordChar(text.charCodeAt(p + 3))
  )
    return p + 3;
  let q = p + 1;
  while (isAlnum(text.charCodeAt(q))) q++;
  const glued = gluedJoin(text, p, q);
  if (glued > 0) return glued;
  // Apostrophes joining letters ("don't", "rock'n'roll").
  for (;;) {
    const a = text.charCodeAt(q);
    if ((a !== 39 && a !== 0x2019) || !isLetter(text.charCodeAt(q + 1))) return q;
    q += 2;
    while (isLetter(text.charCodeAt(q))) q++;
  }
}

const isLower = (c: number) => c >= 97 && c <= 122;
const isUpper = (c: number) => c >= 65 && c <= 90;

/**
 * Where a run of letters [p, q) is two words glued together, a caption run into the next paragraph
 * ("a single teamCost of Delay is…"): a lower-case word of two letters or more, then a capitalised word
 * (a capital and a lower-case letter). The join, or -1. Names written in camel case start with a capital
 * ("LeanUX", "DevOps"), with one lower-case letter ("iPhone", "eBay") or put capitals after the join
 * ("macOS"), and stay one word (12ad).
 */
function gluedJoin(text: string, p: number, q: number): number {
  if (!isLower(text.charCodeAt(p))) return -1;
  let j = p + 1;
  while (j < q && isLower(text.charCodeAt(j))) j++;
  return j < q && j - p >= 2 && isUpper(text.charCodeAt(j)) && isLower(text.charCodeAt(j + 1)) ? j : -1;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  let previousRaw = "";
  let at = 0;
  while (at < text.length) {
    const start = at;
    const end = wordEnd(text, start);
    if (end < 0) {
      at++;
      continue;
    }
    at = end;
    const raw = text.slice(start, end);
    const gapStart = previousEnd;
    previousEnd = end;
    const norm = normOf(raw);
    if (!norm) continue;
    // Most words follow a single space: no sentence break, no hyphen.
    let breakBefore = false;
    let hyphenBefore = false;
    let commaBefore = false;
    // Two words glued at a caption's end: no name spans the join.
    if (start === gapStart && start > 0 && isLower(text.charCodeAt(start - 1)) && isUpper(text.charCodeAt(start)))
      breakBefore = true;
    else if (start - gapStart !== 1 || text.charCodeAt(gapStart) !== 32) {
      let gap = text.slice(gapStart, start);
      // The full stop of an abbreviated "vs." is not the end of a sentence.
      if (/^(vs|v)$/i.test(previousRaw)) gap = gap.replace(/^\./, "");
      breakBefore = GAP_BREAK.test(gap);
      hyphenBefore = /^[-\u2010\u2011]$/.test(gap);
      commaBefore = gap.includes(",");
    }
    previousRaw = raw;
    tokens.push({ norm, raw, start, end, breakBefore, hyphenBefore, commaBefore });
  }
  return tokens;
}
