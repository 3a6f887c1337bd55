/**
 * Kinds (12u): how the text writes a name tells what it names. A capitalised name whose head is a way of
 * working or a body of ideas ("… System", "… Programming", "Theory of …") is a framework; one whose head is a
 * piece of work (a guide, a playbook, a study, a project) or a code name ("Project X") is `other`; a method
 * written in lower case that the text practises and lists, capitalised, beside a named method is a
 * framework; a lower-case loop named by its steps ("sketch-test-refine loop") is a framework. The texts are
 * written for these tests; the names in them are invented.
 */
import { describe, expect, it } from "vitest";
import { describedOnly, namedBySteps, oneOfAKind, picksOneItem } from "@/lib/concepts/naming";
import type { Mention } from "@/lib/concepts/types";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

describe("a model named by its steps (12u)", () => {
  it("is a chain of three or more verbs joined by hyphens before the head", () => {
    expect(namedBySteps(["sketch-test-refine loop"])).toBe(true);
    expect(namedBySteps(["the observe-orient-decide-act cycle"])).toBe(true);
  });

  it("is not a chain with a word no verb, a chain of two, or a plain modifier", () => {
    expect(namedBySteps(["one-size-fits-all framework"])).toBe(false);
    expect(namedBySteps(["end-to-end process"])).toBe(false);
    expect(namedBySteps(["build-measure loop"])).toBe(false);
    expect(namedBySteps(["growth model"])).toBe(false);
    expect(namedBySteps(["sketch-test-refine"])).toBe(false);
  });
});

describe("a drawn artefact or model that is one of a kind (12u)", () => {
  /** Whether the use of `surface` in `text` follows an indefinite determiner. */
  function instance(text: string, surface: string): boolean {
    const start = text.indexOf(surface);
    const m: Mention = { issueId: 1, blockId: "b", start, end: start + surface.length, surface };
    return oneOfAKind([m], () => text);
  }

  it("is one every use of which follows 'some', 'any' or 'another', as with 'a'", () => {
    expect(instance("They ship it with some Widget framework on top.", "Widget framework")).toBe(true);
    expect(instance("Pick another Widget framework if this one fails.", "Widget framework")).toBe(true);
    expect(instance("They ship it with the Widget framework on top.", "Widget framework")).toBe(false);
  });

  it("is one every use of which follows a quantifier of a plural or 'own'", () => {
    expect(instance("Most Widget frameworks ignore the team.", "Widget frameworks")).toBe(true);
    expect(instance("They wrote their own Widget framework.", "Widget framework")).toBe(true);
    expect(instance("Their Widget framework was small.", "Widget framework")).toBe(false);
  });

  it("is a model's part an ordinal picks from a numbered list", () => {
    expect(picksOneItem("harbor flow first principle")).toBe(true);
    expect(picksOneItem("3rd loop")).toBe(true);
    expect(picksOneItem("harbor flow principle")).toBe(false);
    expect(picksOneItem("first principle thinking")).toBe(false);
  });

  it("is a drawn artefact whose one modifier is only an adjective", () => {
    expect(describedOnly("unique canvas")).toBe(true);
    expect(describedOnly("messy diagram")).toBe(true);
    expect(describedOnly("story map")).toBe(false);
    expect(describedOnly("driver diagram")).toBe(false);
  });
});

describe("the kind a name's writing gives it (12u)", () => {
  const result = extractFromTexts(
    issueTexts([
      [
        "Flow at work",
        [
          "Our team has been doing Kanban for a year. The Kanban coach comes on Tuesdays.",
          "Most of it came from the Marlow Production System, which our coach learned in a plant.",
          "She keeps the Harbor Guide on her desk and quotes the Harbor Guide in every meeting.",
          "We tried the sketch-test-refine loop on the onboarding page and it held.",
          "Nobody here has mastered tide sorting yet, but we keep practicing tide sorting each week.",
        ],
      ],
      [
        "Slow weeks",
        [
          "The Marlow Production System asks every worker to stop the line when something breaks.",
          "The latest Harbor Guide says little about planning, and nobody minds.",
          "Once more the sketch-test-refine loop showed us a wrong guess early.",
          "My reading list: Kanban, Tide Sorting, and the history of the field.",
          "Results from Project Zandor, a study of forty teams, came out in spring.",
        ],
      ],
      [
        "Talking to sponsors",
        [
          "Sponsors asked why the Marlow Production System works in offices at all.",
          "I sent them the Harbor Guide and a short note.",
          "Adopting Kanban took us three tries; learning tide sorting took one.",
          "The sponsors had read about Project Zandor and wanted its numbers.",
        ],
      ],
      [
        "Notes from a quiet quarter",
        [
          "We drew the sketch-test-refine loop on a whiteboard for the new hires.",
          "The findings of Project Zandor matched what we saw.",
          "Nobody talks about tide sorting here, though, and the backlog grows.",
        ],
      ],
    ]),
  );
  const byKey = (key: string) => result.concepts.find((c) => c.key === key || c.memberKeys.includes(key));

  it("calls a capitalised name headed by 'System' a framework", () => {
    expect(byKey("marlow production system")).toMatchObject({ kind: "framework" });
  });

  it("calls a name headed by 'Guide', and a code name 'Project X', other", () => {
    expect(byKey("harbor guide")).toMatchObject({ kind: "other" });
    expect(byKey("project zandor")).toMatchObject({ kind: "other" });
  });

  it("calls a practised method listed, capitalised, beside a framework a framework", () => {
    expect(byKey("kanban")).toMatchObject({ kind: "framework" });
    expect(byKey("tide sorting")).toMatchObject({ kind: "framework" });
  });

  it("calls a lower-case loop named by its steps a framework", () => {
    expect(byKey("sketch test refine loop")).toMatchObject({ kind: "framework" });
  });
});

describe("a firm whose name also names a model (12u)", () => {
  const result = extractFromTexts(
    issueTexts([
      [
        "Copying others",
        [
          "Everyone wants to copy the Brightwell Model these days.",
          "At a company like Brightwell, the engineers choose their own tools.",
          "Our team has been doing Kanban for a year. The Kanban Method helped.",
        ],
      ],
      [
        "Scaling stories",
        [
          "Brightwell's engineering team wrote about squads years ago.",
          "Tech companies like Brightwell hire fast and reorganise often.",
          "Adopting Kanban took us three tries.",
        ],
      ],
      [
        "Notes from a quiet quarter",
        [
          "Someone said that Brightwell stopped using squads long ago.",
          "We keep practising Kanban with a wall of cards.",
        ],
      ],
    ]),
  );
  const byKey = (key: string) => result.concepts.find((c) => c.key === key || c.memberKeys.includes(key));

  it("calls a name the text uses as a firm and never practises other, a practised one a framework", () => {
    expect(byKey("brightwell")).toMatchObject({ kind: "other" });
    expect(byKey("kanban")).toMatchObject({ kind: "framework" });
  });
});

describe("an abbreviation the writer uses as a name (12u)", () => {
  const result = extractFromTexts(
    issueTexts([
      [
        "Lanes",
        [
          "We measure slow lane time every week. Slow lane time is how long a card waits.",
          "When SLT grows, the team stops starting new work. SLT fell by half in May.",
        ],
      ],
      [
        "Waiting",
        [
          "Slow lane time tells us more than velocity ever did.",
          "Our SLT chart hangs by the door, and everyone reads the SLT first.",
        ],
      ],
      ["Later", ["Nobody argues about slow lane time any more.", "We still talk about SLT at every review."]],
    ]),
  );

  it("shows a concept whose abbreviation is a third or more of its uses as an acronym with its expansion", () => {
    expect(result.concepts.find((c) => c.memberKeys.includes("slt"))).toMatchObject({
      kind: "acronym",
      name: "slow lane time (SLT)",
    });
  });
});

describe("a name shown capitalised, listed as a name beside a framework (12u)", () => {
  const result = extractFromTexts(
    issueTexts([
      [
        "Reading",
        [
          "Our team has been doing Kanban for a year. The Kanban coach comes on Tuesdays.",
          "My shelf holds Kanban, Harbor Flow Design, and a few novels.",
        ],
      ],
      [
        "Flow",
        [
          "Adopting Kanban took us three tries.",
          "Someone asked whether harbor flow design was worth the trouble.",
          "I said Harbor Flow Design changed how we plan.",
        ],
      ],
      ["Later", ["We keep practising Kanban with a wall of cards.", "The Harbor Flow Design notes sit by the door."]],
    ]),
  );
  const byKey = (key: string) => result.concepts.find((c) => c.key === key || c.memberKeys.includes(key));

  it("calls a name capitalised in half or more of its uses, listed capitalised beside a framework, a framework", () => {
    expect(byKey("harbor flow design")).toMatchObject({ kind: "framework" });
  });
});
