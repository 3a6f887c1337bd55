/**
 * How the built-in engine reads text, the same way for documents and queries:
 * words are lower-cased and unaccented, English stop words are kept in the
 * token stream (phrases and word distances need them) but not scored, and
 * every other word is reduced to its Porter2 stem ("experiments",
 * "experimented" → "experi"), the stemmer Postgres and Snowball use.
 */
import stem from "wink-porter2-stemmer";

/** Snowball's English stop words (the list Postgres's `english` configuration uses). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself " +
    "it its itself they them their theirs themselves what which who whom this that these those am is are was were be " +
    "been being have has had having do does did doing a an the and but if or because as until while of at by for with " +
    "about against between into through during before after above below to from up down in out on off over under again " +
    "further then once here there when where why how all any both each few more most other some such no nor not only own " +
    "same so than too very s t can will just don should now"
  ).split(" "),
);

/** A word with an apostrophe suffix ("team's", "they're", "don’t") is one token. */
const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
/** Longer "words" are URLs, hashes or glued text: not worth indexing. */
const MAX_WORD_LENGTH = 40;

/** Lower-cased, accents stripped: how words are compared. */
export function foldWord(word: string): string {
  // Most words are ASCII: skip Unicode normalisation for them.
  return NON_ASCII.test(word)
    ? word
        .normalize("NFKD")
        .replace(/\p{M}+/gu, "")
        .toLowerCase()
    : word.toLowerCase();
}

const NON_ASCII = /[^\x00-\x7f]/;

const stems = new Map<string, string>();

/** The Porter2 stem of a folded word (memoised: archives repeat their words). */
function stemWord(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = stem(word);
    if (stems.size > 200_000) stems.clear();
    stems.set(word, s);
  }
  return s;
}

export type Token = {
  /** The folded word as written, apostrophe removed ("theyre"); what completion and typo tolerance compare. */
  word: string;
  /** The stem that is indexed and scored. */
  term: string;
  stop: boolean;
  /** Offsets in the original text. */
  start: number;
  end: number;
};

/** One matched word, analysed; null when it is too long to be a word. */
export function analyzeWord(raw: string): { word: string; term: string; stop: boolean } | null {
  const folded = foldWord(raw).replace(/’/g, "'");
  const apostrophe = folded.indexOf("'");
  // "team's" is "team"; "they're" is a stop word like "they"; "don't" like "don".
  const head = apostrophe < 0 ? folded : folded.slice(0, apostrophe);
  const word = folded.endsWith("'s") ? head : folded.replace(/'/g, "");
  if (word.length === 0 || word.length > MAX_WORD_LENGTH) return null;
  const stop = STOP_WORDS.has(head) || STOP_WORDS.has(word);
  return { word, term: stop ? word : stemWord(word), stop };
}

const TOKEN_AT = new RegExp(TOKEN.source, "uy");

function isAsciiWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/**
 * Each word of a text as written, in order (what TOKEN matches), without the
 * cost of a Unicode regular expression for plain ASCII words: indexing a
 * large archive reads millions of them.
 */
export function forEachWord(text: string, visit: (raw: string) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c <= 127 && !isAsciiWordChar(c)) {
      i++;
      continue;
    }
    if (c <= 127) {
      let j = i + 1;
      while (j < n && isAsciiWordChar(text.charCodeAt(j))) j++;
      const next = j < n ? text.charCodeAt(j) : 32;
      if (next <= 127 && next !== 39) {
        visit(text.slice(i, j));
        i = j;
        continue;
      }
    }
    // Accented letters, other scripts, apostrophes: the regular expression decides.
    TOKEN_AT.lastIndex = i;
    const m = TOKEN_AT.exec(text);
    if (m) {
      visit(m[0]);
      i += m[0].length;
    } else {
      i++;
    }
  }
}

/** The text's tokens in order, stop words included (marked). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const a = analyzeWord(m[0]);
    if (a) out.push({ ...a, start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/**
 * A phrase reduced to its stems in order, stop words left out: how a query is
 * matched against concept names and aliases ("Feature-Factories!" and
 * "feature factory" both give "featur factori").
 */
export function phraseKey(phrase: string): string {
  return tokenize(phrase)
    .filter((t) => !t.stop)
    .map((t) => t.term)
    .join(" ");
}

/** A name compared word for word, unstemmed ("TBM", "Field  Notes" → "field notes"): how series names are matched. */
export function wordsKey(text: string): string {
  return tokenize(text)
    .map((t) => t.word)
    .join(" ");
}
