/**
 * Recall, (12ab) (README "## Concepts"): the title marks a candidate of the issue's own as the
 * writer's name for its subject — a phrase of plain words the title names ("The Constant Pressure
 * Trap"), and a word the title names that headline case made the tagger read as a verb ("Focus
 * Until It Works") when the prose returns to it as a noun.
 */
import { describe, expect, it } from "vitest";
import { extractFromTexts, issueCandidates, issueTexts } from "../helpers/concept-texts";

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
    expect(ranksIn(extractFromTexts(corpus("The Constant Pressure Trap")).concepts, "constant pressure", 1)).toBeDefined();
  });

  it("leaves it when the title doesn't name it (an everyday opening word names nothing unmarked)", () => {
    expect(ranksIn(extractFromTexts(corpus("Teams Under Load")).concepts, "constant pressure", 1)).toBeUndefined();
  });
});

describe("a title word read as a verb that the prose uses as a noun is the noun the title names (12ab)", () => {
  it("marks 'focus' as named by the title 'Focus Until It Works'", () => {
    const marked = issueCandidates("Focus Until It Works", [
      ["p", "The focus of the team slips every afternoon."],
      ["p", "Yet their focus is what makes the finishing possible."],
      ["p", "Plan the focus before the sprint, not after it."],
    ]).marked;
    expect(marked.some((m) => m.source === "title" && m.key === "focus")).toBe(true);
  });

  it("doesn't when the prose uses the word as a noun only once", () => {
    const marked = issueCandidates("Focus Until It Works", [
      ["p", "Teams focus when they finish."],
      ["p", "Some never stop to find their focus."],
    ]).marked;
    expect(marked.some((m) => m.source === "title" && m.key === "focus")).toBe(false);
  });

  it("makes it the issue's concept though no other issue returns to it", () => {
    const issues = issueTexts([
      [
        "Focus Until It Works",
        [
          "The focus of the team slips every afternoon.",
          "Yet their focus is what makes the finishing possible.",
          "Plan the focus before the sprint, not after it.",
          ...filler(0, 30),
        ],
      ],
      ["Notes", filler(100, 30)],
      ["More Notes", filler(200, 30)],
    ]);
    expect(ranksIn(extractFromTexts(issues).concepts, "focus", 1)).toBeDefined();
  });
});
