/**
 * Finding a stored passage in an issue's current text. This module shields the
 * rest of the code from the fact that issues are edited after readers annotate
 * them: callers hand over the stored selectors and get back offsets in today's
 * text, or null when the passage is gone — never a silently wrong place.
 *
 * Selectors are tried from cheapest to most tolerant, and every result is
 * checked against the stored quote:
 *   1. position — the text at the stored offsets is still the quote, in the same context;
 *   2. quote    — the quote occurs verbatim; repeats are told apart by context and position;
 *   3. fuzzy    — the quote occurs with a few edits (see match-quote.ts).
 */
import { matchQuote } from "./match-quote";
import type { TextTarget } from "./selectors";

type AnchorStrategy = "position" | "quote" | "fuzzy";
export type Anchor = { start: number; end: number; strategy: AnchorStrategy };
export type AnchorOptions = { allowFuzzy?: boolean };

/** Length of the common ending of `a` and `b`. */
function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function contextAgrees(text: string, target: TextTarget, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - target.prefix.length), start);
  const after = text.slice(end, end + target.suffix.length);
  return before === target.prefix && after === target.suffix;
}

function anchorByQuote(text: string, target: TextTarget): Anchor | null {
  const { exact } = target;
  let best: { start: number; score: number } | null = null;
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    const before = text.slice(Math.max(0, at - target.prefix.length), at);
    const after = text.slice(at + exact.length, at + exact.length + target.suffix.length);
    // Matching context characters count most; distance from the old position breaks ties.
    const context = commonSuffixLength(before, target.prefix) + commonPrefixLength(after, target.suffix);
    const score = context - Math.abs(at - target.start) / Math.max(1, text.length);
    if (!best || score > best.score) best = { start: at, score };
  }
  return best ? { start: best.start, end: best.start + exact.length, strategy: "quote" } : null;
}

export function anchorTarget(text: string, target: TextTarget, options: AnchorOptions = {}): Anchor | null {
  const { exact, start, end } = target;
  if (!exact) return null;
  if (text.slice(start, end) === exact && contextAgrees(text, target, start, end)) {
    return { start, end, strategy: "position" };
  }
  const byQuote = anchorByQuote(text, target);
  if (byQuote) return byQuote;
  if (options.allowFuzzy === false) return null;
  const fuzzy = matchQuote(text, exact, { prefix: target.prefix, suffix: target.suffix, hint: start });
  return fuzzy ? { start: fuzzy.start, end: fuzzy.end, strategy: "fuzzy" } : null;
}
