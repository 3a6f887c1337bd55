/**
 * Recall, (12ab) (README "## Concepts"): the title marks a candidate of the issue's own as the
 * writer's name for its subject — a phrase of plain words the title names ("The Constant Pressure
 * Trap"), and a word the title names that headline case made the tagger read as a verb ("Focus
 * Until It Works") when the prose returns to it as a noun.
 */
import { describe, expect, it } from "vitest";
import { rankIssueUses, type Use } from "@/lib/concepts/ranking";
import type { LocalCandidate } from "@/lib/concepts/tallies";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";
import { ownCandidatesRanker } from "../helpers/own-ranker";

// Paragraphs of function words that dilute the corpus, so plain words are no more frequent here than in everyday English.
const filler = (from: number, count: number) =>
  Array.from(
    { length: count },
    (_, i) =>
      `${from + i}. It was what it was, and so it is now as it was then, for all of us here and there, as it would be for them if they were with us.`,
  );

const ranksIn = (concepts: ReturnType<typeof extractFromTexts>["concepts"], key: string, issueId: number) =>
  concepts.find((c) => c.key === key)?.issues.find((r) => r.issueId === issueId)?.rank;

describe("a phrase the title names is the issue's own concept, however plain its words (12ab)", () => {
  const corpus = (title: string) =>
    issueTexts([
      [
        title,
        [
          "Managers like to say that constant pressure keeps a team sharp.",
          "In practice constant pressure wears people down until nobody raises a problem.",
          "Replace constant pressure with clear goals and slack in the plan.",
          ...filler(0, 30),
        ],
      ],
      ["Notes", filler(100, 30)],
      ["More Notes", filler(200, 30)],
    ]);

  it("lists 'constant pressure' in the issue whose title names it", () => {
    expect(
      ranksIn(extractFromTexts(corpus("The Constant Pressure Trap")).concepts, "constant pressure", 1),
    ).toBeDefined();
  });

  it("leaves it when the title doesn't name it (an everyday opening word names nothing unmarked)", () => {
    expect(ranksIn(extractFromTexts(corpus("Teams Under Load")).concepts, "constant pressure", 1)).toBeUndefined();
  });
});

describe("a plain word the issue heads a section with keeps its place below the first five (12ab)", () => {
  // Seven names of the issue's own used more often than the plain word, which the ranker calls plain.
  const own: LocalCandidate[] = [
    ...["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"].map((w) => ({
      key: `${w} loop`,
      surface: `${w} loop`,
      n: 6,
      sources: [],
    })),
  ];
  const ranker = (plain: string) => ownCandidatesRanker({ plainWord: (c) => c.key === plain });
  const rank = (sources: LocalCandidate["sources"]) => {
    const all = [...own, { key: "patience", surface: "patience", n: 3, sources }];
    const uses = new Map<number, Use>(
      all.map((c, i) => [-1 - i, { tf: c.n, blocks: new Set(["b1", "b2"]), first: 1, inTitle: false }]),
    );
    return rankIssueUses(ranker("patience"), 1, 10, uses, all).map((s) => all[-1 - s.id]!.key);
  };

  it("keeps 'patience', a heading of the issue, at its rank below the first five", () => {
    expect(rank(["heading"])).toContain("patience");
  });

  it("drops it there when no heading names it", () => {
    expect(rank([])).not.toContain("patience");
  });
});
