import { describe, expect, it } from "vitest";
import { sentenceAround } from "@/lib/concepts/passages";

describe("sentenceAround", () => {
  it("finds the sentence a mention sits in", () => {
    const text = "First things first. A decision log records why we chose. Then we move on.";
    const at = text.indexOf("decision log");
    const [from, to] = sentenceAround(text, at, at + 12);
    expect(text.slice(from, to)).toBe("A decision log records why we chose.");
  });

  it("looks for boundaries only near the mention, so a block of millions of characters costs no more than a paragraph", () => {
    const run = "word ".repeat(400_000);
    const text = `${run}the decision log ${run}`;
    const at = text.indexOf("decision log");
    const [from, to] = sentenceAround(text, at, at + 12);
    expect(at - from).toBeLessThanOrEqual(1500);
    expect(to - (at + 12)).toBeLessThanOrEqual(1500);
  });
});
