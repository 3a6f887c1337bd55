/**
 * What the corpus as a whole says about a word, for selection (step 5) and for an issue's own
 * candidates (step 7): how many issues make a word common rather than rare, whether its uses
 * gather in a few issues (a topic) or spread evenly (plain English), and which capitalised words
 * are people's surnames rather than names of ideas.
 */
import { LIMITS } from "./limits";
import { GIVEN_NAMES } from "./names";
import type { Tallies } from "./tallies";
import { tokenize } from "./tokens";
import type { IssueText } from "./types";

export type CorpusStats = {
  /** Issues in the corpus (failed ones included). */
  n: number;
  /** A key must be used in this many issues to be a concept on use alone. */
  minDf: number;
  /** A single word in more issues than this is everyday English here (in corpora of 30+ issues). */
  issueShareCap: number;
  /** Tokens of the text extraction reads (see counting.ts). */
  totalTokens: number;
  wordCounts: Map<string, number>;
  wordIssues: Map<string, number[]>;
  /** "Henrik Kniberg" makes "Kniberg" a surname: a person, not a concept. */
  surnames: Set<string>;
  /**
   * Gries's DP for a word over the issues: 0 when its uses are spread in proportion to the
   * issues' lengths, towards 1 when they gather in a few issues. Topic words gather; generic
   * words ("value", "data") are everywhere.
   */
  dispersion: (word: string) => number;
  /** Issues that use a word often enough to be about it (LIMITS.everydayTopicUses). */
  topicIssues: (word: string) => number;
  /**
   * How often the writing spells a two-word compound out as "head of (the) modifier" ("members of the
   * team" for "team members"): a compound the writer unpacks is a description, not a name (12ac).
   */
  unpacked: (modifier: string, head: string) => number;
};

/** Words that may stand between "of" and the modifier of an unpacked compound ("members of our team"). */
const UNPACKING_DETERMINERS = new Set([
  "the",
  "a",
  "an",
  "this",
  "that",
  "our",
  "your",
  "their",
  "my",
  "his",
  "her",
  "its",
]);

/**
 * `ordered`: the issues the statistics are over; `texts`: the issues whose text is read for
 * unpacked compounds (the same issues; the tail's own, when a tail's fresh names are judged on the
 * kept base's statistics: extract.ts).
 */
export function corpusStats(
  ordered: { id: number }[],
  tallies: Tallies,
  totalTokens: number,
  texts: Pick<IssueText, "blocks">[],
): CorpusStats {
  const n = ordered.length;
  const { totalWords, wordCounts, proposals } = tallies;
  const minDf = n >= 50 ? 3 : 2;
  const issueShareCap = n >= 30 ? Math.ceil(n * LIMITS.maxIssueShare) : Number.POSITIVE_INFINITY;

  const surnames = new Set<string>();
  for (const [k, p] of proposals) {
    const t = k.split(" ");
    // "Henrik Kniberg", "Douglas W. Hubbard"
    if ((t.length === 2 || (t.length === 3 && t[1]!.length === 1)) && GIVEN_NAMES.has(t[0]!) && p.capsCount > 0)
      surnames.add(t[t.length - 1]!);
  }

  const shareOf = (issueId: number) => (tallies.tokenCounts.get(issueId) ?? 0) / Math.max(1, totalWords);
  const allShares = ordered.reduce((sum, issue) => sum + shareOf(issue.id), 0);
  function dispersion(word: string): number {
    const total = wordCounts.get(word) ?? 0;
    if (total === 0) return 1;
    // Σ over all issues of |uses/total − share|: an issue without the word adds its share.
    let d = allShares;
    const uses = tallies.wordIssues.get(word) ?? [];
    for (let i = 0; i < uses.length; i += 2) {
      const share = shareOf(uses[i]!);
      d += Math.abs(uses[i + 1]! / total - share) - share;
    }
    return d / 2;
  }

  /** Issues that use a word often enough to be about it (LIMITS.everydayTopicUses). */
  function topicIssues(word: string): number {
    const uses = tallies.wordIssues.get(word) ?? [];
    let n = 0;
    for (let i = 1; i < uses.length; i += 2) if (uses[i]! >= LIMITS.everydayTopicUses) n++;
    return n;
  }

  // "head of (the) modifier" per head and modifier, counted over every block the first time it is asked.
  let unpackings: Map<string, number> | undefined;
  function unpacked(modifier: string, head: string): number {
    unpackings ??= countUnpackings(texts);
    return unpackings.get(`${head} ${modifier}`) ?? 0;
  }

  return {
    n,
    minDf,
    issueShareCap,
    totalTokens,
    wordCounts,
    wordIssues: tallies.wordIssues,
    surnames,
    dispersion,
    topicIssues,
    unpacked,
  };
}

/** Every "X of (the) Y" of the issues' text (normalised words, no sentence break inside), as "X Y" → uses. */
function countUnpackings(texts: Pick<IssueText, "blocks">[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const issue of texts)
    for (const block of issue.blocks) {
      const tokens = tokenize(block.text);
      for (let i = 1; i + 1 < tokens.length; i++) {
        if (tokens[i]!.norm !== "of" || tokens[i]!.breakBefore) continue;
        let j = i + 1;
        if (UNPACKING_DETERMINERS.has(tokens[j]!.norm) && j + 1 < tokens.length) j++;
        if (tokens.slice(i + 1, j + 1).some((t) => t.breakBefore || t.commaBefore)) continue;
        const pair = `${tokens[i - 1]!.norm} ${tokens[j]!.norm}`;
        counts.set(pair, (counts.get(pair) ?? 0) + 1);
      }
    }
  return counts;
}
