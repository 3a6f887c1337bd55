/**
 * Kinds (12i): an acronym the writing never spells out is a term even when the text "does" it, and so
 * is a named trap, bias or effect; a capitalised name it practises and a named canvas stay frameworks. The texts are written for these tests.
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
      [
        "The Shiny Object Trap",
        [
          "The Shiny Object Trap catches teams that chase every new tool. We fell into the shiny object trap twice.",
          "Draw the Delivery Canvas before you plan: the Delivery Canvas shows who waits on whom.",
        ],
      ],
      [
        "Traps and canvases",
        [
          "Another shiny object trap: a new dashboard. The delivery canvas helped us see it, so we kept the delivery canvas.",
        ],
      ],
    ]),
  );
  const byKey = (key: string) => result.concepts.find((c) => c.key === key || c.memberKeys.includes(key));

  it("calls a named trap (a bias, an effect, a law, a game…) a term, and a named canvas or model a framework", () => {
    expect(byKey("shiny object trap")).toMatchObject({ kind: "term" });
    expect(byKey("delivery canvas")).toMatchObject({ kind: "framework" });
  });

  it("calls an acronym never spelled out a term, however the text uses it, and a practised name a framework", () => {
    expect(byKey("okr")).toMatchObject({ kind: "term" });
    expect(byKey("scrum")).toMatchObject({ kind: "framework" });
  });
});
