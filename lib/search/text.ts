/**
 * Text handling both engines share: reading a query (words, quoted phrases),
 * and turning text plus "these words matched" into a snippet whose only HTML
 * tags are `<mark>`. Everything that is not a highlight is escaped here, so a
 * snippet is safe to render as HTML whatever the indexed text contained.
 */

const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cased, accents stripped: how words are compared with the vocabulary. */
export function normalizeWord(word: string): string {
  return word.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
}

export type ParsedQuery = {
  /** Every word of the query, normalized, in order (phrase words included). */
  words: string[];
  /** Quoted phrases, as typed (without the quotes). */
  phrases: string[];
  /**
   * True when the last word may be unfinished (as-you-type): the query doesn't
   * end with a space or a closing quote.
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
  const words = (q.match(WORD) ?? []).map(normalizeWord);
  const trimmedEnd = q.replace(/\s+$/u, "");
  const lastWordIsPrefix = words.length > 0 && trimmedEnd.length === q.length && !q.endsWith('"');
  return { words, phrases, lastWordIsPrefix };
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Collapse runs of whitespace (snippets are one line). */
function squash(text: string): string {
  return text.replace(/\s+/g, " ");
}

type Token = { start: number; end: number; matched: boolean; norm: string };

function tokenize(text: string, isMatch: (normalized: string) => boolean): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const norm = normalizeWord(m[0]);
    tokens.push({ start: m.index, end: m.index + m[0].length, matched: isMatch(norm), norm });
  }
  return tokens;
}

/** Escape `text[from, to)` and wrap the matched tokens inside it in `<mark>`. */
function highlightRange(text: string, tokens: Token[], from: number, to: number): string {
  let out = "";
  let cursor = from;
  for (const t of tokens) {
    if (t.end <= from || t.start >= to || !t.matched) continue;
    out += escapeHtml(squash(text.slice(cursor, t.start)));
    out += `<mark>${escapeHtml(text.slice(t.start, t.end))}</mark>`;
    cursor = t.end;
  }
  return out + escapeHtml(squash(text.slice(cursor, to)));
}

/** The whole of a short text (a title, a concept name) with its matched words marked. */
export function highlightAll(text: string, matches: Set<string>): string {
  const tokens = tokenize(text, (w) => matches.has(w));
  return highlightRange(text, tokens, 0, text.length);
}

export type SnippetOptions = {
  /** Window size in words. */
  words?: number;
  /** Words of context kept before the first match in the window. */
  lead?: number;
};

/**
 * The passage of `text` with the most distinct matched words (ties: the most
 * matches, then the earliest), marked and escaped, with "…" where it was cut.
 * `matches` holds normalized words (see normalizeWord). With no match at all,
 * the opening of the text.
 */
export function buildSnippet(text: string, matches: Set<string>, options: SnippetOptions = {}): string {
  const size = options.words ?? 32;
  const lead = options.lead ?? 6;
  const tokens = tokenize(text, (w) => matches.has(w));
  if (tokens.length === 0) return escapeHtml(squash(text.trim()).slice(0, 240));

  let bestStart = 0;
  let bestDistinct = 0;
  let bestCount = 0;
  const counts = new Map<string, number>();
  let count = 0;
  // Slide a window of `size` tokens; track distinct matched words inside it.
  for (let end = 0; end < tokens.length; end++) {
    const entering = tokens[end]!;
    if (entering.matched) {
      counts.set(entering.norm, (counts.get(entering.norm) ?? 0) + 1);
      count++;
    }
    const start = end - size + 1;
    if (start > 0) {
      const leaving = tokens[start - 1]!;
      if (leaving.matched) {
        const n = (counts.get(leaving.norm) ?? 1) - 1;
        if (n === 0) counts.delete(leaving.norm);
        else counts.set(leaving.norm, n);
        count--;
      }
    }
    if (counts.size > bestDistinct || (counts.size === bestDistinct && count > bestCount)) {
      bestDistinct = counts.size;
      bestCount = count;
      bestStart = Math.max(0, start);
    }
  }

  let first = bestStart;
  if (bestDistinct > 0) {
    // Start a little before the first match rather than wherever the window began.
    const firstMatch = tokens.findIndex((t, i) => i >= bestStart && t.matched);
    first = Math.max(0, firstMatch - lead);
  }
  const last = Math.min(tokens.length - 1, first + size - 1);
  const from = first === 0 ? 0 : tokens[first]!.start;
  const to = last === tokens.length - 1 ? text.length : tokens[last]!.end;
  const body = highlightRange(text, tokens, from, to).trim();
  return `${first > 0 ? "… " : ""}${body}${to < text.length ? " …" : ""}`;
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
    const inner = rest.slice(open + pre.length, close);
    if (inner) out += `<mark>${escapeHtml(inner)}</mark>`;
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
