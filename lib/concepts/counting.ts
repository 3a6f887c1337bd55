/**
 * Step 3 of extraction: every proposed key counted in the text of every issue, overlaps included
 * ("lean startup" also counts "startup"): in how many issues (df) and how often in all (cf). These
 * are the evidence selection pools per group; the text is read once here for all keys at once.
 */
import { isTensionKey } from "./keys";
import { KeyTrie } from "./match";
import type { Prepared } from "./reading";
import type { Proposal } from "./tallies";
import { type Token, tokenize } from "./tokens";
import { countUseCues, type UseCues } from "./words-around";

/** Words for the kind of a named idea that a name may carry or drop ("North Star Framework", "Kanban Method"). */
export const NAME_KINDS = new Set(["framework", "method", "methodology", "model"]);

/** The token sequences under which a key is found in text. */
export function sequencesOf(key: string, orSurfaces: Iterable<string> = []): string[][] {
  const tokens = key.split(" ");
  if (!isTensionKey(key)) return [tokens];
  const [a, b] = key.split(" vs ") as [string, string];
  const out = [tokens, [...b.split(" "), "vs", ...a.split(" ")]];
  for (const s of orSurfaces) out.push(tokenize(s).map((t) => t.norm));
  return out;
}

/** How often each proposal is used; indexes are positions in `keys` (sorted). */
export type Counts = {
  keys: string[];
  keyIndex: Map<string, number>;
  /** Issues using each key. */
  df: Uint32Array;
  /** Uses of each key in all. */
  cf: Uint32Array;
  /** The issues using each key, in ascending order. */
  keyIssues: number[][];
  /** Uses within an issue, kept only where selection asks for them: a key in that issue's title. */
  titledTf: Map<number, Map<number, number>>;
  /** Tokens of the blocks that aren't boilerplate. */
  totalTokens: number;
  /**
   * The words around the capitalised uses of a one-word name that some key carries with a word for its
   * kind ("Spotify" of "Spotify Model"), by key index: whether the writing uses the name as a firm or
   * a tool, or practises it, before grouping decides whether the two are one concept.
   */
  nameCues: Map<number, UseCues>;
};

export function countProposals(prepared: Prepared[], proposals: Map<string, Proposal>): Counts {
  let totalTokens = 0;
  const keys = [...proposals.keys()].sort();
  const keyIndex = new Map(keys.map((k, i) => [k, i]));
  const trie = new KeyTrie();
  keys.forEach((k, i) => {
    for (const seq of sequencesOf(k, proposals.get(k)!.orSurfaces)) trie.add(seq, i);
  });
  const df = new Uint32Array(keys.length);
  const cf = new Uint32Array(keys.length);
  // Uses within an issue are kept only where selection asks for them: a key in that issue's title.
  const titledKeys = new Map<number, Set<number>>();
  keys.forEach((k, i) => {
    for (const id of proposals.get(k)!.sources.get("title") ?? []) {
      let set = titledKeys.get(id);
      if (!set) titledKeys.set(id, (set = new Set()));
      set.add(i);
    }
  });
  const titledTf = new Map<number, Map<number, number>>();
  const nameCues = namedBases(keys, keyIndex);
  const keyIssues: number[][] = keys.map(() => []);
  const hits: number[] = [];
  for (const p of prepared) {
    const tf = new Map<number, number>();
    for (const text of [null, ...p.blocks.filter((b) => !b.boilerplate).map((b) => b.block.text)]) {
      const tokens = text === null ? p.titleTokens : tokenize(text);
      if (text !== null) totalTokens += tokens.length;
      for (let i = 0; i < tokens.length; i++) {
        const n = trie.matchesInto(tokens, i, hits);
        for (let k = 0; k < n; k += 2) {
          tf.set(hits[k]!, (tf.get(hits[k]!) ?? 0) + 1);
          const cues = nameCues.get(hits[k]!);
          if (cues && text !== null && usedAlone(tokens, i)) countUseCues(cues, text, tokens[i]!.start, tokens[i]!.end);
        }
      }
    }
    for (const [k, c] of tf) {
      keyIssues[k]!.push(p.issue.id);
      df[k]! += 1;
      cf[k]! += c;
    }
    const titled = titledKeys.get(p.issue.id);
    if (titled) titledTf.set(p.issue.id, new Map([...titled].map((k) => [k, tf.get(k) ?? 0])));
  }
  return { keys, keyIndex, df, cf, keyIssues, titledTf, totalTokens, nameCues };
}

/** A capitalised name not followed by a word for its kind: "Spotify", not the "Spotify Model", whose uses are its own. */
function usedAlone(tokens: Token[], i: number): boolean {
  const next = tokens[i + 1];
  return /^[A-Z]/.test(tokens[i]!.raw) && !(next && !next.breakBefore && NAME_KINDS.has(next.norm));
}

/** Empty cues for every one-word key that another key carries with a word for its kind ("spotify" of "spotify model"). */
function namedBases(keys: string[], keyIndex: Map<string, number>): Map<number, UseCues> {
  const bases = new Map<number, UseCues>();
  for (const k of keys) {
    const t = k.split(" ");
    const base = keyIndex.get(t[0]!);
    if (t.length === 2 && NAME_KINDS.has(t[1]!) && base !== undefined) bases.set(base, { tool: 0, method: 0 });
  }
  return bases;
}
