import { describe, expect, it } from "vitest";
import { toExcerpt } from "@/lib/issues/queries";

describe("toExcerpt", () => {
  it("keeps short text whole", () => {
    expect(toExcerpt("A short  opening.\n")).toBe("A short opening.");
    expect(toExcerpt(null)).toBe("");
  });

  it("cuts long text at a word boundary with an ellipsis", () => {
    const text = "word ".repeat(100);
    const out = toExcerpt(text, 42);
    expect(out.endsWith("word…")).toBe(true);
    expect(out.length).toBeLessThanOrEqual(43);
  });
});
