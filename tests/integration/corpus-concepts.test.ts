/**
 * Concept quality on the real corpus (../shared/corpus): precision and recall
 * of each gold issue's top-ranked concepts against tests/fixtures/concepts-gold.json
 * (matching rule in lib/concepts/evaluate.ts), and no junk among the 100 most
 * mentioned concepts. Extraction runs offline here (no database): the same
 * code the ingest stage runs.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { averageScores, findGoldIssue, ISSUE_CONCEPTS_SHOWN, rankIssueConcepts, scoreIssue, type Gold, type IssueScore } from "@/lib/concepts/evaluate";
import { extractOffline, readIssueTexts, type OfflineIssue } from "@/lib/concepts/offline";
import type { ExtractionResult } from "@/lib/concepts/types";
import { CORPUS_DIR, hasCorpus } from "../helpers/corpus";

/** The targets of issue #4, which this suite holds the extractor to (the README reports the measured numbers). */
const MIN_PRECISION = 0.8;
const MIN_RECALL = 0.7;

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
const JUNK_SHAPES = [/^\W*$/, /^\d[\d\s.,:%/-]*$/, /https?:|www\.|\.com\b|@/i, /^(mon|tues|wednes|thurs|fri|satur|sun)day/i, /^.$/];

function isJunk(name: string): boolean {
  const lower = name.toLowerCase().trim();
  return JUNK_WORDS.has(lower) || JUNK_SHAPES.some((re) => re.test(lower));
}

describe.skipIf(!hasCorpus)("corpus: concept quality", () => {
  let issues: OfflineIssue[];
  let result: ExtractionResult;
  const gold = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "concepts-gold.json"), "utf8")) as Gold;

  beforeAll(async () => {
    issues = await readIssueTexts([path.join(CORPUS_DIR, "cutlefish-blog"), path.join(CORPUS_DIR, "tbm2020")]);
    result = extractOffline(issues).result;
  }, 120_000);

  it("the gold file covers at least 12 issues of both the book and the blog", () => {
    expect(gold.issues.length).toBeGreaterThanOrEqual(12);
    expect(gold.issues.some((g) => g.source === "tbm2020")).toBe(true);
    expect(gold.issues.some((g) => g.source.startsWith("cutlefish-blog/"))).toBe(true);
  });

  it(`top-${ISSUE_CONCEPTS_SHOWN} concepts per issue: precision ≥ ${MIN_PRECISION}, recall ≥ ${MIN_RECALL}`, () => {
    const scores: IssueScore[] = [];
    for (const g of gold.issues) {
      const issue = findGoldIssue(issues, g);
      expect(issue, `gold issue ${g.source} ${g.number ?? ""}`).toBeDefined();
      scores.push(scoreIssue(g, rankIssueConcepts(result, issue!.id), ISSUE_CONCEPTS_SHOWN));
    }
    const { precision, recall } = averageScores(scores);
    process.stderr.write(`concept gold: ${scores.length} issues, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (top ${ISSUE_CONCEPTS_SHOWN})\n`);
    expect(precision).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(recall).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it("the 100 most mentioned concepts contain no junk", () => {
    const top = [...result.concepts].filter((c) => !c.hidden).sort((a, b) => b.mentions.length - a.mentions.length).slice(0, 100);
    expect(top.length).toBe(100);
    const junk = top.filter((c) => isJunk(c.name) || c.aliases.length > 0 && isJunk(c.key));
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
    for (const furniture of ["table of contents", "direct link", "leave a tip", "tech story"]) expect(names).not.toContain(furniture);
  });
});
