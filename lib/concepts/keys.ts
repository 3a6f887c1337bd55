/**
 * How surface forms of an idea become one identity. "Jobs-to-be-Done",
 * "jobs to be done" and "Jobs To Be Done" share a key; so do "Speed vs.
 * Quality", "quality versus speed" and "speed | quality". Keys are what
 * extraction runs, curation rules and the gold evaluation compare, so this
 * module is the single definition of "the same concept".
 */
import slugifyLib from "slugify";
import { withoutInvisible } from "@/lib/text/invisible";
import { foldPunctuation, tokenize } from "./tokens";

/** Words that never start or end a concept name (articles, possessives, demonstratives). */
const EDGE_WORDS = new Set([
  "a",
  "an",
  "the",
  "our",
  "your",
  "my",
  "their",
  "his",
  "her",
  "its",
  "this",
  "that",
  "these",
  "those",
  "some",
  "any",
  "each",
  "every",
  "no",
  "of",
  "and",
  "or",
  "to",
  "in",
  "on",
  "for",
  "with",
  "at",
  "by",
]);

/**
 * Lower-cased word tokens of a surface form: punctuation and hyphens separate
 * words, "&" reads "and", "versus"/"vs."/"v."/"|" read "vs", a possessive "'s"
 * is dropped, and every word is singular (see tokens.ts, which both keys and
 * mention-finding use).
 */
export function keyTokens(surface: string): string[] {
  return tokenize(surface).map((t) => t.norm);
}

/** Drop edge words, except one joined by a hyphen to its neighbour ("in-app guides", "end-to-end"). */
function trimEdges(tokens: { norm: string; hyphenBefore: boolean }[]): string[] {
  let start = 0;
  let end = tokens.length;
  while (start < end && EDGE_WORDS.has(tokens[start]!.norm) && !tokens[start + 1]?.hyphenBefore) start++;
  while (end > start && EDGE_WORDS.has(tokens[end - 1]!.norm) && !tokens[end - 1]!.hyphenBefore) end--;
  return tokens.slice(start, end).map((t) => t.norm);
}

/**
 * The identity of a concept named `surface`. A tension's sides are put in a
 * fixed order so "quality vs speed" and "speed vs quality" are one concept.
 */
export function conceptKey(surface: string): string {
  let key = keysOf.get(surface);
  if (key === undefined) {
    key = computeKey(surface);
    // Bounded: a long text of invented words must not grow this without limit.
    if (keysOf.size > 200_000) keysOf.clear();
    keysOf.set(surface, key);
  }
  return key;
}

// The same phrases recur in every issue: each surface's key is worked out once.
const keysOf = new Map<string, string>();

// Invisible characters (lib/text/invisible.ts) never reach a key: ingest removes them from stored
// text, and a surface read from an older archive's text is cleaned here the same way (12l).
function computeKey(surface: string): string {
  const tokens = tokenize(withoutInvisible(surface));
  const norms = tokens.map((t) => t.norm);
  const vs = norms.indexOf("vs");
  if (vs > 0 && vs < norms.length - 1 && norms.lastIndexOf("vs") === vs) {
    return sidesKey(trimEdges(tokens.slice(0, vs)).join(" "), trimEdges(tokens.slice(vs + 1)).join(" "));
  }
  return trimEdges(tokens).join(" ");
}

function sidesKey(a: string, b: string): string {
  return (a <= b ? [a, b] : [b, a]).join(" vs ");
}

/** Key of the tension between two sides (each a surface form or a key), order-free. */
export function tensionKey(left: string, right: string): string {
  return sidesKey(trimEdges(tokenize(left)).join(" "), trimEdges(tokenize(right)).join(" "));
}

/**
 * A key's words written closed up: "work flow", "work-flow" and "workflow" key as "work flow", "work
 * flow" and "workflow", one word sequence spelled spaced, hyphenated and closed, and all close up to
 * "workflow". Grouping joins the corpus's keys by it; mention placement an issue's own (12aq).
 */
export function closedKey(key: string): string {
  return key.replace(/ /g, "");
}

export function isTensionKey(key: string): boolean {
  return / vs /.test(key);
}

/** URL slug for a concept name: "Speed vs. Quality" → "speed-vs-quality". */
export function slugifyConcept(name: string): string {
  const folded = foldPunctuation(name)
    .replace(/\bvs\.?(?=\s|$)/gi, "vs")
    .replace(/\|/g, " vs ");
  return slugifyLib(folded, { lower: true, strict: true, trim: true }).slice(0, 80).replace(/-+$/, "") || "concept";
}

/** The initials of an expansion, skipping small joining words: "objectives and key results" → "okr". */
export function initialsOf(words: string[]): { strict: string; loose: string } {
  const small = new Set(["and", "of", "the", "to", "for", "a", "an", "in", "on", "&", "be"]);
  const strict = words.map((w) => w[0] ?? "").join("");
  const loose = words
    .filter((w) => !small.has(w.toLowerCase()))
    .map((w) => w[0] ?? "")
    .join("");
  return { strict: strict.toLowerCase(), loose: loose.toLowerCase() };
}

/** Does `acronym` (e.g. "OKRs", "MVP", "JTBD") abbreviate `expansion`? */
export function abbreviates(acronym: string, expansion: string): boolean {
  const letters = acronym
    .replace(/s$/, "")
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase();
  if (letters.length < 2) return false;
  const words = foldPunctuation(expansion)
    .split(/[\s-]+/)
    .filter(Boolean);
  if (words.length < 2 || words.length > letters.length + 3) return false;
  const { strict, loose } = initialsOf(words);
  return strict === letters || loose === letters;
}

/** Is this an all-capitals word that reads as an acronym (UX, OKRs, B2B)? */
export function isAcronymShape(text: string): boolean {
  return /^[A-Z][A-Z0-9&]{1,6}s?$/.test(text) && (text.match(/[A-Z]/g)?.length ?? 0) >= 2;
}
