/**
 * Concept quality on the real corpus (../shared/corpus): precision and recall
 * of each gold issue's top-ranked concepts against tests/fixtures/concepts-gold.json
 * (matching rule in lib/concepts/evaluate.ts), the held-back gold issues apart;
 * the 100 most mentioned concepts against a list judged by reading
 * (tests/fixtures/top100-judged.json); the definition passages of a fixed random
 * sample of 30 concepts, judged by reading (tests/fixtures/definitions-judged.json), and those of the 40
 * most mentioned (tests/fixtures/top-definitions-judged.json);
 * and no junk among the 100 most mentioned. Extraction runs offline here (no
 * database): the same code the ingest stage runs.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  averageScores,
  findGoldIssue,
  ISSUE_CONCEPTS_SHOWN,
  rankIssueConcepts,
  scoreIssue,
  type Gold,
  type IssueScore,
} from "@/lib/concepts/evaluate";
import { extractOffline, readIssueTexts, type OfflineIssue } from "@/lib/concepts/offline";
import type { ExtractedConcept, ExtractionResult } from "@/lib/concepts/types";
import { CORPUS_DIR, hasCorpus } from "../helpers/corpus";

/**
 * Floors this suite holds the extractor to, just under what it measures (README, "Quality"; measured
 * 2026-12-02 12:28 UTC with the (12f) rules: precision 0.870, recall 0.662, held back 0.882 / 0.544, 12
 * everyday words, 19 definitions; 14:38 UTC with the (12j) rules: 0.873 / 0.672, held back 0.869 / 0.544; 20
 * definitions with the (12i) rules; all merged: see the README's Quality table; 15:22 UTC with the (12n)
 * rules: 0.879 / 0.677, held back 0.869 / 0.544; 17:55 UTC with the (12o) rules: 0.880 / 0.699, held back
 * unchanged). 2026-12-03 00:05 UTC the gold file grew by 12 held-back issues (round 12x), judged before any
 * output for them was seen, and the same extraction measures over all 48: 0.873 / 0.635 (tuned on, 28
 * issues, unchanged at 0.883 / 0.743; held back, 20 issues, 0.859 / 0.484: the earlier 8 0.869 / 0.544, the new
 * 12 0.852 / 0.443). The precision and recall floors below were lowered then to what the larger file measures
 * (0.875 → 0.87, 0.69 → 0.63, held-back recall 0.54 → 0.48): the extractor did not change, the yardstick did.
 * 00:40 UTC with the (12w) rules (a word also written solid judged as one word; a gerund after an adjective a
 * noun): tuned on 0.890 / 0.756, all 0.886 / 0.643, held back 0.882 / 0.484. 01:05 UTC with the (12y) rule
 * (a plain word of prose two issues make their subject is an issue's own concept in its first 5): tuned on
 * 0.891 / 0.763, all 0.888 / 0.658, held back 0.883 / 0.510. 04:15 UTC with the (12ac) rule (a compound the
 * writing also spells out, "members of the team", is a description whatever its hyphens): tuned on 0.895 / 0.763,
 * all 0.895 / 0.658, held back 0.894 / 0.510. Issue #12's targets are
 * precision 0.9, recall 0.85, the held-back part no more than 0.05 below, at most 5 everyday words in the
 * top 100 and 20 of 30 definitions (only the last reached); these floors keep what has been reached from
 * slipping back. 2026-12-03 04:10 UTC (round 12ab): 8 more tuned issues (4 + 4), judged before any output for
 * them was seen, measure 0.825 / 0.369 with the (12y) extraction, so the tuned part (now 36) fell to 0.876 / 0.676
 * and all 56 to 0.879 / 0.617; with the (12ab) rules: all 0.882 / 0.624, tuned on 0.881 / 0.687 (the earlier 28
 * unchanged at 0.891 / 0.763, round 12ab 0.846 / 0.419), held back unchanged at 0.883 / 0.510. The recall floor
 * over all and the tuned floors were reset to what the larger file measures (0.65 → 0.62; tuned 0.885 / 0.76 →
 * 0.88 / 0.68): the yardstick changed. The earlier 28 tuned issues keep their floors of their own below.
 * 04:50 UTC with the (12af) candidate rules: every figure unchanged (tuned on 0.882 / 0.687, held back 0.892 /
 * 0.519, all 0.885 / 0.627): the new candidates are refused by selection, so no floor moved.
 * 2026-12-03 07:50 UTC with the (12ag) italics, (12ah) selection bars and (12ai) generic-compound rules merged:
 * all 0.907 / 0.645, tuned on 0.909 / 0.711 (earlier 28 0.912 / 0.789, round 12ab 0.900 / 0.437), held back
 * 0.904 / 0.526 — precision over all reaches the 0.9 target; the floors follow. 08:25 UTC with the (12aj) rule
 * (a concept said only in quotations ranks lower): all 0.913 / 0.648, tuned on 0.918 / 0.716 (earlier 28 0.919 /
 * 0.795), held back unchanged. 2026-12-03 10:45 UTC with the (12ao) slash-compound and subject-verb rules: all
 * 0.916 / 0.648, tuned on 0.923 / 0.716 (round 12ab 0.938 / 0.437), held back unchanged.
 */
const MIN_PRECISION = 0.91;
const MIN_RECALL = 0.64;
/** The tuned part (36 issues since round 12ab) on its own, so a growing held-back part can't hide a loss there: 0.881 / 0.687 with the (12ab) rules, 0.909 / 0.711 with (12ag)–(12ai), 0.918 / 0.716 with (12aj), 0.923 / 0.716 with (12ao). */
const MIN_TUNED_PRECISION = 0.92;
const MIN_TUNED_RECALL = 0.71;
/** The tuned issues of the rounds before 12ab (28), which new tuned rounds must not hide a loss on: 0.883 / 0.743 at round 12x, 0.890 / 0.756 with the (12w) rules, 0.891 / 0.763 with (12y) and with (12ab), 0.912 / 0.789 with (12ag)–(12ai), 0.919 / 0.795 with (12aj). */
const MIN_EARLIER_TUNED_PRECISION = 0.91;
const MIN_EARLIER_TUNED_RECALL = 0.79;
/** The held-back issues (never tuned on): precision no more than 0.05 below the whole; recall floor (20 issues since round 12x). */
const HELD_BACK_PRECISION_GAP = 0.05;
const MIN_HELD_BACK_RECALL = 0.52;
/**
 * 13 since two-word names stopped matching across commas (2026-12-02): "individuals" gained the mention a
 * spurious "X, individuals" match had held and entered the top 100 by a tie at 21 (judged everyday). Still 13
 * with the (12w) rules: "individuals" left, "workflow" (judged everyday) entered. Still 13 with the (12ac) rule:
 * "team members" left, "engineering" (judged everyday, 21 mentions) entered at rank 100 by a tie. Still 13
 * with the (12af) rules (no concept of the top 100 changed). Still 13 with the (12al) rule (2026-12-03 08:33 UTC).
 */
const MAX_EVERYDAY_IN_TOP_100 = 13;
/**
 * 20 since the (12i) rules (2026-12-02 afternoon): cognitive dissonance's passage names its cause (a judgement call, see
 * the fixture's note); 20 with the (12ad) rules (cost of delay explains → defines).
 */
const MIN_DEFINITIONS = 20;
/**
 * Of the 40 most mentioned concepts (tests/fixtures/top-definitions-judged.json), how many show a passage
 * that defines or explains them: 10 before the (12r) rules, 11 with them (2026-12-02 17:40 UTC; tuned half 6
 * → 7 of 20, held-back half 4 → 4); 14 with the (12v) rules (2026-12-03 00:35 UTC; tuned half 7 → 10 of 20,
 * held-back half 4 → 4); 14 with the (12ad) rules (2026-12-03 04:20 UTC: no judged passage gained, as no
 * candidate sentence of the tuned half's other ten defines or explains them; see the README's (12ad)); 15 with
 * the (12aj) rule (bets, held back); 16 with the (12ar) rules (2026-12-03 10:52 UTC: story point estimation, tuned,
 * now shows what a team uses it for; tuned half 10 → 11 of 21 in the top 40, held-back half 5 → 5 of 19, no
 * held-back passage changed).
 */
const MIN_TOP_DEFINITIONS = 16;

type Judged<V extends string> = {
  about: string;
  judged: ({ key: string; name: string; verdict: V; note?: string } & Record<string, unknown>)[];
};

function hasKey(c: Pick<ExtractedConcept, "key" | "memberKeys">, key: string): boolean {
  return c.key === key || c.memberKeys.includes(key);
}

/** Hex SHA-256 of a passage's text (UTF-8): definitions-judged.json stores this, never the corpus text itself. */
function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** One changed concept for the failure message: its name and the passage it shows now (read from the corpus at run time), to be judged again. */
function changedPassage(name: string, text: string | null): string {
  if (text === null)
    return `— ${name}: now shows no passage (or is no longer a concept); passageSha256 null, passageChars null`;
  return `— ${name}: passageSha256 ${sha256(text)}, passageChars ${text.length}; the passage now shown:\n${text}`;
}

const JUNK_WORDS = new Set(
  `thing things way ways people person time times lot lots stuff yeah yes ok okay um uh like just really very so well
  something someone anything everything nothing today tomorrow yesterday day days week weeks month months year years
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
  october november december the a an and or of to in on it this that i you we they click here read more subscribe
  newsletter email post blog link http https www com
  value project data product team work company customer user feature problem issue question answer idea example
  reason fact part point number amount level access direction definition rate update increase decrease
  important good great new different better`.split(/\s+/),
);
const JUNK_SHAPES = [
  /^\W*$/,
  /^\d[\d\s.,:%/-]*$/,
  /https?:|www\.|\.com\b|@/i,
  /^(mon|tues|wednes|thurs|fri|satur|sun)day/i,
  /^.$/,
];

/** The `n` shown concepts with the most mentions (ties by key, so the list is the same on every run). */
function mostMentioned(result: ExtractionResult, n: number): ExtractedConcept[] {
  return [...result.concepts]
    .filter((c) => !c.hidden)
    .sort((a, b) => b.mentions.length - a.mentions.length || (a.key < b.key ? -1 : 1))
    .slice(0, n);
}

function isJunk(name: string): boolean {
  const lower = name.toLowerCase().trim();
  return JUNK_WORDS.has(lower) || JUNK_SHAPES.some((re) => re.test(lower));
}

describe.skipIf(!hasCorpus)("corpus: concept quality", () => {
  let issues: OfflineIssue[];
  let result: ExtractionResult;
  const gold = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "fixtures", "concepts-gold.json"), "utf8"),
  ) as Gold;

  beforeAll(async () => {
    issues = await readIssueTexts([path.join(CORPUS_DIR, "cutlefish-blog"), path.join(CORPUS_DIR, "tbm2020")]);
    result = extractOffline(issues).result;
  }, 120_000);

  it("the gold file covers at least 30 issues of both the book and the blog, with a held-back part of both", () => {
    expect(gold.issues.length).toBeGreaterThanOrEqual(30);
    for (const part of [gold.issues, gold.issues.filter((g) => g.heldBack)]) {
      expect(part.some((g) => g.source === "tbm2020")).toBe(true);
      expect(part.some((g) => g.source.startsWith("cutlefish-blog/"))).toBe(true);
    }
  });

  it(`top-${ISSUE_CONCEPTS_SHOWN} concepts per issue: precision ≥ ${MIN_PRECISION}, recall ≥ ${MIN_RECALL}; the held-back issues apart`, () => {
    const scores: (IssueScore & { heldBack: boolean; round?: string })[] = [];
    for (const g of gold.issues) {
      const issue = findGoldIssue(issues, g);
      expect(issue, `gold issue ${g.source} ${g.number ?? ""}`).toBeDefined();
      scores.push({
        ...scoreIssue(g, rankIssueConcepts(result, issue!.id), ISSUE_CONCEPTS_SHOWN),
        heldBack: !!g.heldBack,
        ...(g.round ? { round: g.round } : {}),
      });
    }
    const all = averageScores(scores);
    const tuned = averageScores(scores.filter((s) => !s.heldBack));
    const held = averageScores(scores.filter((s) => s.heldBack));
    const line = (label: string, n: number, a: { precision: number; recall: number }) =>
      `${label} (${n}): precision ${a.precision.toFixed(3)}, recall ${a.recall.toFixed(3)}`;
    process.stderr.write(
      `concept gold, top ${ISSUE_CONCEPTS_SHOWN}: ${line("all", scores.length, all)}; ${line("tuned on", scores.filter((s) => !s.heldBack).length, tuned)}; ${line("held back", scores.filter((s) => s.heldBack).length, held)}\n`,
    );
    expect(all.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(all.recall).toBeGreaterThanOrEqual(MIN_RECALL);
    expect(tuned.precision).toBeGreaterThanOrEqual(MIN_TUNED_PRECISION);
    expect(tuned.recall).toBeGreaterThanOrEqual(MIN_TUNED_RECALL);
    const earlier = averageScores(scores.filter((s) => !s.heldBack && !s.round));
    expect(earlier.precision).toBeGreaterThanOrEqual(MIN_EARLIER_TUNED_PRECISION);
    expect(earlier.recall).toBeGreaterThanOrEqual(MIN_EARLIER_TUNED_RECALL);
    expect(held.precision).toBeGreaterThanOrEqual(all.precision - HELD_BACK_PRECISION_GAP);
    expect(held.recall).toBeGreaterThanOrEqual(MIN_HELD_BACK_RECALL);
  });

  it(`the 100 most mentioned concepts are all judged (tests/fixtures/top100-judged.json), with at most ${MAX_EVERYDAY_IN_TOP_100} everyday words`, () => {
    const judged = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "fixtures", "top100-judged.json"), "utf8"),
    ) as Judged<"concept" | "everyday" | "name">;
    const top = mostMentioned(result, 100);
    const verdictOf = (c: ExtractedConcept) => judged.judged.find((j) => hasKey(c, j.key))?.verdict;
    // A concept the list doesn't know must be judged by reading before this passes.
    expect(top.filter((c) => !verdictOf(c)).map((c) => c.name)).toEqual([]);
    const everyday = top.filter((c) => verdictOf(c) === "everyday").map((c) => c.name);
    process.stderr.write(`top 100: ${everyday.length} everyday words (${everyday.join(", ")})\n`);
    expect(everyday.length).toBeLessThanOrEqual(MAX_EVERYDAY_IN_TOP_100);
  });

  it(`of a fixed random sample of 30 concepts, at least ${MIN_DEFINITIONS} show a passage that defines or explains them (judged by reading)`, () => {
    const judged = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "fixtures", "definitions-judged.json"), "utf8"),
    ) as Judged<"defines" | "explains" | "mentions" | "list" | "heading" | "not a concept">;
    expect(judged.judged).toHaveLength(30);
    const changed: string[] = [];
    let defining = 0;
    for (const j of judged.judged) {
      const c = result.concepts.find((x) => hasKey(x, j.key));
      const text = c?.definition?.text ?? null;
      // A passage that changed (or a concept that went) must be judged again: the message shows the passage now shown.
      if ((text === null ? null : sha256(text)) !== j.passageSha256) changed.push(changedPassage(j.name, text));
      else if (j.verdict === "defines" || j.verdict === "explains") defining++;
    }
    expect(
      changed,
      `${changed.length} judged passage(s) changed; judge each again in tests/fixtures/definitions-judged.json:\n\n${changed.join("\n\n")}\n`,
    ).toEqual([]);
    process.stderr.write(`definitions: ${defining} of 30 define or explain\n`);
    expect(defining).toBeGreaterThanOrEqual(MIN_DEFINITIONS);
  });

  it(`of the 40 most mentioned concepts, at least ${MIN_TOP_DEFINITIONS} show a passage that defines or explains them (judged by reading)`, () => {
    const judged = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "fixtures", "top-definitions-judged.json"), "utf8"),
    ) as Judged<"defines" | "explains" | "mentions" | "list" | "heading" | "not a concept">;
    const top = mostMentioned(result, 40);
    const unjudged: string[] = [];
    const changed: string[] = [];
    let defining = 0;
    for (const c of top) {
      const j = judged.judged.find((x) => hasKey(c, x.key));
      if (!j) {
        unjudged.push(c.name);
        continue;
      }
      const text = c.definition?.text ?? null;
      // A passage that changed must be judged again: the message shows the passage now shown.
      if ((text === null ? null : sha256(text)) !== j.passageSha256) changed.push(changedPassage(j.name, text));
      else if (j.verdict === "defines" || j.verdict === "explains") defining++;
    }
    // A concept new to the top 40 must be judged by reading (and its passage's hash stored) before this passes.
    expect(unjudged, "top-40 concepts not judged in tests/fixtures/top-definitions-judged.json").toEqual([]);
    expect(
      changed,
      `${changed.length} judged passage(s) changed; judge each again in tests/fixtures/top-definitions-judged.json:\n\n${changed.join("\n\n")}\n`,
    ).toEqual([]);
    process.stderr.write(`top-40 definitions: ${defining} of 40 define or explain\n`);
    expect(defining).toBeGreaterThanOrEqual(MIN_TOP_DEFINITIONS);
  });

  it("judges a word mostly said inside longer concepts on the rest: bare 'improvement' is English except where an issue is about it", () => {
    const byKey = (k: string) => result.concepts.find((c) => hasKey(c, k));
    // Nearly three in four uses of the word are "continuous improvement" (and longer names ending in it).
    expect(byKey("continuous improvement")!.mentions.length).toBeGreaterThan(80);
    const improvement = byKey("improvement")!;
    // Before: 44 mentions in 29 issues, as if every bare use were the field's term.
    expect(improvement.mentions.length).toBeLessThan(15);
    expect(new Set(improvement.mentions.map((m) => m.issueId)).size).toBeLessThanOrEqual(3);
  });

  it("every issue of the 2020 book lists concepts on its page", () => {
    const book = issues.filter((i) => i.sourcePath.includes("tbm2020"));
    expect(book.length).toBe(53);
    const listed = new Set(result.concepts.filter((c) => !c.hidden).flatMap((c) => c.issues.map((r) => r.issueId)));
    expect(book.filter((i) => !listed.has(i.id)).map((i) => i.title)).toEqual([]);
  });

  it("the 100 most mentioned concepts contain no junk", () => {
    const top = mostMentioned(result, 100);
    expect(top.length).toBe(100);
    const junk = top.filter((c) => isJunk(c.name) || (c.aliases.length > 0 && isJunk(c.key)));
    expect(junk.map((c) => c.name)).toEqual([]);
  });

  it("every mention points at real text, and boilerplate never becomes a concept", () => {
    const byId = new Map(issues.map((i) => [i.id, i]));
    for (const c of result.concepts.slice(0, 300)) {
      for (const m of c.mentions) {
        const issue = byId.get(m.issueId)!;
        const text = m.blockId === "issue-title" ? issue.title : issue.blocks.find((b) => b.id === m.blockId)?.text;
        expect(text?.slice(m.start, m.end)).toBe(m.surface);
      }
    }
    const names = result.concepts.map((c) => c.name.toLowerCase());
    for (const furniture of ["table of contents", "direct link", "leave a tip", "tech story"])
      expect(names).not.toContain(furniture);
  });
});
