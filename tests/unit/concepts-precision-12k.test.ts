/**
 * Precision, a further round (12k, README "## Concepts"): counts and measures in digits, an everyday
 * modifier's phrase that only a mark made a name, names set side by side in a list, and coordinations.
 */
import { describe, expect, it } from "vitest";
import { isJunkKey } from "@/lib/concepts/junk";
import { conceptKey } from "@/lib/concepts/keys";
import { extractFromTexts, issueTexts, type Paragraph } from "../helpers/concept-texts";

const junk = (surface: string) => isJunkKey(conceptKey(surface), { surface });
const conceptsOf = (items: [string, Paragraph[]][]) => extractFromTexts(issueTexts(items)).concepts;

describe("a phrase opening with a number in digits is a count or a measure (12k)", () => {
  it("takes counts and measures, in a title's motto too", () => {
    for (const s of ["175 posts on product development", "12 core competencies", "24-point", "1–3d stories", "3 teams"])
      expect(junk(s), s).toBe(true);
    expect(isJunkKey(conceptKey("40 tips for new managers"), { slogan: true })).toBe(true);
  });

  it("keeps a number compound before a noun, ordinals and numerals as words", () => {
    for (const s of ["12-step program", "3rd order effects", "3-person team"]) expect(junk(s), s).toBe(false);
    expect(isJunkKey(conceptKey("1s and 3s"), { slogan: true })).toBe(false);
  });
});

describe("an everyday modifier's phrase is a name only when written as one (12k)", () => {
  // "good news" said across issues and once in quotes: the quotes single it out, they don't name it.
  const issues: [string, Paragraph[]][] = [
    [
      "Quarterly Notes",
      [
        "The good news is that the pilot team shipped twice this month.",
        "We also read Crucial Conversations together and argued about it.",
      ],
    ],
    [
      "On Planning",
      [
        "Some “good news” arrived late: the budget held.",
        "Crucial Conversations came up again in the planning review.",
      ],
    ],
    [
      "Hiring Notes",
      [
        "The good news for hiring managers is that referrals still work.",
        "A chapter of Crucial Conversations helped the interview panel.",
      ],
    ],
    [
      "Roadmap Review",
      ["More good news: the roadmap review was short.", "Crucial Conversations is still on the shelf."],
    ],
  ];
  it("drops a generic-first phrase marked only by quotes, keeps a capitalised one", () => {
    const concepts = conceptsOf(issues);
    // At most the quoting issue's own concept, not one of the corpus in all four issues.
    expect(concepts.find((c) => c.key === "good news")?.issues.length ?? 0).toBeLessThanOrEqual(1);
    expect(concepts.find((c) => c.key === "crucial conversation")?.issues.length).toBe(4);
  });
});
