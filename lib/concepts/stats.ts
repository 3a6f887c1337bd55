/**
 * What the corpus as a whole says about a word, for selection (step 5) and for an issue's own
 * candidates (step 7): how many issues make a word common rather than rare, whether its uses
 * gather in a few issues (a topic) or spread evenly (plain English), and which capitalised words
 * are people's surnames rather than names of ideas.
 */
import { LIMITS } from "./limits";
import { GIVEN_NAMES } from "./names";
import type { Tallies } from "./tallies";

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
};

export function corpusStats(ordered: { id: number }[], tallies: Tallies, totalTokens: number): CorpusStats {
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
  };
}
