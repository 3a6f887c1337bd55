/**
 * Ranking, (12an) (README "## Concepts"): what a refit of RANKING reads. The score is the exponent
 * of RANKING's weights times the features an observer is told, so a refit (scripts/fit-ranking.ts)
 * fits the numbers the score uses; and while one observes, each use's evidence of aboutness is
 * measured — its issue's closing paragraph, a sentence with a title word, both halves, its share
 * of sentences and sections, a sentence defining it — which no weight takes.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  type ObservedUse,
  observeRankingFeatures,
  observingRanking,
  RANKING,
  rankIssueUses,
  type Use,
} from "@/lib/concepts/ranking";
import type { LocalCandidate } from "@/lib/concepts/tallies";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";
import { ownCandidatesRanker } from "../helpers/own-ranker";

afterEach(() => observeRankingFeatures(undefined));

const ranker = ownCandidatesRanker({ specificity: 1.5 });

describe("the score weighs the features a refit is told (12an)", () => {
  it("scores each use as exp(Σ RANKING × feature), feature by feature as observed", () => {
    const own: LocalCandidate[] = [
      { key: "harbour pilot", surface: "harbour pilot", n: 3, sources: ["heading"] },
      { key: "tide table", surface: "tide table", n: 2, sources: [] },
    ];
    const uses = new Map<number, Use>([
      [-1, { tf: 3, blocks: new Set(["a", "b"]), first: 0, inTitle: true }],
      [-2, { tf: 2, blocks: new Set(["c"]), first: 4, inTitle: false }],
    ]);
    const told: ObservedUse[] = [];
    observeRankingFeatures((_, observed) => told.push(...observed));
    const scored = rankIssueUses(ranker, 1, 8, uses, own);
    expect(told.map((u) => u.key).sort()).toEqual(["harbour pilot", "tide table"]);
    for (const s of scored) {
      const u = told.find((t) => t.id === s.id)!;
      const z = (Object.keys(RANKING) as (keyof typeof RANKING)[]).reduce(
        (sum, n) => sum + RANKING[n] * u.features[n],
        0,
      );
      expect(s.score).toBeCloseTo(Math.exp(z), 10);
    }
    const pilot = told.find((t) => t.key === "harbour pilot")!;
    expect(pilot.features).toMatchObject({ uses: Math.log(3), spread: Math.log(2), early: 1, title: 1, heading: 1 });
    expect(pilot.cut).toBe("local");
  });

  it("tells no one when no one observes", () => {
    expect(observingRanking()).toBe(false);
    observeRankingFeatures(() => {});
    expect(observingRanking()).toBe(true);
  });
});

describe("while a refit observes, each use's evidence of aboutness is measured (12an)", () => {
  const corpus = issueTexts([
    [
      "Working the Estuary",
      [
        "A harbour pilot is a sailor who guides ships through the estuary and its shallow channels.",
        { kind: "h2", text: "Tides" },
        "Every tide table lists the hours when deep ships can cross the bar without touching it.",
        "Crews still argue about the old charts, the weather and the price of fuel every single week.",
        { kind: "h2", text: "Aboard" },
        "The harbour pilot boards outside the bar, and reads the tide table before anything else at all.",
      ],
    ],
    ["Notes", ["Nothing here is about the sea; it is a note about gardens, soil and the rain in spring."]],
  ]);

  const observe = () => {
    const told = new Map<string, ObservedUse>();
    observeRankingFeatures((issueId, observed) => {
      if (issueId === 1) for (const u of observed) told.set(u.key, u);
    });
    extractFromTexts(corpus);
    observeRankingFeatures(undefined);
    return told;
  };

  it("finds the definition, the title's word, the closing paragraph, both halves and two of three sections", () => {
    const pilot = observe().get("harbour pilot");
    expect(pilot?.aboutness).toMatchObject({ defined: 1, titled: 1, closing: 1, halves: 1 });
    expect(pilot?.aboutness.sectionShare).toBeCloseTo(2 / 3, 10);
    expect(pilot?.aboutness.sentenceShare).toBeGreaterThan(0);
  });

  it("measures a phrase the issue uses but never defines, nor beside a title word", () => {
    const tide = observe().get("tide table");
    expect(tide?.aboutness).toMatchObject({ defined: 0, titled: 0, closing: 1, halves: 1 });
  });
});
