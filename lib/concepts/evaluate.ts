/**
 * Precision and recall of an issue's top-ranked concepts against a reader's
 * hand-written list (tests/fixtures/concepts-gold.json).
 *
 * Matching rule: a predicted concept matches a gold entry when one of the
 * entry's names, normalised with `conceptKey` (case, plurals, punctuation and
 * hyphens, "vs."/"versus" and the order of a tension's sides), equals the key
 * of the concept's name, of one of its aliases, or of one of its merged
 * variants (so an acronym matches its expansion).
 *
 * Per issue, with its K top-ranked concepts (rankIssueConcepts, at most K):
 *   precision = top-K concepts matching a `key` or `also` entry / top-K concepts
 *   recall    = `key` entries matched by some top-K concept / `key` entries
 * Both are macro-averaged over the gold issues.
 */
import { makeRandom } from "@/lib/random";
import { conceptKey } from "./keys";
import type { ExtractedConcept, ExtractionResult, IssueCandidates } from "./types";

type GoldName = string | string[];
export type GoldIssue = {
  source: string;
  number?: number;
  title: string;
  key: GoldName[];
  also: GoldName[];
  /** Why an entry was changed after review, if it was. */
  note?: string;
  /** Never tuned on: reported only as a group, as the check that the rules carry over to unseen issues. */
  heldBack?: boolean;
  /** The round that added the issue (its brief's label, e.g. "12x"), so a round's held-back issues can be reported apart. */
  round?: string;
};
export type Gold = { about: string; issues: GoldIssue[] };

export { ISSUE_CONCEPTS_SHOWN } from "./queries";

/** The corpus issue a gold entry is about: a book chapter by number, a blog post by file name. */
export function findGoldIssue<T extends { sourcePath: string; number: number | null }>(
  issues: T[],
  gold: GoldIssue,
): T | undefined {
  return gold.source === "tbm2020"
    ? issues.find((i) => i.sourcePath.includes("tbm2020") && i.number === gold.number)
    : issues.find((i) => i.sourcePath.endsWith(gold.source));
}

export type IssueScore = {
  title: string;
  precision: number;
  recall: number;
  predicted: { name: string; correct: boolean }[];
  missed: string[];
};

function keysOfGold(name: GoldName): string[] {
  return (Array.isArray(name) ? name : [name]).map(conceptKey).filter(Boolean);
}

export function keysOfConcept(c: Pick<ExtractedConcept, "key" | "name" | "aliases" | "memberKeys">): Set<string> {
  return new Set([c.key, ...c.memberKeys, conceptKey(c.name), ...c.aliases.map(conceptKey)].filter(Boolean));
}

/**
 * An issue's concepts in an extraction result, most central first, as the issue page lists
 * them (lib/concepts/queries.ts listIssueConcepts): hidden concepts left out.
 */
export function rankIssueConcepts(result: ExtractionResult, issueId: number): ExtractedConcept[] {
  return result.concepts
    .filter((c) => !c.hidden)
    .flatMap((c) => c.issues.filter((r) => r.issueId === issueId).map((r) => ({ c, rank: r.rank })))
    .sort((a, b) => a.rank - b.rank)
    .map((x) => x.c);
}

/** Score one issue given its ranked concepts (best first). */
export function scoreIssue(
  gold: GoldIssue,
  ranked: Pick<ExtractedConcept, "key" | "name" | "aliases" | "memberKeys">[],
  k: number,
): IssueScore {
  const top = ranked.slice(0, k);
  const keyEntries = gold.key.map(keysOfGold);
  const allEntries = [...keyEntries, ...gold.also.map(keysOfGold)];
  const predicted = top.map((c) => {
    const keys = keysOfConcept(c);
    return { name: c.name, correct: allEntries.some((entry) => entry.some((g) => keys.has(g))), keys };
  });
  const found = keyEntries.map((entry) => predicted.some((p) => entry.some((g) => p.keys.has(g))));
  return {
    title: gold.title,
    precision: top.length === 0 ? 0 : predicted.filter((p) => p.correct).length / top.length,
    recall: keyEntries.length === 0 ? 1 : found.filter(Boolean).length / keyEntries.length,
    predicted: predicted.map(({ name, correct }) => ({ name, correct })),
    missed: gold.key.filter((_, i) => !found[i]).map((g) => (Array.isArray(g) ? g[0]! : g)),
  };
}

/**
 * How far down extraction a gold issue's key entries survive: the share found in the issue's
 * first `k` concepts, anywhere in its ranking, and among its candidates (every phrase, marked
 * phrase and acronym the issue's reading produced, or a ranked concept). The gap between the
 * last two is what selection loses; between the first two, what the cut at `k` loses. `lost`
 * says, for each key entry in no ranking, what the issue gave selection to go on.
 */
export type IssueReach = { shown: number; ranked: number; candidates: number; lost: LostShape[] };
type LostShape = "not a candidate" | "marked" | "unmarked, said once" | "unmarked, said 2+ times";

export function reachIssue(
  gold: GoldIssue,
  ranked: Pick<ExtractedConcept, "key" | "name" | "aliases" | "memberKeys">[],
  candidates: Pick<IssueCandidates, "marked" | "phrases" | "acronyms">,
  k: number,
): IssueReach {
  const rankedKeys = ranked.map(keysOfConcept);
  const marked = new Set([
    ...candidates.marked.map((m) => m.key),
    ...candidates.acronyms.flatMap((a) => [conceptKey(a.acronym), conceptKey(a.expansion)]),
  ]);
  const uses = new Map<string, number>();
  for (const p of candidates.phrases) uses.set(p.key, (uses.get(p.key) ?? 0) + p.n);
  const entries = gold.key.map(keysOfGold);
  const share = (found: (key: string) => boolean) =>
    entries.length === 0 ? 1 : entries.filter((entry) => entry.some(found)).length / entries.length;
  const inRanking = (n: number) => (key: string) => rankedKeys.slice(0, n).some((keys) => keys.has(key));
  const lostShape = (entry: string[]): LostShape => {
    if (entry.some((key) => marked.has(key))) return "marked";
    const most = Math.max(0, ...entry.map((key) => uses.get(key) ?? 0));
    return most === 0 ? "not a candidate" : most === 1 ? "unmarked, said once" : "unmarked, said 2+ times";
  };
  return {
    shown: share(inRanking(k)),
    ranked: share(inRanking(Infinity)),
    candidates: share((key) => marked.has(key) || uses.has(key) || inRanking(Infinity)(key)),
    lost: entries.filter((entry) => !entry.some(inRanking(Infinity))).map(lostShape),
  };
}

/** Mean shares over issues, and every issue's lost key entries together. */
export function averageReach(reaches: IssueReach[]): IssueReach {
  const n = Math.max(1, reaches.length);
  const mean = (f: (r: IssueReach) => number) => reaches.reduce((s, r) => s + f(r), 0) / n;
  return {
    shown: mean((r) => r.shown),
    ranked: mean((r) => r.ranked),
    candidates: mean((r) => r.candidates),
    lost: reaches.flatMap((r) => r.lost),
  };
}

export function averageScores(scores: IssueScore[]): { precision: number; recall: number } {
  const n = Math.max(1, scores.length);
  return {
    precision: scores.reduce((s, x) => s + x.precision, 0) / n,
    recall: scores.reduce((s, x) => s + x.recall, 0) / n,
  };
}

/**
 * A fixed random sample of the corpus's recurring concepts (visible, in 2+ issues), for judging
 * definition passages by reading: keys sorted, then shuffled with a seeded PRNG. The judged sample
 * (tests/fixtures/definitions-judged.json) was drawn with it; kept to draw the next one.
 * @public
 */
export function sampleConcepts(result: ExtractionResult, size: number, seed: number): ExtractedConcept[] {
  const pool = result.concepts
    .filter((c) => !c.hidden && c.issueCount >= 2)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const next = makeRandom(seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, size);
}
