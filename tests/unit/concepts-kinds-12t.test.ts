/**
 * Kinds (12t): a proper name of several words that the text neither marks as a model nor practises is
 * still a framework when the text lists it beside a framework it names ("Agile, Modern Agile, Lean"):
 * items of one list are things of one kind. A name never listed so stays a term. The texts are written for
 * these tests; the names in them are invented.
 */
import { describe, expect, it } from "vitest";
import { listedBesideFramework } from "@/lib/concepts/naming";
import type { Mention } from "@/lib/concepts/types";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

/** Whether the use of `surface` in `text` is listed beside one of `frameworks` (keys). */
function listed(text: string, surface: string, frameworks: string[]): boolean {
  const start = text.indexOf(surface);
  if (start < 0) throw new Error(`${surface} not in ${text}`);
  const m: Mention = { issueId: 1, blockId: "b", start, end: start + surface.length, surface };
  return listedBesideFramework([m], () => text, new Set(frameworks), new Set([surface.toLowerCase()]));
}

describe("listed beside a framework (12t)", () => {
  it("finds a framework named as the item before or after, in lists with commas, 'and', 'or' and '(or'", () => {
    expect(listed("We read about Kanban, Quiet Harbor and more.", "Quiet Harbor", ["kanban"])).toBe(true);
    expect(listed("We tried Quiet Harbor, Kanban, and pairing.", "Quiet Harbor", ["kanban"])).toBe(true);
    expect(listed("Try Quiet Harbor or the Kanban Method first.", "Quiet Harbor", ["kanban method"])).toBe(true);
    expect(listed("Anyone reading the Scrum Guide (or Quiet Harbor) asks how.", "Quiet Harbor", ["scrum guide"])).toBe(
      true,
    );
    // The item's capitalised run is the name, whatever words open the item.
    expect(listed("Lately I have been delving into Kanban, Quiet Harbor and safety.", "Quiet Harbor", ["kanban"])).toBe(
      true,
    );
  });

  it("doesn't count a framework elsewhere in the sentence, a non-framework item, or the concept itself", () => {
    expect(listed("Kanban boards helped, but Quiet Harbor is what stuck.", "Quiet Harbor", ["kanban"])).toBe(false);
    expect(listed("We read about Kanban boards, Quiet Harbor and more.", "Quiet Harbor", ["kanban"])).toBe(false);
    expect(listed("We read about Quiet Harbor (by Dana Smith).", "Quiet Harbor", ["kanban"])).toBe(false);
    expect(listed("Quiet Harbor, Quiet Harbor and more.", "Quiet Harbor", ["quiet harbor"])).toBe(false);
  });
});

describe("the kind of a named idea the text never marks or practises (12t)", () => {
  const result = extractFromTexts(
    issueTexts([
      [
        "Flow at work",
        [
          "Our team has been doing Kanban for a year. The Kanban coach comes on Tuesdays.",
          "I keep a reading list on Kanban, Quiet Harbor, and the history of the field.",
          "Quiet Harbor has four short sentences that fit on a card.",
        ],
      ],
      [
        "Slow weeks",
        [
          "Last month I went back to Quiet Harbor and its four sentences.",
          "Nobody had heard of the Velvet Ledger report, so we read the Velvet Ledger together.",
          "We keep practising Kanban with a wall of cards.",
        ],
      ],
      [
        "Talking to sponsors",
        [
          "Sponsors find Quiet Harbor easier to follow than most talks.",
          "The Velvet Ledger came up again in the budget meeting.",
          "Adopting Kanban took us three tries.",
        ],
      ],
      [
        "Notes from a quiet quarter",
        [
          "A teammate brought up Quiet Harbor again when we planned.",
          "Someone printed the Velvet Ledger on one page for the meeting.",
        ],
      ],
    ]),
  );
  const byKey = (key: string) => result.concepts.find((c) => c.key === key || c.memberKeys.includes(key));

  it("calls a proper name listed beside a practised framework a framework", () => {
    expect(byKey("kanban")).toMatchObject({ kind: "framework" });
    expect(byKey("quiet harbor")).toMatchObject({ kind: "framework" });
  });

  it("doesn't make a proper name never listed beside a framework a framework", () => {
    // "the Velvet Ledger report" says what it is, a report: `other` since (12u), a term before.
    expect(byKey("velvet ledger")).toMatchObject({ kind: "other" });
  });
});
