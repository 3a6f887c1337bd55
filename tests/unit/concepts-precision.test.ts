/**
 * Precision and kinds (12f, README "## Concepts"): what the writing says is a measure, a variable,
 * a possessive cut from a longer name, a person, or an acronym the role test misreads.
 */
import { describe, expect, it } from "vitest";
import { isJunkKey } from "@/lib/concepts/junk";
import { conceptKey } from "@/lib/concepts/keys";
import { extractFromTexts, issueCandidates, issueTexts } from "../helpers/concept-texts";

const extract = (items: [string, string[]][]) => extractFromTexts(issueTexts(items));

const junk = (surface: string) => isJunkKey(conceptKey(surface), { surface });

describe("measures and variables are no names (12f)", () => {
  it("takes the rest of a length compound whose number was dropped for a measure", () => {
    // "a two year program", "2-week sprints", "a 30-day doodle challenge": the phrase the tagger reads starts at the unit.
    for (const s of ["year program", "week sprints", "day doodle challenge", "month roadmap"])
      expect(junk(s)).toBe(true);
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
  const phrasesOf = (text: string) => issueCandidates("Notes", [["p", text]]).phrases.map((p) => p.key);

  it("reads no name of its own in the owner of a capitalised name ('Larman's Laws of Organizational Behavior')", () => {
    const keys = phrasesOf("We reorganised again, a la Larman’s Laws of Organizational Behavior, and nothing changed.");
    expect(keys).not.toContain("larman");
    expect(keys).toContain("organizational behavior");
    // An owner before a lower-case noun is still a noun phrase of its own ("Spotify's squads").
    expect(phrasesOf("We copied Spotify's squads and Spotify tribes.")).toContain("spotify");
  });
});

describe("an acronym the writing treats as a term is no role (12f)", () => {
  // WordNet's only sense of "MVP" is a person (most valuable player), as every sense of "CEO" is.
  const keys = (mvpTitle: string, quoted: boolean) =>
    extract([
      [
        mvpTitle,
        [
          "We shipped an MVP to twelve customers and learned that the import flow confused them.",
          `The ${quoted ? "“MVP”" : "MVP"} was meant to test one assumption, but the CEO read it as a promise to scale.`,
        ],
      ],
      [
        "Roadmap reviews",
        [
          "The CEO asked for dates. The MVP we had planned turned into a release train with a launch party.",
          "Every MVP after that was a small release in disguise, and the CEO kept asking for dates.",
        ],
      ],
      [
        "Budget season",
        ["The CEO and the CFO met twice about the budget for experiments, and the MVP budget was cut first."],
      ],
    ]).concepts.map((c) => c.key);

  it("keeps an acronym the writing quotes, whatever WordNet's sense", () => {
    expect(keys("Notes from the week", true)).toContain("mvp");
  });

  it("still reads a role in an acronym the writing never marks as a term ('CEO'; an unmarked 'MVP'; a title is no mark)", () => {
    expect(keys("Notes from the week", true)).not.toContain("ceo");
    expect(keys("Notes from the week", false)).not.toContain("mvp");
    expect(keys("Kill Your MVPs", false)).not.toContain("mvp");
  });
});

describe("people cited by names no list knows (12f)", () => {
  const result = extract([
    [
      "Delivery notes",
      [
        "Side note: I loved how Jez Humble wrote about continuous delivery, and how the Kano Model reads delight.",
        "We read the Kano Model again, and we asked Jez Humble about deployment pipelines at the conference.",
      ],
    ],
    [
      "Craft",
      [
        "Side note: I loved Jez Humble tweeting about XP. The Kano Model says delight decays into expectation.",
        "Again the Kano Model: a delighter becomes a must-have once every competitor ships it.",
      ],
    ],
    ["Safety", ["Every team talks about safety. The Kano Model reminds us that safety is expected, never delightful."]],
  ]);
  const keys = result.concepts.map((c) => c.key);

  it("takes a capitalised pair whose first word is no word of its own and whose second is no thing for a person", () => {
    // "Jez" is in no list of given names, and "humble" is an adjective.
    expect(keys).not.toContain("jez humble");
    // A pair that ends in a thing names that thing ("Kano Model", a name with its kind word, is "Kano").
    expect(keys).toContain("kano");
  });
});
