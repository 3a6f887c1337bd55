/**
 * Recall, fifth round (12n, README "## Concepts"): a heading that names a thing by an adjective and
 * a meta noun ("An In-App Guide") keeps its head noun and is not judged by its article.
 */
import { describe, expect, it } from "vitest";
import { extractFromTexts, issueCandidates, issueTexts } from "../helpers/concept-texts";

const candidates = issueCandidates;

describe("a meta noun after an adjective is the head of the name (12n)", () => {
  it("keeps the noun of a heading whose words before it end in an adjective", () => {
    const c = candidates("Saving Time With Surveys", [
      ["h3", "Step 1: An In-Product Checklist"],
      ["p", "We ship a checklist inside the product."],
      ["h3", "Big visual checklist"],
    ]);
    const headings = c.marked.filter((m) => m.source === "heading");
    expect(headings.map((m) => m.key)).toContain("in product checklist");
    expect(headings.map((m) => m.key)).not.toContain("in product");
    expect(headings.map((m) => m.key)).toContain("big visual checklist");
    // The article is the heading's phrasing, not the name's.
    expect(headings.find((m) => m.key === "in product checklist")!.surface).toBe("In-Product Checklist");
  });

  it("still reads a meta noun after a noun as the label of a list about it", () => {
    const c = candidates("Roadmap Hygiene Tips", [
      ["h3", "Backlog Grooming Tips"],
      ["p", "Keep it tidy."],
    ]);
    expect(c.marked.filter((m) => m.source === "title").map((m) => m.key)).toContain("roadmap hygiene");
    expect(c.marked.filter((m) => m.source === "heading").map((m) => m.key)).toContain("backlog grooming");
  });

  it("makes such a heading a concept of its issue", () => {
    const { concepts } = extractFromTexts(
      issueTexts([
        [
          "Saving Time With Surveys",
          [
            "I survey customers every week, and it used to eat an hour a day.",
            { kind: "h3", text: "Step 1: An In-Product Checklist" },
            "It asks three questions inside the product after a customer finishes onboarding.",
            { kind: "h3", text: "Step 2: Scheduling" },
            "Customers who answer can book a call with the team straight away.",
          ],
        ],
        ["Roadmaps", ["A roadmap is a promise about outcomes, not a list of features."]],
        ["Retros", ["A retro is where the team looks back at its last sprint."]],
      ]),
    );
    const checklist = concepts.find((c) => c.key === "in product checklist");
    expect(checklist).toBeDefined();
    expect(checklist!.issues.map((i) => i.issueId)).toEqual([1]);
  });
});

describe("an acronym ranked below the name it spells leaves the issue's list (12n)", () => {
  const corpus = () =>
    issueTexts([
      [
        "What a Product Manager Does All Day",
        [
          "A product manager spends most of the day with customers.",
          "The product manager writes fewer documents than people think, and the PM's calendar shows it.",
          "Every product manager I know keeps a decision log.",
        ],
      ],
      [
        "Hiring",
        [
          "Product management (PM) is a young discipline.",
          "We hired for PM last spring, and the PM ran discovery interviews.",
        ],
      ],
      ["Career Paths", ["Many engineers move into PM after a few years.", "A product manager needs a mentor early."]],
      ["Roadmaps", ["PM owns the roadmap and its outcomes.", "A product manager makes the roadmap a promise."]],
    ]);

  it("lists the name once and keeps the acronym's mentions in that issue", () => {
    const { concepts } = extractFromTexts(corpus());
    const pm = concepts.find((c) => c.key === "pm");
    const manager = concepts.find((c) => c.key === "product manager");
    expect(pm).toBeDefined();
    expect(manager).toBeDefined();
    // "PM" (product management by its definition) is not merged with "product manager"…
    expect(pm!.memberKeys).not.toContain("product manager");
    // …but where "product manager" ranks above it, its initials say the same thing twice.
    expect(manager!.issues.map((i) => i.issueId)).toContain(1);
    expect(pm!.issues.map((i) => i.issueId)).not.toContain(1);
    expect(pm!.mentions.some((m) => m.issueId === 1)).toBe(true);
    // Where nothing of the issue spells it, the acronym keeps its place.
    expect(pm!.issues.map((i) => i.issueId)).toContain(2);
  });
});
