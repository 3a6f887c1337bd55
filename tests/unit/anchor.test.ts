import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { anchorTarget } from "@/lib/annotations/anchor";
import { describeRange } from "@/lib/annotations/describe";
import { extractBlocks } from "@/lib/ingest/normalise";

const dir = path.join(__dirname, "..", "fixtures", "anchoring");
function load(name: string) {
  return extractBlocks(fs.readFileSync(path.join(dir, `${name}.html`), "utf8"));
}

const original = load("original");

/** Describe the occurrence number `nth` (0-based) of `quote` in the original text. */
function annotate(quote: string, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = original.text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`fixture lacks "${quote}"`);
  const target = describeRange(original.text, original.blocks, at, at + quote.length);
  if (!target) throw new Error("empty target");
  return target;
}

const driftQuote = "the more the world it assumed drifts away";
const tidyQuote = "A tidy plan is comforting";

describe("anchorTarget on edited revisions", () => {
  it("keeps an unchanged passage where it was, by position", () => {
    const target = annotate(driftQuote);
    expect(anchorTarget(original.text, target)).toEqual({ start: target.start, end: target.end, strategy: "position" });
  });

  it("follows the passage when a paragraph is inserted before it", () => {
    const target = annotate(driftQuote);
    const edited = load("insert-before");
    const anchor = anchorTarget(edited.text, target);
    expect(anchor?.strategy).toBe("quote");
    expect(anchor!.start).toBeGreaterThan(target.start);
    expect(edited.text.slice(anchor!.start, anchor!.end)).toBe(driftQuote);
  });

  it("finds the passage fuzzily when a word is inserted inside the quote", () => {
    const target = annotate(driftQuote);
    const edited = load("insert-inside");
    const anchor = anchorTarget(edited.text, target);
    expect(anchor?.strategy).toBe("fuzzy");
    expect(edited.text.slice(anchor!.start, anchor!.end)).toBe("the more the world it quietly assumed drifts away");
  });

  it("uses the quote when text is inserted right after it (its suffix changed)", () => {
    const target = annotate("drifts away from the world you are in.");
    const edited = load("insert-after");
    const anchor = anchorTarget(edited.text, target);
    expect(anchor).not.toBeNull();
    expect(anchor!.start).toBe(target.start);
    expect(edited.text.slice(anchor!.start, anchor!.end)).toBe("drifts away from the world you are in.");
  });

  it("keeps the position when the insertion is after the quote's context", () => {
    const target = annotate("Every planning season starts");
    const edited = load("insert-after");
    expect(anchorTarget(edited.text, target)?.strategy).toBe("position");
  });

  it("gives up (orphan) when the passage is deleted", () => {
    const target = annotate(driftQuote);
    expect(anchorTarget(load("passage-deleted").text, target)).toBeNull();
  });

  it("gives up on a whole deleted sentence rather than latching onto similar words", () => {
    const target = annotate("A plan is a bet placed with old information.");
    expect(anchorTarget(load("passage-deleted").text, target)).toBeNull();
  });

  it("tells a repeated quote's occurrences apart by their context", () => {
    const second = annotate(tidyQuote, 1);
    const first = annotate(tidyQuote, 0);
    expect(second.start).toBeGreaterThan(first.start);
    const edited = load("repeated-shifted");
    const a2 = anchorTarget(edited.text, second);
    const a1 = anchorTarget(edited.text, first);
    expect(a2?.strategy).toBe("quote");
    expect(edited.text.slice(a2!.start - 30, a2!.end)).toContain("Keep the review short.");
    expect(edited.text.slice(a1!.start, a1!.end + 40)).toContain("comforting, and comfort is a poor sensor");
  });

  it("does not let a repeat at the old offsets pass the position check", () => {
    // Insert exactly enough text before the first copy that the second copy's old
    // offsets fall elsewhere; and craft a text where the old offsets hold the quote in another context.
    const second = annotate(tidyQuote, 1);
    const padding = "x".repeat(second.start - original.text.indexOf(tidyQuote));
    const edited = `${padding}${original.text}`.replace(
      "Keep the review short. A tidy plan is comforting",
      "Keep the review brief. A tidy plan is comforting",
    );
    const anchor = anchorTarget(edited, second);
    // The old offsets now hold the first copy; context says it is the wrong one.
    expect(edited.slice(second.start, second.end)).toBe(tidyQuote);
    expect(anchor?.strategy).toBe("quote");
    expect(anchor!.start).toBe(edited.indexOf("A tidy plan is comforting, but"));
  });

  it("finds a reworded passage (typo fixed, word swapped) with an intro added", () => {
    const target = annotate("Teams notice the drift late because the plan still looks tidy.");
    const edited = load("reworded");
    const anchor = anchorTarget(edited.text, target);
    expect(anchor?.strategy).toBe("fuzzy");
    const found = edited.text.slice(anchor!.start, anchor!.end);
    expect(found).toContain("notice this drift late, because the plan still looks neat");
  });

  it("can be told not to match fuzzily", () => {
    const target = annotate(driftQuote);
    expect(anchorTarget(load("insert-inside").text, target, { allowFuzzy: false })).toBeNull();
  });
});
