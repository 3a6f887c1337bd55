/**
 * Finding concept keys in text: a trie over normalised token sequences, walked
 * from every token. Two uses: counting every occurrence of every candidate key
 * (statistics, overlaps included), and placing mentions of chosen concepts
 * (longest match wins, no overlaps).
 */
import type { Token } from "./tokens";

/** `properValue`: what the sequence means when written with a capital, where another value takes the lower case ("Slack" vs "slack"). */
type TrieNode = { next: Map<string, TrieNode>; value?: number; caseSensitive?: boolean; properValue?: number };

const NONE: readonly (readonly [number, number])[] = [];
/** matchesAt's pairs, as matchesInto writes them (reused: nothing here calls back into a trie). */
const pairs: number[] = [];
/** longestMatches' pairs, the same way. */
const hits: number[] = [];

export class KeyTrie {
  private root: TrieNode = { next: new Map() };

  /** Register `tokens` as pointing at `value`. `caseSensitive`: only written with a capital (proper names, acronyms). */
  add(tokens: string[], value: number, caseSensitive = false): void {
    if (tokens.length === 0) return;
    let node = this.root;
    for (const t of tokens) {
      let child = node.next.get(t);
      if (!child) node.next.set(t, (child = { next: new Map() }));
      node = child;
    }
    // The first registration wins: callers add preferred sequences first. A case-sensitive value
    // beside a case-blind one takes the capitalised uses.
    if (node.value === undefined) {
      node.value = value;
      node.caseSensitive = caseSensitive;
    } else if (caseSensitive && !node.caseSensitive && node.properValue === undefined) node.properValue = value;
  }

  /** Every key starting at `tokens[i]`: [value, end token index (exclusive)]. Read-only: often one shared empty list. */
  matchesAt(tokens: Token[], i: number): readonly (readonly [number, number])[] {
    const n = this.matchesInto(tokens, i, pairs);
    if (n === 0) return NONE;
    const found: [number, number][] = [];
    for (let k = 0; k < n; k += 2) found.push([pairs[k]!, pairs[k + 1]!]);
    return found;
  }

  /**
   * `matchesAt` without building anything: the keys starting at `tokens[i]` written into `out` as
   * value, end, value, end… from its start; returns how many numbers were written. (Counting asks
   * this at every token of every issue, and most tokens there start a key.)
   */
  matchesInto(tokens: Token[], i: number, out: number[]): number {
    const first = tokens[i];
    // Most tokens start no key: answer those without building anything.
    if (!first || first.hyphenBefore) return 0;
    let node = this.root.next.get(first.norm);
    if (!node) return 0;
    let n = 0;
    const capitalised = /^[A-Z]/.test(first.raw);
    let comma = false;
    for (let j = i; ; ) {
      // A comma separates list items: a name of two words never spans one ("technical, UX, team
      // culture" holds no "UX team"); a longer one, a motto or a title, may ("Think Big, Work Small").
      if (node.value !== undefined && !tokens[j + 1]?.hyphenBefore && (!comma || j + 1 - i >= 3)) {
        const value =
          node.properValue !== undefined && capitalised
            ? node.properValue
            : !node.caseSensitive || capitalised
              ? node.value
              : undefined;
        if (value !== undefined) {
          out[n++] = value;
          out[n++] = j + 1;
        }
      }
      j++;
      if (j >= tokens.length || tokens[j]!.breakBefore) break;
      if (tokens[j]!.commaBefore) comma = true;
      node = node.next.get(tokens[j]!.norm);
      if (!node) break;
    }
    return n;
  }

  /** Non-overlapping longest matches, left to right. */
  longestMatches(tokens: Token[]): { value: number; from: number; to: number }[] {
    return longestMatches([this], tokens);
  }
}

/**
 * Non-overlapping longest matches over several tries at once (the corpus's concepts and one
 * issue's own), left to right; on equal length the earlier trie wins. Values are returned with
 * the index of the trie that matched.
 */
export function longestMatches(
  tries: KeyTrie[],
  tokens: Token[],
): { value: number; trie: number; from: number; to: number }[] {
  const found: { value: number; trie: number; from: number; to: number }[] = [];
  let i = 0;
  // (Run for every token of every block in a pass: plain loops and locals, nothing allocated per token.)
  while (i < tokens.length) {
    let bestTrie = -1;
    let bestValue = 0;
    let bestTo = 0;
    for (let t = 0; t < tries.length; t++) {
      const n = tries[t]!.matchesInto(tokens, i, hits);
      for (let k = 0; k < n; k += 2) {
        const to = hits[k + 1]!;
        if (bestTrie < 0 || to > bestTo) {
          bestTrie = t;
          bestValue = hits[k]!;
          bestTo = to;
        }
      }
    }
    if (bestTrie >= 0) {
      found.push({ value: bestValue, trie: bestTrie, from: i, to: bestTo });
      i = bestTo;
    } else i++;
  }
  return found;
}

/**
 * The longest key of `trie` of two words or more that ends a longer match and starts inside it: the
 * phrase a noun phrase ends in ("product management" in "modern product management"), or null.
 */
export function headWithin(
  trie: KeyTrie,
  tokens: Token[],
  from: number,
  to: number,
): { value: number; from: number } | null {
  for (let j = from + 1; j <= to - 2; j++) {
    const n = trie.matchesInto(tokens, j, hits);
    for (let k = 0; k < n; k += 2) if (hits[k + 1] === to) return { value: hits[k]!, from: j };
  }
  return null;
}

/**
 * Words of a key that the text writes hyphenated ("under-performing" where a heading writes
 * "Underperforming"): a hyphenated pair is read as one closed word where some key has that word
 * and no key has the pair apart. Closed, hyphenated and spaced spellings of one word sequence are
 * one spelling (keys.ts's closedKey) (12aq). `isWord`: a word of the keys sought; `isPair`: two
 * adjacent words of one, "a b".
 */
export function closeHyphenated(
  tokens: Token[],
  isWord: (w: string) => boolean,
  isPair: (pair: string) => boolean,
): Token[] {
  let out: Token[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (next?.hyphenBefore && !tokens[i + 2]?.hyphenBefore && !t.hyphenBefore) {
      const closed = t.norm + next.norm;
      if (isWord(closed) && !isPair(`${t.norm} ${next.norm}`)) {
        out ??= tokens.slice(0, i);
        out.push({ ...t, norm: closed, raw: t.raw + next.raw, end: next.end });
        i++;
        continue;
      }
    }
    out?.push(t);
  }
  return out ?? tokens;
}

/** Conjunctions that open a bracketed coordinate ("product (and company) strategy"). */
const COORDINATORS = new Set(["and", "or"]);

/**
 * A modifier's coordinate in brackets before the head ("product (and company) strategy") is an aside
 * the phrase reads on without: its words are dropped and the head follows the modifier, so the
 * phrase "product strategy" is found there; the mention still spans the brackets (12aq). Only
 * "and"/"or" and one to three words inside, the brackets tight around them between two words, and
 * only where the two words around them are adjacent words of a sought key (`isPair`, "a b"): after
 * a head ("tactics (and org culture) vary") the brackets hold a phrase of their own, kept.
 */
export function withoutBracketedCoordinates(tokens: Token[], text: string, isPair: (pair: string) => boolean): Token[] {
  let out: Token[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out?.push(t);
    const open = tokens[i + 1];
    if (!open || !COORDINATORS.has(open.norm) || text.slice(t.end, open.start) !== " (") continue;
    let close = -1;
    for (let j = i + 2; j < Math.min(tokens.length, i + 6); j++) {
      const gap = text.slice(tokens[j - 1]!.end, tokens[j]!.start);
      if (gap === ") ") close = j;
      if (gap !== " ") break;
    }
    if (close < i + 3 || !isPair(`${t.norm} ${tokens[close]!.norm}`)) continue;
    out ??= tokens.slice(0, i + 1);
    out.push({ ...tokens[close]!, breakBefore: false, commaBefore: false, hyphenBefore: false });
    i = close;
  }
  return out ?? tokens;
}
