/**
 * Text handling both engines share: reading a query (words, quoted phrases),
 * and turning text plus "these words matched" into a snippet whose only HTML
 * tags are `<mark>`. Everything that is not a highlight is escaped here, so a
 * snippet is safe to render as HTML whatever the indexed text contained.
 */
import { escapeHtml } from "@/lib/text/html";

const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cased, accents stripped: how words are compared with the vocabulary. */
export function normaliseWord(word: string): string {
  return word
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

export type ParsedQuery = {
  /** Every word of the query, normalised, in order (phrase words included). */
  words: string[];
  /** Quoted phrases, as typed (without the quotes). */
  phrases: string[];
  /**
   * True when the last word may be unfinished (as-you-type): the query ends
   * inside a word, not with a space, a closing quote or punctuation.
   */
  lastWordIsPrefix: boolean;
};

export function parseQuery(q: string): ParsedQuery {
  const phrases: string[] = [];
  // An unbalanced quote is treated as text, not as the start of a phrase.
  for (const match of q.matchAll(/"([^"]*)"/g)) {
    const phrase = (match[1] ?? "").trim();
    if (phrase.match(WORD)) phrases.push(phrase);
  }
  const words = (q.match(WORD) ?? []).map(normaliseWord);
  const lastWordIsPrefix = words.length > 0 && /[\p{L}\p{N}]$/u.test(q);
  return { words, phrases, lastWordIsPrefix };
}

/** Collapse runs of whitespace (snippets are one line). */
function squash(text: string): string {
  return text.replace(/\s+/g, " ");
}

/**
 * Fold accents without changing the string's length, so offsets found in the
 * folded copy are offsets into the original ("Café" → "Cafe"). Case is left to
 * the regular expression's `i` flag, for the same reason.
 */
export function foldAccents(text: string): string {
  return text.replace(/[^\x00-\x7F]/g, (ch) => {
    const base = ch.normalize("NFKD")[0] ?? ch;
    return base.length === 1 && /[\p{L}\p{N}]/u.test(base) ? base : ch;
  });
}

type Match = { start: number; end: number; word: string };

const PLAIN_WORD = /^[a-z0-9]+$/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Is the code point ending just before `i` (or starting at `i`, `after`) a letter or digit? */
function isWordCharAt(text: string, i: number, after: boolean): boolean {
  if (after ? i >= text.length : i <= 0) return false;
  const c = text.charCodeAt(after ? i : i - 1);
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  let cp = c;
  if (after && c >= 0xd800 && c <= 0xdbff) cp = text.codePointAt(i)!;
  else if (!after && c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) cp = text.codePointAt(i - 2)!;
  }
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

/**
 * findMatches for words made of ASCII letters and digits only (nearly every
 * query): such a match is a whole run of letters and digits equal to one of
 * the words, ignoring ASCII case — after folding, no other character
 * case-folds to an ASCII letter — so native substring search finds exactly
 * what the regular expression would, without running it over the whole text.
 */
function findPlainMatches(folded: string, lower: string, words: string[]): Match[] {
  // Each occurrence is looked for once, through the shortest of the words it starts with
  // ("team" finds "teams" and "teaming" too): a query's words are often one word's forms.
  const wanted = new Set(words);
  const roots = words.filter((w) => !words.some((other) => other !== w && w.startsWith(other)));
  const matches: Match[] = [];
  for (const root of roots) {
    for (let at = lower.indexOf(root); at >= 0; at = lower.indexOf(root, at + 1)) {
      if (isWordCharAt(folded, at, false)) continue;
      let end = at + root.length;
      while (end < folded.length && isWordCharAt(folded, end, true)) end++;
      const word = lower.slice(at, end);
      if (end - at !== root.length && !wanted.has(word)) continue;
      if (!isAscii(folded, at, end)) continue;
      matches.push({ start: at, end, word });
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

function isAscii(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Where the (normalised) words occur in `text`, as whole words, in text order. */
export function findMatches(text: string, words: Set<string>): Match[] {
  const present = [...words].filter((w) => w.length > 0);
  if (present.length === 0) return [];
  const { folded, lower } = prepared(text);
  if (lower !== null && present.every((w) => PLAIN_WORD.test(w))) return findPlainMatches(folded, lower, present);
  return findMatchesByPattern(folded, present);
}

type Prepared = { folded: string; lower: string | null };

/** The folded texts of recent snippets, up to a budget of characters: the same documents come back page after page. */
const preparedTexts = new Map<string, Prepared>();
const PREPARED_CHARS = 8_000_000;
let preparedChars = 0;

/** A text folded, and lower-cased when that keeps its length (it does unless İ survives folding, which it doesn't). */
function prepared(text: string): Prepared {
  let p = preparedTexts.get(text);
  if (!p) {
    const folded = foldAccents(text);
    const lower = folded.toLowerCase();
    p = { folded, lower: lower.length === folded.length ? lower : null };
    preparedChars += text.length;
    for (const [old] of preparedTexts) {
      if (preparedChars <= PREPARED_CHARS) break;
      preparedTexts.delete(old);
      preparedChars -= old.length;
    }
    preparedTexts.set(text, p);
  }
  return p;
}

/** findMatches by one regular expression over the folded text: any words. */
export function findMatchesByPattern(folded: string, words: string[]): Match[] {
  const alternatives = words
    .filter((w) => w.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (alternatives.length === 0) return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  const matches: Match[] = [];
  for (const m of folded.matchAll(pattern)) {
    matches.push({ start: m.index, end: m.index + m[0].length, word: m[0].toLowerCase() });
  }
  return matches;
}

/** Escape `text[from, to)` and wrap the matches inside it in `<mark>`. */
function highlightRange(text: string, matches: Match[], from: number, to: number): string {
  let out = "";
  let cursor = from;
  for (const m of matches) {
    if (m.start < from || m.end > to) continue;
    out += escapeHtml(squash(text.slice(cursor, m.start)));
    out += `<mark>${escapeHtml(text.slice(m.start, m.end))}</mark>`;
    cursor = m.end;
  }
  return out + escapeHtml(squash(text.slice(cursor, to)));
}

/** The whole of a short text (a title, a concept name) with its matched words marked. */
export function highlightAll(text: string, matches: Set<string>): string {
  return highlightRange(text, findMatches(text, matches), 0, text.length);
}

export type SnippetOptions = {
  /** Snippet length in characters (cut at word boundaries). */
  length?: number;
  /** Characters of context kept before the first match. */
  lead?: number;
};

/** The nearest word start at or after `i` (or `i` itself at a boundary). */
function wordStartFrom(text: string, i: number): number {
  if (i <= 0) return 0;
  const rest = text.slice(i, i + 40).search(/(?<=\s)\S/u);
  return rest < 0 ? i : i + rest;
}

/** The nearest word end at or before `i`. */
function wordEndBefore(text: string, i: number): number {
  if (i >= text.length) return text.length;
  const head = text.slice(Math.max(0, i - 40), i + 1);
  const cut = head.search(/\s\S*$/u);
  return cut < 0 ? i : Math.max(0, i - 40) + cut;
}

/**
 * The passage of `text` with the most distinct matched words (ties: the most
 * matches, then the earliest), marked and escaped, with "…" where it was cut.
 * `matches` holds normalised words (see normaliseWord). With no match at all,
 * the opening of the text. Finds matches with one regular expression, so long
 * texts cost little.
 */
export function buildSnippet(text: string, matches: Set<string>, options: SnippetOptions = {}): string {
  const length = options.length ?? 220;
  const lead = options.lead ?? 40;
  const found = findMatches(text, matches);
  let from = 0;
  if (found.length > 0) {
    // Two pointers over the matches: the window of `length - lead` characters with the most distinct words.
    const span = length - lead;
    let best = { distinct: 0, count: 0, first: 0 };
    const counts = new Map<string, number>();
    let left = 0;
    for (let right = 0; right < found.length; right++) {
      const entering = found[right]!;
      counts.set(entering.word, (counts.get(entering.word) ?? 0) + 1);
      while (entering.end - found[left]!.start > span) {
        const leaving = found[left]!;
        const n = (counts.get(leaving.word) ?? 1) - 1;
        if (n === 0) counts.delete(leaving.word);
        else counts.set(leaving.word, n);
        left++;
      }
      const count = right - left + 1;
      if (counts.size > best.distinct || (counts.size === best.distinct && count > best.count)) {
        best = { distinct: counts.size, count, first: left };
      }
    }
    const firstMatch = found[best.first]!.start;
    from = firstMatch <= lead ? 0 : wordStartFrom(text, firstMatch - lead);
  }
  const to = from + length >= text.length ? text.length : wordEndBefore(text, from + length);
  const body = highlightRange(text, found, from, to).trim();
  return `${from > 0 ? "… " : ""}${body}${to < text.length ? " …" : ""}`;
}

/**
 * A highlighted string from an engine that marks matches with `pre`/`post`
 * around raw (unescaped) text, e.g. Meilisearch's `_formatted`: escape it all,
 * then turn the markers into `<mark>`. The markers must not occur in the text.
 */
export function renderMarked(marked: string, pre: string, post: string): string {
  let out = "";
  let rest = marked;
  for (;;) {
    const open = rest.indexOf(pre);
    if (open < 0) break;
    const close = rest.indexOf(post, open + pre.length);
    if (close < 0) break;
    out += escapeHtml(squash(rest.slice(0, open)));
    // An engine's token can carry punctuation next to the word ("enough<" before "</b>"): only the word is marked.
    const [, lead = "", word = "", trail = ""] =
      /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su.exec(rest.slice(open + pre.length, close)) ?? [];
    out += escapeHtml(lead) + (word ? `<mark>${escapeHtml(word)}</mark>` : "") + escapeHtml(trail);
    rest = rest.slice(close + post.length);
  }
  return (out + escapeHtml(squash(rest))).split(pre).join("").split(post).join("").trim();
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), capped at `max + 1`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i]![0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
  }
  return Math.min(rows[a.length]![b.length]!, max + 1);
}

/** How many typos a word of this length tolerates (Meilisearch's defaults: 1 from 5 letters, 2 from 9). */
export function allowedTypos(word: string): number {
  return word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
}
