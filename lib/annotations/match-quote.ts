/**
 * Approximate matching of a quote in a text that has been edited since the quote
 * was taken, after Hypothesis's client: find every place the quote occurs with
 * few enough edits (Myers' bit-parallel algorithm, from approx-string-match),
 * then rank the candidates by how well the quote, the text before and after it,
 * and its position agree with what was stored.
 */
import search from "approx-string-match";

export type QuoteContext = { prefix?: string; suffix?: string; hint?: number };
export type QuoteMatch = { start: number; end: number; errors: number; score: number };

/** At most this share of the quote may differ (edits, insertions, deletions) for a match to count. */
export const MAX_ERROR_RATE = 0.3;

/**
 * The weighted score (0–1) a match needs. A quote that changed a little in an
 * unchanged context scores well above it; a look-alike phrase elsewhere, whose
 * context doesn't match, scores below it and the annotation is orphaned rather
 * than moved to the wrong place (see `npm run bench:anchoring`).
 */
export const MIN_SCORE = 0.7;

// How much each signal counts. The quote dominates; context breaks ties between
// similar candidates; position only separates otherwise equal ones.
const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 };

/** Edit distance between `pattern` and the best-matching substring of `text`, capped at `pattern.length`. */
function errorsIn(text: string, pattern: string): number {
  if (pattern.length === 0) return 0;
  const matches = search(text, pattern, pattern.length);
  return matches.length === 0 ? pattern.length : Math.min(...matches.map((m) => m.errors));
}

function similarity(text: string, pattern: string): number {
  return pattern.length === 0 ? 1 : 1 - errorsIn(text, pattern) / pattern.length;
}

// How many characters of context must reappear verbatim to move a boundary.
const ANCHOR_CHARS = 8;

/**
 * The minimum-error match can stop short of a word inserted near the quote's
 * edge (dropping a few characters costs less than the insertion). Where the
 * stored context reappears just beyond a boundary, the boundary moves there.
 */
function stretchToContext(
  text: string,
  match: { start: number; end: number },
  prefix: string,
  suffix: string,
  slack: number,
) {
  let { start, end } = match;
  const head = suffix.trimEnd().slice(0, ANCHOR_CHARS);
  if (head.length === ANCHOR_CHARS && text.slice(end, end + head.length) !== head) {
    const at = text.indexOf(head, end);
    if (at !== -1 && at - end <= slack) end = at;
  }
  const tail = prefix.trimStart().slice(-ANCHOR_CHARS);
  if (tail.length === ANCHOR_CHARS && text.slice(start - tail.length, start) !== tail) {
    const at = text.lastIndexOf(tail, start - 1);
    if (at !== -1 && start - (at + tail.length) <= slack && at + tail.length < end) start = at + tail.length;
  }
  return { start, end };
}

/** The best place for `quote` in `text`, or null when none is close enough. */
export function matchQuote(text: string, quote: string, context: QuoteContext = {}): QuoteMatch | null {
  if (!quote) return null;
  const maxErrors = Math.floor(quote.length * MAX_ERROR_RATE);
  const candidates = search(text, quote, maxErrors);
  if (candidates.length === 0) return null;

  const prefix = context.prefix ?? "";
  const suffix = context.suffix ?? "";
  const total = WEIGHTS.quote + WEIGHTS.prefix + WEIGHTS.suffix + (context.hint === undefined ? 0 : WEIGHTS.position);
  let best: QuoteMatch | null = null;
  for (const c of candidates) {
    const quoteScore = 1 - c.errors / quote.length;
    const before = text.slice(Math.max(0, c.start - prefix.length), c.start);
    const after = text.slice(c.end, c.end + suffix.length);
    const positionScore =
      context.hint === undefined ? 0 : 1 - Math.min(1, Math.abs(c.start - context.hint) / Math.max(1, text.length));
    const score =
      (WEIGHTS.quote * quoteScore +
        WEIGHTS.prefix * similarity(before, prefix) +
        WEIGHTS.suffix * similarity(after, suffix) +
        WEIGHTS.position * positionScore) /
      total;
    if (!best || score > best.score) best = { start: c.start, end: c.end, errors: c.errors, score };
  }
  if (!best || best.score < MIN_SCORE) return null;
  return { ...best, ...stretchToContext(text, best, prefix, suffix, maxErrors + ANCHOR_CHARS) };
}
