import { describe, expect, it } from "vitest";
import { MAX_ERROR_RATE, MIN_SCORE, matchQuote } from "@/lib/annotations/match-quote";

const text =
  "Strategy is a set of choices. A good strategy says no to most things. " +
  "A good strategy says no to most things, and says why. The rest is execution.";

describe("matchQuote", () => {
  it("finds an exact quote with no errors", () => {
    const m = matchQuote(text, "set of choices")!;
    expect(text.slice(m.start, m.end)).toBe("set of choices");
    expect(m.errors).toBe(0);
  });

  it("tolerates a few edits inside the quote", () => {
    const m = matchQuote(text, "The rest is plain execution")!;
    expect(text.slice(m.start, m.end)).toBe("The rest is execution");
    expect(m.errors).toBe(6);
  });

  it("uses the suffix to choose between repeated candidates", () => {
    const quote = "A good strategy says no to most things";
    const first = text.indexOf(quote);
    const second = text.indexOf(quote, first + 1);
    expect(matchQuote(text, quote, { suffix: ", and says why" })!.start).toBe(second);
    expect(matchQuote(text, quote, { suffix: ". A good strategy" })!.start).toBe(first);
  });

  it("uses the prefix when the suffix doesn't help", () => {
    const quote = "A good strategy says no";
    const first = text.indexOf(quote);
    const second = text.indexOf(quote, first + 1);
    expect(matchQuote(text, quote, { prefix: "no to most things. " })!.start).toBe(second);
    expect(matchQuote(text, quote, { prefix: "a set of choices. " })!.start).toBe(first);
  });

  it("uses the position hint only to break otherwise equal ties", () => {
    const quote = "A good strategy says no to most things";
    const second = text.indexOf(quote, text.indexOf(quote) + 1);
    expect(matchQuote(text, quote, { hint: second + 3 })!.start).toBe(second);
    expect(matchQuote(text, quote, { hint: 0 })!.start).toBe(text.indexOf(quote));
  });

  it(`rejects matches with more than ${MAX_ERROR_RATE * 100}% of the quote changed`, () => {
    expect(matchQuote(text, "Tactics are a list of wishes")).toBeNull();
    expect(matchQuote(text, "")).toBeNull();
  });

  it("stretches the match over a word inserted near the quote's end, guided by the stored suffix", () => {
    const before = "Measure the outcome, not the output. Then decide what to build next week.";
    const quote = "not the output";
    const at = before.indexOf(quote);
    const prefix = before.slice(Math.max(0, at - 32), at);
    const suffix = before.slice(at + quote.length, at + quote.length + 32);
    const after = before.replace("not the output", "not the output alone");
    const m = matchQuote(after, quote, { prefix, suffix, hint: at })!;
    expect(after.slice(m.start, m.end)).toBe("not the output alone");
  });

  it(`orphans a look-alike phrase whose context doesn't match (score below ${MIN_SCORE})`, () => {
    const quote = "intuitions about custom";
    const elsewhere = "Some teams trust their intuitions about what to build far more than any data they collect.";
    expect(
      matchQuote(elsewhere, quote, {
        prefix: "Senior designers often have good ",
        suffix: " that are hard to put into words.",
      }),
    ).toBeNull();
    // The same look-alike is accepted when nothing says it is out of place (no context stored).
    expect(matchQuote(elsewhere, quote)).not.toBeNull();
  });
});
