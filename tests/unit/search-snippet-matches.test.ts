/**
 * Snippets find a query's words in a document's text by substring search
 * (lib/search/text.ts) rather than by one Unicode regular expression over the
 * whole text, for speed. The two must find exactly the same matches: checked
 * here on generated texts full of the cases where they could part — case,
 * accents, letters that fold to ASCII (Kelvin sign, long s, dotted I),
 * apostrophes, digits, letters outside the BMP, words that are prefixes of
 * one another.
 */
import { describe, expect, it } from "vitest";
import { makeRandom } from "@/lib/random";
import { buildSnippet, findMatches, findMatchesByPattern, foldAccents } from "@/lib/search/text";

const PIECES = [
  "team",
  "Teams",
  "TEAMING",
  "tea",
  "steam",
  "teamwork",
  "road",
  "roadmap",
  "Roadmaps",
  "roadmapping",
  "42",
  "420",
  "x42",
  "café",
  "CAFÉ",
  "cafe",
  "naïve",
  "naive",
  "Straße",
  "strasse",
  "\u212Ailn",
  "kiln",
  "\u017Fteam",
  "İstanbul",
  "istanbul",
  "𝐀team",
  "team𝐀",
  "😀team",
  "team😀",
  "team's",
  "team’s",
  "don't",
  "e\u0301quipe",
  "equipe",
  "tëam",
  "teäm",
];
const GLUE = [" ", "  ", ", ", ". ", "\n", "-", "—", "'", "’", "_", "/", "(", ")", "", "\u00A0", "é", "1"];
const WORD_SETS = [
  ["team"],
  ["team", "teams", "teaming"],
  ["tea", "team", "teamwork"],
  ["road", "roadmap", "roadmaps", "roadmapping"],
  ["42"],
  ["cafe", "kiln", "istanbul", "strasse", "equipe", "naive"],
  ["team", "42", "cafe", "steam"],
  ["s", "t", "don"],
];

function randomText(rand: () => number): string {
  let text = "";
  const n = 5 + Math.floor(rand() * 60);
  for (let i = 0; i < n; i++)
    text += PIECES[Math.floor(rand() * PIECES.length)]! + GLUE[Math.floor(rand() * GLUE.length)]!;
  return text;
}

describe("snippet matches", () => {
  it("substring search finds exactly what the regular expression finds", () => {
    const rand = makeRandom(11);
    let compared = 0;
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomText(rand);
      const words = WORD_SETS[i % WORD_SETS.length]!;
      const fast = findMatches(text, new Set(words));
      expect(fast).toEqual(findMatchesByPattern(foldAccents(text), [...words]));
      compared++;
      found += fast.length;
    }
    expect(compared).toBe(3000);
    expect(found).toBeGreaterThan(10_000);
  });

  it("matches whole words only, across case and accents, and builds the same snippet", () => {
    const text = "Steam teams: the TEAM’s café-team met Teaming 42x and 42.";
    expect(findMatches(text, new Set(["team", "teams", "cafe", "42"])).map((m) => text.slice(m.start, m.end))).toEqual([
      "teams",
      "TEAM",
      "café",
      "team",
      "42",
    ]);
    expect(buildSnippet(text, new Set(["team", "teaming"]))).toBe(
      "Steam teams: the <mark>TEAM</mark>’s café-<mark>team</mark> met <mark>Teaming</mark> 42x and 42.",
    );
  });
});
