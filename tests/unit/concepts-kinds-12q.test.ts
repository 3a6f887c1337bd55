/**
 * Kinds (12q): a phrase the candidate step marks as a model ("X model", "X framework", "X map") is a
 * framework only when it names one — written as a name, or a drawn artefact — and never when it is only
 * ever plural (a class of models). (The one-issue path is held by tests/integration/corpus-kinds.test.ts.) The texts are written for
 * these tests.
 */
import { describe, expect, it } from "vitest";
import { oneOfAKind, writtenAsName } from "@/lib/concepts/naming";
import type { Mention } from "@/lib/concepts/types";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

/** The use of `surface` in `text` (its first), as a mention of block "b". */
function use(text: string, surface: string): [Mention, string] {
  const start = text.indexOf(surface);
  if (start < 0) throw new Error(`${surface} not in ${text}`);
  return [{ issueId: 1, blockId: "b", start, end: start + surface.length, surface }, text];
}
function asName(...uses: [Mention, string][]): boolean {
  const texts = new Map(uses.map(([m, t]) => [m, t]));
  return writtenAsName(
    uses.map(([m]) => m),
    (m) => texts.get(m) ?? null,
  );
}
function instance(...uses: [Mention, string][]): boolean {
  const texts = new Map(uses.map(([m, t]) => [m, t]));
  return oneOfAKind(
    uses.map(([m]) => m),
    (m) => texts.get(m) ?? null,
  );
}

describe("written as a name (12q)", () => {
  it("counts a capital in mid-sentence or inside the name", () => {
    expect(asName(use("We mapped it with the Cynefin framework last week.", "Cynefin framework"))).toBe(true);
    expect(asName(use("See the Kano Model for why.", "Kano Model"))).toBe(true);
  });

  it("doesn't count a capital at a sentence's or a line's start, in a title-case line, or an acronym's", () => {
    expect(asName(use("Discomfort can be a gift. We grow through it.", "Discomfort"))).toBe(false);
    expect(asName(use("It hurt. Discomfort can be a gift.", "Discomfort"))).toBe(false);
    expect(asName(use("Safety, Discomfort, and the Art of Asking for Help", "Discomfort"))).toBe(false);
    expect(asName(use("Teams that keep their WIP low finish sooner.", "WIP"))).toBe(false);
    expect(asName(use("we reached for the growth model again", "growth model"))).toBe(false);
  });

  it("doesn't count a capital in a modifier between lower-case words", () => {
    expect(
      asName(use("it is the most popular Scrum-inspired framework around", "popular Scrum-inspired framework")),
    ).toBe(false);
    expect(asName(use("Nobody drew the traditional Iron Triangle again.", "traditional Iron Triangle"))).toBe(true);
  });
});

describe("one of a kind of model (12q)", () => {
  it("is a phrase every use of which follows 'a' or 'an'", () => {
    expect(instance(use("We built a Widget model for it.", "Widget model"))).toBe(true);
    expect(
      instance(
        use("We built a Widget model for it.", "Widget model"),
        use("Then the Widget model broke.", "Widget model"),
      ),
    ).toBe(false);
    expect(instance(use("Then the Widget model broke.", "Widget model"))).toBe(false);
  });
});

describe("the kind of a phrase marked as a model (12q)", () => {
  const result = extractFromTexts(
    issueTexts([
      [
        "Growing on purpose",
        [
          "Our growth model was wrong. We rebuilt the growth model around retention, and the growth model held.",
          "A decision framework helps: the decision framework names who decides.",
          "We sketched a flow diagram first; the flow diagram showed the gaps.",
        ],
      ],
      [
        "Growth again",
        [
          "A second look at the growth model and the decision framework.",
          "Then we drew the flow diagram again, and the Kano Model told us which delights fade.",
        ],
      ],
      [
        "Canvases",
        [
          "We keep experiment canvases on the wall. Experiment canvases get rewritten weekly.",
          "Strategic frameworks come and go, and the experiment canvases stay.",
        ],
      ],
      ["More canvases", ["New experiment canvases every sprint; old experiment canvases in a drawer."]],
      [
        "A Friday ritual",
        [
          "On Fridays we played the blame game. The blame game cost us a month.",
          "Draw the handoff diagram before you plan; the handoff diagram shows the waits.",
        ],
      ],
    ]),
  );
  const byKey = (key: string) => result.concepts.find((c) => c.key === key || c.memberKeys.includes(key));

  it("calls a lower-case 'X model' or 'X framework' a term: it describes a kind of model", () => {
    expect(byKey("growth model")).toMatchObject({ kind: "term" });
    expect(byKey("decision framework")).toMatchObject({ kind: "term" });
  });

  it("keeps a drawn artefact and a capitalised model frameworks", () => {
    expect(byKey("flow diagram")).toMatchObject({ kind: "framework" });
    expect(byKey("kano model")).toMatchObject({ kind: "framework" });
  });

  it("calls a model only ever written in the plural a term: a class of models, not one", () => {
    expect(byKey("experiment canvas")).toMatchObject({ kind: "term" });
  });

  it("gives a phrase of one issue the same test: a class of frameworks is a term, a drawn diagram a framework", () => {
    const frameworks = byKey("strategic framework");
    const diagram = byKey("handoff diagram");
    expect(frameworks?.issueCount).toBe(1);
    expect(frameworks).toMatchObject({ kind: "term" });
    expect(byKey("blame game")).toMatchObject({ kind: "term" });
    expect(diagram?.issueCount).toBe(1);
    expect(diagram).toMatchObject({ kind: "framework" });
  });
});
