/**
 * Placing uses the mention finder missed (12aq): one word sequence written closed, hyphenated and
 * spaced is one key, and a hyphenated word reads closed where a key writes it closed; a bracketed
 * coordinate between a modifier and its head is read past. The texts are written for these tests.
 */
import { describe, expect, it } from "vitest";
import { closedKey, conceptKey } from "@/lib/concepts/keys";
import { closeHyphenated, withoutBracketedCoordinates } from "@/lib/concepts/match";
import { tokenize } from "@/lib/concepts/tokens";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

const norms = (tokens: { norm: string }[]) => tokens.map((t) => t.norm);

describe("closed, hyphenated and spaced spellings (12aq)", () => {
  it("close up to one key", () => {
    const forms = ["work flow", "work-flow", "Workflow"].map((s) => closedKey(conceptKey(s)));
    expect(new Set(forms).size).toBe(1);
  });

  it("read a hyphenated pair closed where a key has the closed word and none the pair apart", () => {
    const text = "Ask an over-committed squad what matters.";
    const words = new Set(["overcommitted", "squad"]);
    const read = closeHyphenated(
      tokenize(text),
      (w) => words.has(w),
      () => false,
    );
    expect(norms(read)).toEqual(["ask", "an", "overcommitted", "squad", "what", "matter"]);
    const closed = read[2]!;
    expect(text.slice(closed.start, closed.end)).toBe("over-committed");
    // A key that writes the pair apart keeps it apart.
    const apart = closeHyphenated(
      tokenize(text),
      (w) => words.has(w),
      (p) => p === "over committed",
    );
    expect(norms(apart)).toContain("committed");
  });
});

describe("a bracketed coordinate between modifier and head (12aq)", () => {
  it("drops the brackets' words where the words around them are a key's", () => {
    const text = "We describe product (and company) strategy as bets.";
    const read = withoutBracketedCoordinates(tokenize(text), text, (p) => p === "product strategy");
    expect(norms(read)).toEqual(["we", "describe", "product", "strategy", "as", "bet"]);
    expect(read[3]!.breakBefore).toBe(false);
  });

  it("keeps them after a head, where they hold a phrase of their own", () => {
    const text = "Our tactics (and org culture) vary.";
    const read = withoutBracketedCoordinates(tokenize(text), text, () => false);
    expect(norms(read)).toContain("culture");
  });

  it("places the phrase there, the mention spanning the brackets", () => {
    const uses = (n: number) =>
      `Issue ${n}: a tide strategy sets the course. The tide strategy is reviewed each quarter, and tide strategy drift is watched.`;
    const result = extractFromTexts(
      issueTexts([
        ["Courses", [uses(1)]],
        ["Quarters", [uses(2)]],
        ["Reviews", [uses(3), "Writing the tide (and moon) strategy down helps every crew."]],
      ]),
    );
    const tide = result.concepts.find((c) => c.key === "tide strategy");
    expect(tide).toBeDefined();
    expect(tide!.mentions.map((m) => m.surface)).toContain("tide (and moon) strategy");
  });
});
