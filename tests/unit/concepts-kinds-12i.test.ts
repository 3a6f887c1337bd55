/**
 * Kinds (12i): an acronym the writing never spells out is a term even when the text "does" it; a
 * capitalised name it practises stays a framework. The texts are written for these tests.
 */
import { describe, expect, it } from "vitest";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

describe("the kind of a concept (12i)", () => {
  const result = extractFromTexts(
    issueTexts([
      [
        "Setting OKRs",
        [
          "We tried OKRs this spring. Doing OKRs well is hard; each OKR taught us something.",
          "Adopting OKRs took a quarter, and the OKR approach changed how we plan.",
        ],
      ],
      ["OKRs again", ["Teams learning OKRs write fewer of them. An OKR is a promise about an outcome."]],
      ["Small bets", ["Every OKR is a small bet. Drop the OKR when it has taught you what you needed."]],
      [
        "Doing Scrum",
        [
          "We tried Scrum. Doing Scrum well is hard; a Scrum coach helps. Scrum sprints are short.",
          "Adopting Scrum took a year, and Scrum practice changed us.",
        ],
      ],
      ["Scrum again", ["Teams practising Scrum need a Scrum master. Learning Scrum takes time."]],
    ]),
  );
  const byKey = (key: string) => result.concepts.find((c) => c.key === key || c.memberKeys.includes(key));

  it("calls an acronym never spelled out a term, however the text uses it, and a practised name a framework", () => {
    expect(byKey("okr")).toMatchObject({ kind: "term" });
    expect(byKey("scrum")).toMatchObject({ kind: "framework" });
  });
});
