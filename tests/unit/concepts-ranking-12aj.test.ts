/**
 * Ranking, (12aj) (README "## Concepts"): a concept the issue says only in someone else's words —
 * every use in a quotation, or in list items beside one — ranks below one the writer says in their
 * own sentences, in an issue mostly in the writer's own words; in an issue that is largely a
 * quotation, the quotation says its subject too.
 */
import { describe, expect, it } from "vitest";
import { rankIssueUses, type Use } from "@/lib/concepts/ranking";
import type { LocalCandidate } from "@/lib/concepts/tallies";
import { ownCandidatesRanker } from "../helpers/own-ranker";

// Two names of the issue's own, used alike (same count, paragraphs, first place); only where their uses fall differs.
const own: LocalCandidate[] = [
  { key: "harbour pilot", surface: "harbour pilot", n: 2, sources: [] },
  { key: "tide table", surface: "tide table", n: 2, sources: [] },
];
const ranker = ownCandidatesRanker();

/** A use of two paragraphs' worth, `quoted` and `listed` of its two uses in quotations and list items. */
const use = (quoted: number, listed = 0): Use => ({
  tf: 2,
  blocks: new Set(["b1", "b2"]),
  first: 1,
  inTitle: false,
  inBlocks: 2,
  quoted,
  listed,
});

/** The issue's order, with `prose` more uses of a third name in the writer's own paragraphs. */
const order = (pilot: Use, tide: Use, prose: number) => {
  const all = [...own, { key: "sea wall", surface: "sea wall", n: prose, sources: [] }];
  const uses = new Map<number, Use>([
    [-1, pilot],
    [-2, tide],
    [-3, { tf: prose, blocks: new Set(["b3", "b4"]), first: 3, inTitle: false, inBlocks: prose, quoted: 0, listed: 0 }],
  ]);
  return rankIssueUses(ranker, 1, 10, uses, all)
    .map((s) => all[-1 - s.id]!.key)
    .filter((k) => k !== "sea wall");
};

describe("a concept said only in a quotation ranks below one in the writer's own words (12aj)", () => {
  // Alike, the two tie, and the tie goes to 'tide table' (the lower id).
  it("ties them when both are said in the writer's own sentences", () => {
    expect(order(use(0), use(0), 8)).toEqual(["tide table", "harbour pilot"]);
  });

  it("puts 'tide table', said only in a quotation, below 'harbour pilot', said in the writer's sentences", () => {
    expect(order(use(0), use(2), 8)).toEqual(["harbour pilot", "tide table"]);
  });

  it("counts list items beside a quotation as someone else's words too", () => {
    expect(order(use(0, 1), use(1, 1), 8)).toEqual(["harbour pilot", "tide table"]);
  });

  it("leaves the order alone when the issue is largely a quotation", () => {
    // 2 quoted uses of 2 + 2 + 1: not fewer than a third of the issue's uses are quoted.
    expect(order(use(0), use(2), 1)).toEqual(["tide table", "harbour pilot"]);
  });
});
