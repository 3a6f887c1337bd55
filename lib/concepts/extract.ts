/**
 * From every issue's cached candidates to the corpus's concepts: pure and deterministic (no
 * database, no clock). Each step has its own module; this one runs them in order:
 *
 *  1. reading.ts   — drop boilerplate blocks (the same block in many issues) and lists of other
 *                    issues' titles;
 *  2. tallies.ts   — propose keys: everything the writing marks (titles, headings, bold lead-ins,
 *                    tensions, named models, capitalised terms, quoted coinages, acronyms) and
 *                    every noun phrase used more than once;
 *  3. counting.ts  — count every proposed key in the text (issue frequency, total frequency);
 *  4. grouping.ts  — merge variants into groups (acronym ↔ expansion, "LeanUX" ↔ "Lean UX");
 *  5. select.ts    — keep the groups that pass their source's bar and the junk filters, with
 *                    keyness against everyday English for single words (stats.ts);
 *  6. rules.ts     — apply the author's curation rules;
 *  7. mentions.ts, ranking.ts, naming.ts — place mentions (longest match wins), rank concepts
 *                    within each issue, choose definition passages (passages.ts), name the
 *                    concepts and tell their kinds; relations.ts relates them by co-occurrence G².
 *
 * Thresholds are in limits.ts.
 */
import { countProposals } from "./counting";
import { groupVariants } from "./grouping";
import { LIMITS } from "./limits";
import { placeMentions } from "./mentions";
import { nameConcepts } from "./naming";
import { makeRanker } from "./ranking";
import { findSkippedBlocks, prepareIssues } from "./reading";
import { relateConcepts } from "./relations";
import { applyRules, type Rules } from "./rules";
import { selectGroups } from "./select";
import { corpusStats } from "./stats";
import { fold, foldPhrases, newTallies, type Tallies } from "./tallies";
import type { ExtractionResult, IssueCandidates, IssueText } from "./types";

export type ExtractInput = {
  issues: IssueText[];
  candidates: Map<number, IssueCandidates>;
  rules?: Rules;
};

/** Extraction fed one issue's candidates at a time: `add` each issue's (in ascending id order), then `finish`. */
export type Extraction = {
  add: (issueId: number, candidates: IssueCandidates) => void;
  finish: (rules?: Rules) => ExtractionResult;
};

/** Told as each step ends, with its name (for a breakdown of where a run's time went). */
export type OnStep = (step: string) => void;

export function startExtraction(issues: IssueText[], onStep: OnStep = () => {}): Extraction {
  const ordered = [...issues].sort((a, b) => a.id - b.id);
  const tallies = newTallies(findSkippedBlocks(ordered));
  onStep("skipped blocks");
  const known = new Set(ordered.map((i) => i.id));
  let finished = false;
  return {
    add: (issueId, candidates) => {
      if (known.has(issueId)) fold(tallies, issueId, candidates);
    },
    finish: (rules = []) => {
      if (finished) throw new Error("extraction already finished");
      finished = true;
      // With reading the memo rows, when the caller reads them as it folds them in.
      onStep("tallies");
      return finishExtraction(ordered, tallies, rules, onStep);
    },
  };
}

export function extractConcepts({ issues, candidates, rules = [] }: ExtractInput): ExtractionResult {
  const extraction = startExtraction(issues);
  for (const issue of [...issues].sort((a, b) => a.id - b.id)) {
    const c = candidates.get(issue.id);
    if (c) extraction.add(issue.id, c);
  }
  return extraction.finish(rules);
}

function finishExtraction(ordered: IssueText[], tallies: Tallies, rules: Rules, onStep: OnStep): ExtractionResult {
  const { proposals, acronymVotes, acronymSurface } = tallies;
  foldPhrases(tallies);
  const prepared = prepareIssues(ordered, tallies.skipped, tallies.failed);
  onStep("phrases");
  const counts = countProposals(prepared, proposals);
  onStep("counting");
  const members = groupVariants(counts, proposals, acronymVotes);
  onStep("grouping");
  const stats = corpusStats(ordered, tallies, counts.totalTokens);
  const chosen = selectGroups(members, counts, proposals, acronymVotes, stats);
  const { live, dormantRules } = applyRules(chosen, rules);
  onStep("selection");
  const placed = placeMentions(prepared, live, tallies, makeRanker(live, proposals, stats));
  onStep("mentions");
  const concepts = nameConcepts(ordered, live, placed, proposals, acronymSurface);
  onStep("naming");

  const keyOf = new Map([
    ...live.map((c, i) => [i, c.root] as const),
    ...placed.localList.map((l, i) => [live.length + i, l.key] as const),
  ]);
  const relations = relateConcepts(placed.central, ordered.length, LIMITS.relatedPerConcept).map((r) => ({
    fromKey: keyOf.get(r.from)!,
    toKey: keyOf.get(r.to)!,
    score: r.score,
  }));

  onStep("relations");
  return { concepts, relations, boilerplateBlocks: tallies.skipped.boilerplate.size, dormantRules };
}
