/**
 * An issue's own concepts (ideas it names that the corpus never returns to) and how an issue's
 * marks rank them: the (12e) rules of README "## Concepts".
 */
import { describe, expect, it } from "vitest";
import { rankIssueConcepts } from "@/lib/concepts/evaluate";
import { isJunkKey } from "@/lib/concepts/junk";
import { conceptKey } from "@/lib/concepts/keys";
import { extractFromTexts, issueCandidates, issueTexts, type Paragraph } from "../helpers/concept-texts";

const extract = (items: [string, Paragraph[]][]) => extractFromTexts(issueTexts(items));

const p = (text: string) => ({ text });

describe("an issue's own concepts (12e)", () => {
  const result = extract([
    [
      "Patience with products",
      [
        p("Good products are a slow burn, the result of many small decisions made over the years."),
        p("Leaders who know the slow-burn issues of the market give the team room to keep going."),
      ],
    ],
    [
      "Quarterly planning",
      [
        p("Grow X. That was the whole plan for the quarter, written on the board by the director."),
        p("Nobody asked what the plan meant for the support queue or for the roadmap of the platform team."),
      ],
    ],
    ["Roadmaps", [p("A roadmap is a promise about problems, not a list of dates for the platform team.")]],
  ]);

  it("counts a use inside a hyphenated compound as a use of the phrase it ends in ('slow-burn issues' → slow burn)", () => {
    expect(rankIssueConcepts(result, 1).map((c) => c.key)).toContain("slow burn");
  });

  it("makes no concept of a capitalised run the issue never uses as a noun phrase ('Grow X')", () => {
    expect(result.concepts.map((c) => c.key)).not.toContain("grow x");
  });
});

describe("clauses and measures read as noun phrases (12e)", () => {
  const phrasesOf = (text: string) => issueCandidates("Notes", [["p", text]]).phrases.map((p) => p.key);

  it("doesn't end a name in a clause's verb: 'teams figure out', 'teams figure it out', 'teams figure how'", () => {
    for (const text of [
      "Good teams figure out how to keep their plans honest.",
      "Sometimes the newer teams figure it out on their own.",
      "The best teams figure how to make room for learning.",
    ])
      expect(phrasesOf(text)).not.toContain("team figure");
    // A word that can be a verb ends a name where no clause follows it.
    expect(phrasesOf("Teams hold a weekly roadmap review with the sales teams.")).toContain("roadmap review");
  });

  it("takes a length of time for a measure, not a name: 'two days', 'a few months', '6 weeks'", () => {
    for (const text of ["two days", "a few months", "6 weeks", "several quarters"])
      expect(isJunkKey(conceptKey(text))).toBe(true);
    expect(isJunkKey(conceptKey("two pizza teams"))).toBe(false);
    expect(isJunkKey(conceptKey("planning day"))).toBe(false);
  });

  it("takes a 'non-' compound alone or before a participle for a modifier, not a name", () => {
    expect(isJunkKey(conceptKey("Non-business"), { surface: "Non-business" })).toBe(true);
    expect(isJunkKey(conceptKey("non-customer facing"), { surface: "non-customer facing" })).toBe(true);
    expect(isJunkKey(conceptKey("non-functional requirements"), { surface: "non-functional requirements" })).toBe(
      false,
    );
  });
});

describe("advice read as a name (12e)", () => {
  const result = extract(
    ["Listening", "Coaching", "Support", "Hiring"].map((title) => [
      title,
      [
        p("Show empathy. It costs little and the customer remembers it for a long time."),
        p("Design thinking helps here, and design thinking is what the support team practises daily."),
      ],
    ]),
  );

  it("takes a phrase nearly always opening a sentence with a word that can be a verb for advice ('Show empathy')", () => {
    const keys = result.concepts.map((c) => c.key);
    expect(keys).not.toContain("show empathy");
    // …while a name written mid-sentence as often stays.
    expect(keys).toContain("design thinking");
  });
});
