/**
 * The (12s) passage rule: a passage where the concept only modifies another noun ("PM work is…", "the pilot
 * team voted…") is about that noun, not the concept, and gives way to a sentence of prose where the concept
 * heads its phrase, when that scores within three points; a definition shape keeps its place, and so does a
 * modifier when the only other sentences name the concept in quotation marks or as one item of a list. Each
 * case checks first that the modifier scores higher (so only the rule can make the other win). The texts are
 * written for these tests.
 */
import { describe, expect, it } from "vitest";
import { modifiesNoun, scoreCandidate, type PassageCandidate } from "@/lib/concepts/passages";
import { passageCandidate, shown } from "../helpers/passage-candidate";

const scoreOf = (c: PassageCandidate) => scoreCandidate(c)!.score;

function modifies(text: string, concept: string): boolean {
  const start = text.indexOf(concept);
  return modifiesNoun(text, start, start + concept.length);
}

describe("choosing a definition passage (12s)", () => {
  it("tells a concept that modifies the next noun from one that heads its phrase", () => {
    expect(modifies("Pilot work is rarely as tidy as the plan for it suggests.", "Pilot")).toBe(true);
    expect(modifies("Last spring the pilot team voted to drop the weekly review.", "pilot")).toBe(true);
    expect(modifies("Our pilot process takes a month every quarter.", "pilot")).toBe(true);
    // The concept heads its phrase, or the next word is its verb.
    expect(modifies("The pilot ran for a month before anyone scaled it.", "pilot")).toBe(false);
    expect(modifies("A pilot works when it has a question to answer.", "pilot")).toBe(false);
    expect(modifies("A pilot means two teams trying a change for a month.", "pilot")).toBe(false);
    expect(modifies("We ran a pilot, then another one.", "pilot")).toBe(false);
    // A plural before a verb the tagger may read as a noun, a possessive, an adjective.
    expect(modifies("Pilots waste time when nobody reads what they found.", "Pilots")).toBe(false);
    expect(modifies("The pilot's budget ran out in May.", "pilot's")).toBe(false);
    expect(modifies("A highly experimental feature shipped to ten customers.", "experimental")).toBe(false);
  });

  it("shows a sentence where the concept heads its phrase rather than one about the noun it modifies", () => {
    const modifier = passageCandidate(
      "Pilot work is rarely as tidy as the plan for it suggests, and the spreadsheets pile up.",
      "Pilot",
      { rankInIssue: 1 },
    );
    const heads = passageCandidate(
      "The pilot gave both teams a month to try the change before anyone decided on it.",
      "pilot",
      { rankInIssue: 1 },
    );
    expect(scoreOf(modifier)).toBeGreaterThan(scoreOf(heads));
    expect(shown(modifier, heads)).toBe(heads.block.text);
    expect(shown(heads, modifier)).toBe(heads.block.text);
  });

  it("keeps a modifier that scores far ahead, or one whose sentence defines the concept", () => {
    const modifier = passageCandidate(
      "Pilot work is rarely as tidy as the plan for it suggests, and the spreadsheets pile up.",
      "Pilot",
      { rankInIssue: 1 },
    );
    const far = passageCandidate("Last year we once mentioned a pilot in passing.", "pilot", { rankInIssue: 40 });
    expect(scoreOf(modifier) - scoreOf(far)).toBeGreaterThan(3);
    expect(shown(modifier, far)).toBe(modifier.block.text);
    const defining = passageCandidate(
      "What we call pilot work is a month in which two teams try a change before anyone decides.",
      "pilot",
      { rankInIssue: 1 },
    );
    expect(scoreCandidate(defining)!.defining).toBe(true);
    const heads = passageCandidate(
      "In the end the pilot gave both teams a month to try the change before anyone decided.",
      "pilot",
      { rankInIssue: 1 },
    );
    expect(shown(defining, heads)).toBe(defining.block.text);
  });

  it("keeps the modifier when the concept is otherwise quoted or one item of a list", () => {
    const modifier = passageCandidate(
      "Pilot work is rarely as tidy as the plan for it suggests, and the spreadsheets pile up.",
      "Pilot",
    );
    for (const [text, concept] of [
      ["In the end we tried retros, a pilot and a new board before anyone decided anything.", "pilot"],
      ["In the end the pilot and the new board took up most of the month for both teams.", "pilot"],
      ["In the end we settled on what the teams kept calling “pilot” for most of the month.", "pilot"],
    ] as const) {
      const other = passageCandidate(text, concept, { rankInIssue: 1 });
      expect(scoreOf(modifier), text).toBeGreaterThan(scoreOf(other));
      expect(scoreOf(modifier) - scoreOf(other), text).toBeLessThanOrEqual(3);
      expect(shown(modifier, other), text).toBe(modifier.block.text);
    }
  });
});
