/**
 * The general-English references behind the plain-word rule: SUBTLEX (speech) and the Brown
 * Corpus's common nouns (edited prose), read from the installed packages.
 */
import { describe, expect, it } from "vitest";
import { isOnlyModifier, keyness, writtenKeyness } from "@/lib/concepts/reference";

// A word used 100 times in a 250,000-word corpus (400 per million): frequent for a newsletter.
const USES = 100;
const TOTAL = 250_000;

describe("written-English keyness (Brown Corpus nouns)", () => {
  it("finds the plain nouns of prose plain, though speech rarely says them", () => {
    for (const plain of ["structure", "service", "information", "performance", "growth"]) {
      expect(writtenKeyness(plain, USES, TOTAL), plain).toBeLessThan(5);
    }
  });

  it("finds the field's vocabulary specific", () => {
    for (const field of ["backlog", "sprint", "retrospective", "persona", "kanban"]) {
      expect(writtenKeyness(field, USES, TOTAL), field).toBeGreaterThan(20);
    }
  });

  it("counts nouns only: 'bet' the verb fills speech, 'bets' the noun is rare in prose", () => {
    expect(keyness("bet", USES, TOTAL)).toBeLessThan(5);
    expect(writtenKeyness("bet", USES, TOTAL)).toBeGreaterThan(5);
  });

  it("counts plurals with their singular and scales with use", () => {
    expect(writtenKeyness("structure", 2 * USES, TOTAL)).toBeCloseTo(2 * writtenKeyness("structure", USES, TOTAL));
    expect(writtenKeyness("zzzunknownword", USES, TOTAL)).toBeGreaterThan(100);
  });
});

describe("words WordNet knows only as modifiers", () => {
  it("tells adjectives that end no name from nouns", () => {
    for (const w of ["functional", "driven", "centric"]) expect(isOnlyModifier(w), w).toBe(true);
    for (const w of ["value", "business", "team", "zzzunknownword"]) expect(isOnlyModifier(w), w).toBe(false);
  });
});
