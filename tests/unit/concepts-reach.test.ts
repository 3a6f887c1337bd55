/**
 * reachIssue (lib/concepts/evaluate.ts): where a gold issue's key entries survive extraction —
 * shown in the top k, anywhere in the issue's ranking, or only among its candidates — so
 * `npm run eval:concepts` can tell a loss at the cut from a loss at selection.
 */
import { describe, expect, it } from "vitest";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import { averageReach, rankIssueConcepts, reachIssue, type GoldIssue } from "@/lib/concepts/evaluate";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

const issues = issueTexts([
  [
    "Why Lantern Reviews Work",
    [
      "A lantern review is a short meeting where the team walks the board with the lights off and names what it cannot see.",
      "We ran a lantern review every Friday. Each lantern review ended with one change to the board.",
      "Teams that skip the lantern review drift; the lantern review keeps the board honest.",
      "My neighbour's orchard was in bloom that week.",
      "Their doors were brass, like the doors of a bank.",
    ],
  ],
  ["Boards", ["The lantern review came up again, beside work in progress limits.", "A lantern review needs a board."]],
]);
const result = extractFromTexts(issues);
const gold = (key: GoldIssue["key"]): GoldIssue => ({ source: "t", title: issues[0]!.title, key, also: [] });

describe("reachIssue", () => {
  const ranked = rankIssueConcepts(result, 1);
  const candidates = extractIssueCandidates(issues[0]!);

  it("counts an entry the issue ranks as shown, ranked and a candidate", () => {
    expect(ranked.map((c) => c.key)).toContain("lantern review");
    expect(reachIssue(gold(["lantern review"]), ranked, candidates, 10)).toEqual({
      shown: 1,
      ranked: 1,
      candidates: 1,
      lost: [],
    });
  });

  it("counts a phrase said once in passing only as a candidate, and a phrase the issue never writes nowhere", () => {
    expect(ranked.some((c) => c.key === "orchard")).toBe(false);
    expect(candidates.phrases.map((p) => p.key)).toContain("orchard");
    expect(reachIssue(gold(["orchard"]), ranked, candidates, 10)).toEqual({
      shown: 0,
      ranked: 0,
      candidates: 1,
      lost: ["unmarked, said once"],
    });
    expect(reachIssue(gold(["kettle drum"]), ranked, candidates, 10)).toEqual({
      shown: 0,
      ranked: 0,
      candidates: 0,
      lost: ["not a candidate"],
    });
  });

  it("tells a plain word said more than once from one said once", () => {
    expect(ranked.some((c) => c.key === "door")).toBe(false);
    expect(candidates.phrases.find((p) => p.key === "door")?.n).toBeGreaterThan(1);
    expect(reachIssue(gold(["doors", "orchard"]), ranked, candidates, 10).lost).toEqual([
      "unmarked, said 2+ times",
      "unmarked, said once",
    ]);
  });

  it("counts an entry ranked below the cut as ranked, not shown; any of an entry's names will do", () => {
    const rank = ranked.findIndex((c) => c.key === "lantern review");
    expect(reachIssue(gold([["kettle drum", "lantern reviews"]]), ranked, candidates, rank)).toEqual({
      shown: 0,
      ranked: 1,
      candidates: 1,
      lost: [],
    });
  });

  it("averages shares over issues, and an issue with no key entries reaches them all", () => {
    const none = reachIssue(gold([]), ranked, candidates, 10);
    expect(none).toEqual({ shown: 1, ranked: 1, candidates: 1, lost: [] });
    const mixed = reachIssue(gold(["lantern review", "orchard", "kettle drum"]), ranked, candidates, 10);
    expect(mixed.shown).toBeCloseTo(1 / 3);
    expect(mixed.candidates).toBeCloseTo(2 / 3);
    expect(averageReach([none, mixed])).toEqual({
      shown: (1 + mixed.shown) / 2,
      ranked: (1 + mixed.ranked) / 2,
      candidates: (1 + mixed.candidates) / 2,
      lost: ["unmarked, said once", "not a candidate"],
    });
  });
});
