/**
 * Step 3 of extraction: every proposed key counted in the text of every issue, overlaps included
 * ("lean startup" also counts "startup"): in how many issues (df) and how often in all (cf). These
 * are the evidence selection pools per group.
 *
 * Corpus totals are sums of per-issue counts, and an issue's count of a key depends only on its
 * text, the blocks skipped in it and the token sequences the key is found under. So each issue's
 * counts are kept (concept_issue_candidates.key_counts) with the key set they are complete for
 * (concept_derivation.counted_keys), and a pass given them (`CountCache`) reads the text only of
 * issues whose counts are missing or stale (new or edited text, a block that became or stopped
 * being boilerplate), for every key; and of the other issues only those that may contain a key
 * whose sequences are new since (a key first proposed, or a tension written a new way), for those
 * keys alone: an issue contains a key only if it has every content word of one of its sequences,
 * which the issue's word counts (its candidates' `words`, plus its title) tell without reading it.
 */
import type { StoredKeyCounts } from "@/db/schema";
import { STOPWORDS } from "./junk";
import { isTensionKey } from "./keys";
import { KeyTrie } from "./match";
import type { Prepared } from "./reading";
import type { Proposal } from "./tallies";
import { tokenize } from "./tokens";

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
};

/** Kept counts a pass may reuse: the key set they are complete for, and each issue's (text and version already checked). */
export type CountCache = {
  gen: number;
  /** Key → the sequences it was counted under (`signature`); undefined when nothing was kept. */
  keys: Map<string, string> | undefined;
  issues: Map<number, StoredKeyCounts>;
  /** The extraction version the kept counts are stored under. */
  version: number;
  /** Per issue, its content hash (stored beside counts written now). */
  hashOf: Map<number, string>;
};

/** Bump with any change to what an issue's kept counts hold or how they are counted. */
const COUNTS_LAYOUT = 1;

/** What to keep after a pass: its key set (when it changed) and the issues whose counts were (re)computed. */
export type CountUpdates = {
  /** The generation the key set and the rows below are stored under (the cache's when the key set is unchanged). */
  gen: number;
  /** The key set counted, when it differs from the cache's. */
  keys: Record<string, string> | undefined;
  /** Counts to store (issues read in full, or whose counts of new keys changed). */
  rows: { issueId: number; counts: StoredKeyCounts }[];
  /** Issues whose kept counts stand as they are, now complete for `gen`. */
  kept: number[];
  /** For the record: issues read in full, issues scanned for new keys only, and the new keys. */
  readInFull: number;
  scannedForNew: number;
  newKeys: number;
};

/**
 * Each key's token sequences as a trie takes them: a sequence already registered by a key earlier
 * in `keys` (a tension's reverse reading that is another key) stays that key's, as KeyTrie.add does.
 */
function effectiveSequences(keys: string[], proposals: Map<string, Proposal>): string[][][] {
  const owner = new Set<string>();
  return keys.map((k) => {
    const out: string[][] = [];
    for (const seq of sequencesOf(k, proposals.get(k)!.orSurfaces)) {
      if (seq.length === 0) continue;
      const joined = seq.join(" ");
      if (owner.has(joined)) continue;
      owner.add(joined);
      out.push(seq);
    }
    return out;
  });
}

const signature = (seqs: string[][]) => seqs.map((s) => s.join(" ")).join("\n");

/** The words of the text extraction counts as content words (candidates.ts's word counts). */
const isContentWord = (w: string) => !STOPWORDS.has(w) && !/^\d+$/.test(w);

/** Every match of the trie's keys in the issue's counted text: uses per key index, and the tokens read (title excluded). */
function countIssue(p: Prepared, trie: KeyTrie): { tf: Map<number, number>; tokens: number } {
  const tf = new Map<number, number>();
  let tokens = 0;
  for (const list of [p.titleTokens, ...p.blocks.filter((b) => !b.boilerplate).map((b) => tokenize(b.block.text))]) {
    if (list !== p.titleTokens) tokens += list.length;
    for (let i = 0; i < list.length; i++) {
      for (const [value] of trie.matchesAt(list, i)) tf.set(value, (tf.get(value) ?? 0) + 1);
    }
  }
  return { tf, tokens };
}

const skipOf = (p: Prepared) =>
  p.blocks
    .filter((b) => b.boilerplate)
    .map((b) => b.block.id)
    .join("\n");

/**
 * Count every proposal in every issue. With `cache` (and the corpus's word postings, `wordIssues`:
 * tallies.ts's), kept counts are reused as the module comment says, and `updates` says what to keep.
 */
export function countProposals(
  prepared: Prepared[],
  proposals: Map<string, Proposal>,
  cache?: CountCache,
  wordIssues?: Map<string, number[]>,
): Counts & { updates?: CountUpdates } {
  let totalTokens = 0;
  const keys = [...proposals.keys()].sort();
  const keyIndex = new Map(keys.map((k, i) => [k, i]));
  const sequences = effectiveSequences(keys, proposals);
  const signatures = sequences.map(signature);
  const trie = new KeyTrie();
  sequences.forEach((seqs, i) => {
    for (const seq of seqs) trie.add(seq, i);
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

  // Keys whose kept counts can't be used: new, or found under other sequences than when counted.
  const known = cache?.keys;
  const fresh = keys.map((k, i) => !known || known.get(k) !== signatures[i]);
  const freshList = keys.flatMap((_, i) => (fresh[i] ? [i] : []));
  const freshTrie = new KeyTrie();
  for (const i of freshList) for (const seq of sequences[i]!) freshTrie.add(seq, i);
  // Issues with kept counts that may contain a fresh key: those with every content word of one of its sequences.
  const scan = new Set<number>();
  if (cache && known && freshList.length > 0) {
    const titleIssues = new Map<string, number[]>();
    for (const p of prepared)
      for (const t of new Set(p.titleTokens.map((t) => t.norm))) {
        const list = titleIssues.get(t);
        if (list) list.push(p.issue.id);
        else titleIssues.set(t, [p.issue.id]);
      }
    const postings = new Map<string, Set<number>>();
    const issuesWith = (w: string): Set<number> => {
      let set = postings.get(w);
      if (!set) {
        set = new Set(titleIssues.get(w));
        const uses = wordIssues?.get(w) ?? [];
        for (let j = 0; j < uses.length; j += 2) set.add(uses[j]!);
        postings.set(w, set);
      }
      return set;
    };
    let all = !wordIssues;
    for (const i of freshList) {
      if (all) break;
      for (const seq of sequences[i]!) {
        const words = [...new Set(seq.filter(isContentWord))];
        if (words.length === 0) {
          all = true;
          break;
        }
        const sets = words.map(issuesWith).sort((a, b) => a.size - b.size);
        for (const id of sets[0]!) if (sets.every((s) => s.has(id))) scan.add(id);
      }
    }
    if (all) for (const p of prepared) scan.add(p.issue.id);
  }

  const newGen = cache
    ? known && freshList.length === 0 && known.size === keys.length
      ? cache.gen
      : cache.gen + 1
    : 0;
  const rows: CountUpdates["rows"] = [];
  const kept: number[] = [];
  let readInFull = 0;
  let scannedForNew = 0;
  const titledTf = new Map<number, Map<number, number>>();
  const keyIssues: number[][] = keys.map(() => []);
  for (const p of prepared) {
    const id = p.issue.id;
    const skip = skipOf(p);
    const stored = cache?.issues.get(id);
    const valid =
      !!known && !!stored && stored.layout === COUNTS_LAYOUT && stored.gen === cache!.gen && stored.skip === skip;
    let tf: Map<number, number>;
    if (!valid) {
      const counted = countIssue(p, trie);
      tf = counted.tf;
      totalTokens += counted.tokens;
      readInFull++;
      if (cache)
        rows.push({
          issueId: id,
          counts: {
            hash: cache.hashOf.get(id)!,
            version: cache.version,
            layout: COUNTS_LAYOUT,
            skip,
            gen: newGen,
            tokens: counted.tokens,
            tf: Object.fromEntries([...tf].map(([k, n]) => [keys[k]!, n])),
          },
        });
    } else {
      const s = stored!;
      totalTokens += s.tokens;
      tf = new Map();
      // Kept counts of keys counted the same way; a key no longer proposed is left out.
      for (const k in s.tf) {
        const i = keyIndex.get(k);
        if (i !== undefined && !fresh[i]) tf.set(i, s.tf[k]!);
      }
      let changed = false;
      if (scan.has(id)) {
        scannedForNew++;
        for (const [i, n] of countIssue(p, freshTrie).tf) {
          tf.set(i, n);
          if (s.tf[keys[i]!] !== n) changed = true;
        }
      }
      // A fresh key's entry left from an earlier key set that no longer holds must go.
      for (const k in s.tf) {
        const i = keyIndex.get(k);
        if (i !== undefined && fresh[i] && !tf.has(i)) changed = true;
      }
      if (changed)
        rows.push({
          issueId: id,
          counts: {
            ...s,
            gen: newGen,
            tf: Object.fromEntries([...tf].sort(([a], [b]) => a - b).map(([k, n]) => [keys[k]!, n])),
          },
        });
      else kept.push(id);
    }
    for (const [k, c] of tf) {
      keyIssues[k]!.push(id);
      df[k]! += 1;
      cf[k]! += c;
    }
    const titled = titledKeys.get(id);
    if (titled) titledTf.set(id, new Map([...titled].map((k) => [k, tf.get(k) ?? 0])));
  }
  const counts = { keys, keyIndex, df, cf, keyIssues, titledTf, totalTokens };
  if (!cache) return counts;
  return {
    ...counts,
    updates: {
      gen: newGen,
      keys: newGen === cache.gen ? undefined : Object.fromEntries(keys.map((k, i) => [k, signatures[i]!])),
      rows,
      kept,
      readInFull,
      scannedForNew,
      newKeys: known ? freshList.length : keys.length,
    },
  };
}
