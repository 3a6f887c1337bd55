/**
 * A Ranker for unit tests that rank an issue's own candidates only: no concepts of the corpus,
 * every own candidate allowed, none a plain word unless `plainWord` says so.
 */
import type { Ranker } from "@/lib/concepts/ranking";
import type { LocalCandidate } from "@/lib/concepts/tallies";

export function ownCandidatesRanker(
  options: { specificity?: number; plainWord?: (c: LocalCandidate) => boolean } = {},
): Ranker {
  const specificity = options.specificity ?? 0;
  return {
    live: [],
    single: [],
    groupMarksOf: [],
    everyday: [],
    everydayPhrase: [],
    specificity: () => specificity,
    markedIn: () => [],
    localAllowed: () => true,
    plainWord: options.plainWord ?? (() => false),
  };
}
