/**
 * Ranking, (12an) (README "## Concepts"): what a refit of RANKING reads. The score is the exponent
 * of RANKING's weights times the features an observer is told, so a refit (scripts/fit-ranking.ts)
 * fits the numbers the score uses. (The evidence of aboutness 12an also measured, which no weight
 * took, was removed with its tests (12at).)
 */
import { afterEach, describe, expect, it } from "vitest";
import { type ObservedUse, observeRankingFeatures, RANKING, rankIssueUses, type Use } from "@/lib/concepts/ranking";
import type { LocalCandidate } from "@/lib/concepts/tallies";
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

  it("tells an observer nothing once it is cleared (as fit-ranking clears it after extracting)", () => {
    const own: LocalCandidate[] = [{ key: "harbour pilot", surface: "harbour pilot", n: 2, sources: ["heading"] }];
    const uses = new Map<number, Use>([[-1, { tf: 2, blocks: new Set(["a"]), first: 0, inTitle: true }]]);
    const told: ObservedUse[] = [];
    observeRankingFeatures((_, observed) => told.push(...observed));
    observeRankingFeatures(undefined);
    expect(rankIssueUses(ranker, 1, 4, uses, own)).toHaveLength(1);
    expect(told).toEqual([]);
  });
});
