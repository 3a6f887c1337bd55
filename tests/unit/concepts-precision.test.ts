/**
 * Precision and kinds (12f, README "## Concepts"): what the writing says is a measure, a variable,
 * a possessive cut from a longer name, a person, or an acronym the role test misreads.
 */
import { describe, expect, it } from "vitest";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import { isJunkKey } from "@/lib/concepts/junk";
import { conceptKey } from "@/lib/concepts/keys";

const junk = (surface: string) => isJunkKey(conceptKey(surface), { surface });

describe("measures and variables are no names (12f)", () => {
  it("takes the rest of a length compound whose number was dropped for a measure", () => {
    // "a two year program", "2-week sprints", "a 30-day doodle challenge": the phrase the tagger reads starts at the unit.
    for (const s of ["year program", "week sprints", "day doodle challenge", "month roadmap"]) expect(junk(s)).toBe(true);
    // A unit of time at the end is a name's head ("planning day"), not a measure.
    expect(junk("planning day")).toBe(false);
    expect(junk("sprint review")).toBe(false);
  });

  it("takes a letter with a digit, or a title-case run ending in a lone capital, for a variable", () => {
    for (const s of ["F1", "F2", "h3", "Feature X", "Team B", "Team X.", "Command K"]) expect(junk(s)).toBe(true);
    // A lower-case phrase with a letter in it may be a term ("low N"); a hyphenated compound is one word.
    expect(junk("low N")).toBe(false);
    expect(junk("T-Shaped")).toBe(false);
    expect(junk("B2B")).toBe(false);
    expect(junk("OKRs")).toBe(false);
  });
});

describe("a possessive cut from a longer name (12f)", () => {
  const phrasesOf = (text: string) =>
    extractIssueCandidates({
      title: "Notes",
      blocks: [{ id: "n-0", kind: "p", text, start: 0, end: text.length }],
      html: `<p id="n-0">${text}</p>`,
    }).phrases.map((p) => p.key);

  it("reads no name of its own in the owner of a capitalised name ('Larman's Laws of Organizational Behavior')", () => {
    const keys = phrasesOf("We reorganised again, a la Larman’s Laws of Organizational Behavior, and nothing changed.");
    expect(keys).not.toContain("larman");
    expect(keys).toContain("organizational behavior");
    // An owner before a lower-case noun is still a noun phrase of its own ("Spotify's squads").
    expect(phrasesOf("We copied Spotify's squads and Spotify tribes.")).toContain("spotify");
  });
});
