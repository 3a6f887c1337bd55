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
const keysOf = (items: [string, Paragraph[]][]) => new Set(conceptsOf(items).flatMap((c) => c.memberKeys));

describe("a phrase opening with a number in digits is a count or a measure (12k)", () => {
  it("takes counts and measures, in a title's motto too", () => {
    for (const s of ["175 posts on product development", "12 core competencies", "24-point", "1–3d stories", "3 teams"])
      expect(junk(s), s).toBe(true);
    expect(isJunkKey(conceptKey("40 tips for new managers"), { slogan: true })).toBe(true);
  });

  it("takes a length before a noun for a measure, its number in words or digits", () => {
    for (const s of ["one day sprints", "2-week sprints", "six month roadmap", "30-day doodle challenge"])
      expect(junk(s), s).toBe(true);
    expect(junk("two-pizza teams")).toBe(false);
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

describe("names set side by side in a list are no tension (12k)", () => {
  it("drops every pair read from a line of three names", () => {
    const line = "A Better Roadmap | Mind-Map | Mousetrap";
    const keys = keysOf([
      [line, ["A roadmap is a story about outcomes; the mind map is a sketch of it, and the mousetrap a warning."]],
      ["Roadmap Notes", [line, "A roadmap is a story about outcomes, and a mind map helps draw it."]],
      ["More Roadmap Notes", [line, "The roadmap changed again after the mind map session with the team."]],
      [
        "Short Duration | Long Duration",
        ["Short Duration | Long Duration", "Experiments of short duration teach faster than those of long duration."],
      ],
    ]);
    expect([...keys].filter((k) => k.includes(" vs ") && k.includes("roadmap"))).toEqual([]);
    // Two sides are still a tension.
    expect(keys.has("long duration vs short duration")).toBe(true);
  });
});

describe("a coordination is no name (12k)", () => {
  it("drops 'X and Y' when the writing names X and Y on their own", () => {
    const issues: [string, Paragraph[]][] = [
      [
        "Launch Notes",
        [
          "Before the launch we asked Sales and Marketing for one date.",
          "Marketing wanted a date; sales wanted a demo. Sales won.",
        ],
      ],
      [
        "Pricing Notes",
        ["We met sales and marketing about pricing.", "Marketing rewrote the page, and sales liked it."],
      ],
      [
        "Quarter Notes",
        ["Sales and marketing planned the quarter together.", "Sales asked marketing for fewer campaigns."],
      ],
      ["Kickoff Notes", ["At the kickoff sales and marketing sat apart.", "Marketing presented first."]],
    ];
    const keys = keysOf(issues);
    expect(keys.has("sale and marketing")).toBe(false);
    // Each side on its own may still be a concept; a pair whose sides are never said alone stays ("sense and respond").
    expect(isJunkKey("sale and marketing")).toBe(false);
  });
});

describe("a name glued to its author's is no name (12k)", () => {
  it("drops a capitalised run holding a person's full name after the method's", () => {
    const issues: [string, Paragraph[]][] = [
      [
        "Flow Notes",
        [
          "The book Kanban David J Anderson wrote is still the best start, and Kanban boards are everywhere.",
          "Read Kanban David J Anderson again before the retro; Kanban helped the team see its queues.",
        ],
      ],
      ["Board Notes", ["Kanban made the queues visible.", "A Kanban board is a picture of the work."]],
      ["Queue Notes", ["Kanban limits work in progress.", "The team moved its Kanban board online."]],
    ];
    const keys = keysOf(issues);
    expect(keys.has("kanban david j anderson")).toBe(false);
    expect(keys.has("kanban")).toBe(true);
  });
});

describe("an equation is a claim, not a name (12k)", () => {
  it("takes 'X == Y' and 'X = Y' for junk, keeps 'X > Y' and hyphens", () => {
    for (const s of ["Agile == Scrum", "output = outcome", "Agile ≠ Scrum"]) expect(junk(s), s).toBe(true);
    for (const s of ["coherence > shallow autonomy", "build-measure-learn"]) expect(junk(s), s).toBe(false);
  });
});
