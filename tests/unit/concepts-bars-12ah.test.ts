/**
 * Selection's bars and the tags they read, round (12ah) (README "## Concepts"): a name the writing
 * proposes is judged by properties of language, not by its last word's dictionary entry or a
 * misread tag — a hyphenated phrase by its head, a single word by how the writer marks it, and a
 * noun the tagger read as a verb as the noun it is.
 */
import { describe, expect, it } from "vitest";
import { tagWords } from "@/lib/concepts/tagging";
import { extractFromTexts, issueTexts, type Paragraph } from "../helpers/concept-texts";

const posOf = (text: string, word: string) => tagWords(text).find((w) => w.text === word)!.pos;

describe("a verb's base form closing a phrase after a preposition, a finite verb or inside a list of nouns is a noun (12ah)", () => {
  it("reads the object of a preposition as a noun", () => {
    expect(posOf("The board kept asking about burn, runway and hiring.", "burn")).toBe("NOUN");
  });

  it("reads a finite verb's closing object as a noun", () => {
    expect(posOf("Teams that skip the review invite churn.", "churn")).toBe("NOUN");
  });

  it("reads an item between two nouns of a comma list as a noun", () => {
    expect(posOf("We track revenue, churn, renewals and costs.", "churn")).toBe("NOUN");
  });

  it("leaves verbs that take a bare verb, participles, and a verb after 'than'", () => {
    expect(posOf("Let it go.", "go")).toBe("VERB");
    expect(posOf("Something will not get done.", "done")).toBe("VERB");
    expect(posOf("We chose to buy rather than build.", "build")).toBe("VERB");
  });
});

describe("a hyphenated phrasal compound is judged by its head, not by its last part (12ah)", () => {
  // "done" is only an adjective in WordNet; the compound names chores.
  const corpus = issueTexts([
    ["Monday Lists", ["Every Monday the team writes its chores-to-be-done on the wall.", "Nobody argues with a list."]],
    ["Small Offices", ["In a small office the chores-to-be-done pile up by Friday.", "Rotate who clears them."]],
    ["Quiet Weeks", ["A quiet week is when the chores-to-be-done finally shrink.", "Enjoy it while it lasts."]],
  ]);

  it("makes the compound a concept of the issues that use it", () => {
    const concept = extractFromTexts(corpus).concepts.find((c) => c.key === "chore to be done");
    expect(concept?.issues.map((r) => r.issueId).sort()).toEqual([1, 2, 3]);
  });
});

describe("a single word the writer marks as a name in several issues, gathered there, passes the single-word bar (12ah)", () => {
  /**
   * Twenty-four short issues: the first `marked` head a section "Trust" and use the word under it, the
   * next two use it once in passing, the rest never. "trust" is everyday English (about 190 uses per
   * million words of subtitles), so neither keyness nor a title makes it the writer's term.
   */
  const corpus = (marked: number) =>
    issueTexts(
      Array.from({ length: 24 }, (_, i): [string, Paragraph[]] => {
        const filler = `Issue ${i + 1} walks through a planning review, a demo and the notes the group kept afterwards.`;
        if (i < marked)
          return [
            `Notes ${i + 1}`,
            [filler, { kind: "h2", text: "Trust" }, "The group learned that trust beats a rushed release."],
          ];
        if (i < marked + 2) return [`Notes ${i + 1}`, [filler, "Without trust the review went nowhere."]];
        return [`Notes ${i + 1}`, [filler, "The review ended early."]];
      }),
    );
  const issuesOf = (marked: number) =>
    extractFromTexts(corpus(marked))
      .concepts.find((c) => c.key === "trust")
      ?.issues.map((r) => r.issueId)
      .sort();

  it("keeps a word headed in three issues, in the issues that mark it", () => {
    expect(issuesOf(3)).toEqual([1, 2, 3]);
  });

  it("refuses it headed in two", () => {
    expect(issuesOf(2)).toBeUndefined();
  });
});
