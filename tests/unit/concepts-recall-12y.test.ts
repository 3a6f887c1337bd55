/**
 * Recall, (12y) (README "## Concepts"): a plain word of prose an issue makes its subject, and the
 * writer makes the subject of another issue too, is the issue's own concept where it ranks among
 * the issue's first few, as an everyday concept of the corpus is.
 */
import { describe, expect, it } from "vitest";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

// Paragraphs of function words that dilute the corpus, so "money" is no more frequent here than in everyday
// English (keyness below the topic bar), as a plain word is in the real corpus.
const filler = (from: number, count: number) =>
  Array.from(
    { length: count },
    (_, i) =>
      `${from + i}. It was what it was, and so it is now as it was then, for all of us here and there, as it would be for them if they were with us.`,
  );

const corpus = (moneyUses: number) =>
  issueTexts([
    [
      "Budgets",
      [
        "Every quarter the team asks how much money it may spend, and nobody knows the answer.",
        moneyUses >= 3
          ? "The money goes where the loudest request points."
          : "The budget goes where the loudest request points.",
        moneyUses >= 3
          ? "Tie the money to outcomes, and review the outcomes every month."
          : "Tie the budget to outcomes, and review them every month.",
        ...filler(0, 40),
      ],
    ],
    [
      "Funding Teams",
      [
        "Fund teams, not projects: the money follows the team that learns.",
        "When money is tied to a project, the project outlives its reason.",
        "A team with stable money can change its mind.",
        ...filler(100, 40),
      ],
    ],
    ["Notes", filler(200, 40)],
  ]);

describe("a plain word an issue makes its subject is its concept (12y)", () => {
  it("lists 'money' in the issues that return to it, near the top", () => {
    const { concepts } = extractFromTexts(corpus(3));
    const money = concepts.find((c) => c.key === "money");
    expect(money).toBeDefined();
    expect(money!.issues.map((i) => i.issueId).sort()).toEqual([1, 2]);
    for (const r of money!.issues) expect(r.rank).toBeLessThanOrEqual(5);
  });

  it("leaves it where only one issue returns to it", () => {
    const { concepts } = extractFromTexts(corpus(1));
    const money = concepts.find((c) => c.key === "money");
    expect(money?.issues.some((i) => i.issueId === 1)).not.toBe(true);
  });
});
