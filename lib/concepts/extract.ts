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
 * **Base and tail (issue 14).** Steps 1–6, the names, definitions and relations are drawn from the
 * archive's *base*: its first `baseSize(n)` issues by id — all of them below LIMITS.tailFrom issues,
 * beyond that n rounded down to a step that grows with the archive (a 32nd of it, as a power of
 * two). The issues after it, the *tail* (fewer than n / 32: the latest), are placed and ranked
 * with the base's concepts and statistics, add their own concepts (names the base never proposed,
 * judged by selection's bars on the tail's counts), and add to the base's concepts' counts. The
 * base's result is kept (`encodeBase`), so a change to the tail alone is derived from it and the
 * tail (`extendBase`) without reading the base again — and a derivation from scratch runs the same two functions, so the two agree by
 * construction. The base moves (a full derivation) when the archive crosses a step, a base issue
 * changes, or the curation rules or the extractor do.
 *
 * Thresholds are in limits.ts.
 */
import { deserialize, serialize } from "node:v8";
import { countProposals } from "./counting";
import { groupVariants } from "./grouping";
import { LIMITS } from "./limits";
import { placeMentions } from "./mentions";
import { nameConcepts, yearsOf } from "./naming";
import { makeRanker } from "./ranking";
import { findSkippedBlocks, prepareIssues, skippedInTail, type TitledIssue } from "./reading";
import { relateConcepts } from "./relations";
import { applyRules, type Rules } from "./rules";
import { type Chosen, selectGroups } from "./select";
import { corpusStats } from "./stats";
import { fold, foldPhrases, newTallies, type Tallies } from "./tallies";
import type { ExtractedConcept, ExtractionResult, IssueCandidates, IssueText } from "./types";

export type ExtractInput = {
  issues: IssueText[];
  candidates: Map<number, IssueCandidates>;
  rules?: Rules;
};

/** Extraction fed one issue's candidates at a time: `add` each issue's (in ascending id order), then `finish`. */
export type Extraction = {
  add: (issueId: number, candidates: IssueCandidates) => void;
  finish: (rules?: Rules) => ExtractionResult & { base: Buffer };
};

/** Told as each step ends, with its name (for a breakdown of where a run's time went). */
export type OnStep = (step: string) => void;

/**
 * How many of an archive's `n` issues (the first, by id) its statistics and concepts are drawn
 * from: all of them below LIMITS.tailFrom; from there n rounded down to a multiple of the largest
 * power of two not over n / LIMITS.tailShare, so the tail it leaves is shorter than that share.
 */
export function baseSize(n: number): number {
  if (n < LIMITS.tailFrom) return n;
  const unit = 2 ** Math.floor(Math.log2(Math.max(1, n / LIMITS.tailShare)));
  return Math.floor(n / unit) * unit;
}

/** A concept named from the base: everything but its uses, which the tail adds to. */
type BaseConcept = Omit<ExtractedConcept, "mentions" | "issues" | "score"> & {
  /** The sum of its base issues' scores, unrounded (the tail's are added to it). */
  scoreSum: number;
  mentionCount: number;
};

/** What a derivation keeps of its base (`encodeBase`): all that placing and ranking a tail needs. */
type Base = {
  format: number;
  issueIds: number[];
  boilerplate: Set<string>;
  failed: Set<number>;
  tallies: Pick<Tallies, "totalWords" | "tokenCounts" | "wordCounts" | "wordIssues" | "proposals" | "acronymSurface">;
  totalTokens: number;
  live: Chosen[];
  rules: Rules;
  concepts: BaseConcept[];
  relations: ExtractionResult["relations"];
  dormantRules: number[];
};

/** Bumped when `Base` changes shape: a kept base of another format is derived again. */
const BASE_FORMAT = 1;

export function startExtraction(issues: IssueText[], onStep: OnStep = () => {}): Extraction {
  const ordered = [...issues].sort((a, b) => a.id - b.id);
  const base = ordered.slice(0, baseSize(ordered.length));
  const tail = ordered.slice(base.length);
  const tallies = newTallies(findSkippedBlocks(base));
  onStep("skipped blocks");
  const inBase = new Set(base.map((i) => i.id));
  const inTail = new Set(tail.map((i) => i.id));
  const tailCandidates = new Map<number, IssueCandidates>();
  let finished = false;
  return {
    add: (issueId, candidates) => {
      if (inBase.has(issueId)) fold(tallies, issueId, candidates);
      else if (inTail.has(issueId)) tailCandidates.set(issueId, candidates);
    },
    finish: (rules = []) => {
      if (finished) throw new Error("extraction already finished");
      finished = true;
      // With reading the memo rows, when the caller reads them as it folds them in.
      onStep("tallies");
      const { result, kept } = deriveBase(base, tallies, rules, onStep);
      // The tail is placed from the base as kept, exactly as a later run that reads it back will.
      const encoded = encodeBase(kept);
      const decoded = decodeBase(encoded)!;
      onStep("keeping the base");
      const extended = extendBase(decoded, tail, ordered, tailCandidates, result.concepts);
      onStep("tail");
      return { ...extended, base: encoded };
    },
  };
}

export function extractConcepts({ issues, candidates, rules = [] }: ExtractInput): ExtractionResult {
  const extraction = startExtraction(issues);
  for (const issue of [...issues].sort((a, b) => a.id - b.id)) {
    const c = candidates.get(issue.id);
    if (c) extraction.add(issue.id, c);
  }
  const { base: _, ...result } = extraction.finish(rules);
  return result;
}

/** The base's concepts (with their base mentions and ranks) and what is kept of it. */
function deriveBase(
  ordered: IssueText[],
  tallies: Tallies,
  rules: Rules,
  onStep: OnStep,
): { result: ExtractionResult; kept: Base } {
  const { proposals, acronymVotes, acronymSurface } = tallies;
  foldPhrases(tallies);
  const prepared = prepareIssues(ordered, tallies.skipped, tallies.failed);
  onStep("phrases");
  const counts = countProposals(prepared, proposals);
  onStep("counting");
  const members = groupVariants(counts, proposals, acronymVotes);
  onStep("grouping");
  const stats = corpusStats(ordered, tallies, counts.totalTokens, ordered);
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

  const kept: Base = {
    format: BASE_FORMAT,
    issueIds: ordered.map((i) => i.id),
    boilerplate: tallies.skipped.boilerplate,
    failed: tallies.failed,
    tallies: {
      totalWords: tallies.totalWords,
      tokenCounts: tallies.tokenCounts,
      wordCounts: tallies.wordCounts,
      wordIssues: tallies.wordIssues,
      proposals,
      acronymSurface,
    },
    totalTokens: counts.totalTokens,
    live,
    rules,
    concepts: concepts.map(({ mentions, issues, score: _, ...c }) => ({
      ...c,
      scoreSum: issues.reduce((s, r) => s + r.score, 0),
      mentionCount: mentions.length,
    })),
    relations,
    dormantRules,
  };
  return { result: { concepts, relations, boilerplateBlocks: tallies.skipped.boilerplate.size, dormantRules }, kept };
}

export function encodeBase(base: Base): Buffer {
  return serialize(base);
}

/** A kept base, or undefined when it was kept in another format (derive it again). */
export function decodeBase(bytes: Buffer): Base | undefined {
  const base = deserialize(bytes) as Base;
  return base?.format === BASE_FORMAT ? base : undefined;
}

/**
 * The archive's concepts from its base (kept) and its tail: the tail's issues placed and ranked
 * with the base's concepts and statistics; the base's concepts with the tail's uses added to their
 * counts; concepts only the tail has, named from it. `titled`: every issue (for the titles a tail
 * block may cite). `baseConcepts`: the base's concepts with their mentions and ranks, when the
 * base was just derived (every issue's rows are then written); without them only the tail's are.
 */
export function extendBase(
  base: Base,
  tail: IssueText[],
  titled: TitledIssue[],
  candidates: Map<number, IssueCandidates>,
  baseConcepts?: ExtractedConcept[],
): ExtractionResult {
  const ordered = [...tail].sort((a, b) => a.id - b.id);
  const boilerplate = base.boilerplate;
  const skipped = skippedInTail(boilerplate, ordered, titled);
  const own = newTallies(skipped);
  for (const issue of ordered) {
    const c = candidates.get(issue.id);
    if (c) fold(own, issue.id, c);
  }
  foldPhrases(own);
  const baseProposals = base.tallies.proposals;
  const baseTallies = { ...newTallies(skipped), ...base.tallies };
  const stats = corpusStats(
    base.issueIds.map((id) => ({ id })),
    baseTallies,
    base.totalTokens,
    ordered,
  );
  const prepared = prepareIssues(ordered, skipped, own.failed);
  // Names the tail proposes that the base doesn't know are judged by selection's bars on the
  // tail's counts and the base's statistics; what the base proposed keeps the base's judgement.
  const fresh = new Map([...own.proposals].filter(([k]) => !baseProposals.has(k)));
  const counts = { ...countProposals(prepared, fresh), totalTokens: base.totalTokens };
  const known = new Set(base.live.flatMap((c) => [...c.group.keys]));
  const chosen = selectGroups(groupVariants(counts, fresh, own.acronymVotes), counts, fresh, own.acronymVotes, stats);
  const added = applyRules(chosen, base.rules).live.filter((c) => ![...c.group.keys].some((k) => known.has(k)));
  const live = [...base.live, ...added];
  const proposals = new Map([...baseProposals, ...fresh]);
  // The tail's marks of the base's names count in the tail's rankings (its fresh names carry their own).
  const marks = new Map([...own.proposals].filter(([k]) => baseProposals.has(k)));
  const ranker = makeRanker(live, proposals, stats, marks);
  const placed = placeMentions(prepared, live, { ...own, proposals }, ranker);
  const tailNamed = nameConcepts(
    ordered,
    live,
    placed,
    proposals,
    new Map([...base.tallies.acronymSurface, ...own.acronymSurface]),
  );

  const issueById = new Map(ordered.map((i) => [i.id, i]));
  const fromBase = new Map((baseConcepts ?? []).map((c) => [c.key, c]));
  // The tail's mentions and ranks of each concept, by key (a concept of the corpus by its root, one of an issue's own by its key).
  const tailUses = new Map<string, { mentions: ExtractedConcept["mentions"]; issues: ExtractedConcept["issues"] }>();
  live.forEach((c, i) => {
    if (placed.mentions[i]!.length > 0)
      tailUses.set(c.root, { mentions: placed.mentions[i]!, issues: placed.issueRanks[i]! });
  });
  for (const l of placed.localList) if (l.mentions.length > 0) tailUses.set(l.key, l);

  const concepts: ExtractedConcept[] = base.concepts.map(({ scoreSum, mentionCount, ...c }) => {
    const mine = fromBase.get(c.key);
    const more = tailUses.get(c.key);
    const tailIssues = more ? [...more.issues].sort((a, b) => a.issueId - b.issueId) : [];
    const years = more ? yearsOf(issueById, more.mentions) : undefined;
    const countsByYear = { ...c.countsByYear };
    for (const [y, k] of Object.entries(years?.countsByYear ?? {})) countsByYear[y] = (countsByYear[y] ?? 0) + k;
    const firstSeenAt =
      years?.firstSeenAt && (!c.firstSeenAt || years.firstSeenAt < c.firstSeenAt) ? years.firstSeenAt : c.firstSeenAt;
    // In nameConcepts's order of fields, so a result reads (and snapshots) the same either way.
    return {
      key: c.key,
      memberKeys: c.memberKeys,
      name: c.name,
      kind: c.kind,
      aliases: c.aliases,
      hidden: c.hidden,
      score: Math.round(tailIssues.reduce((s, r) => s + r.score, scoreSum) * 1000) / 1000,
      mentions: [...(mine?.mentions ?? []), ...(more?.mentions ?? [])],
      firstSeenAt,
      countsByYear,
      issueCount: c.issueCount + (years?.issueCount ?? 0),
      definition: c.definition,
      issues: [...(mine?.issues ?? []), ...tailIssues],
      mentionCount: mentionCount + (more?.mentions.length ?? 0),
    };
  });
  // Concepts the base doesn't name (a concept of the tail's issues alone, or one of the corpus's
  // whose uses are all in the tail) are named from the tail.
  const named = new Set(base.concepts.map((c) => c.key));
  for (const c of tailNamed) if (!named.has(c.key)) concepts.push({ ...c, mentionCount: c.mentions.length });
  return {
    concepts,
    relations: base.relations,
    boilerplateBlocks: boilerplate.size,
    dormantRules: base.dormantRules,
  };
}
