/**
 * A slash compound is one modifier, round (12ao) (README "## Concepts"): "Gadget/Widget Fit" joins
 * two words into one modifier of "fit", so a phrase that stops at the slash ("Pitching Gadget") has
 * cut the compound in two and names nothing. Alternatives that close a phrase ("a fixed
 * budget/headcount.") each read alone. And an -s word between a clause's singular subject and a
 * determiner ("The crew shares a…") is the verb, not a noun phrase "crew shares".
 */
import { describe, expect, it } from "vitest";
import type { Block } from "@/db/schema";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import { tagWords } from "@/lib/concepts/tagging";

function candidates(title: string, texts: string[]) {
  let offset = 0;
  const blocks: Block[] = texts.map((text, i) => {
    const b = { id: `b-${i}`, kind: "p" as const, text, start: offset, end: offset + text.length };
    offset += text.length + 2;
    return b;
  });
  const html = blocks.map((b) => `<p id="${b.id}">${b.text}</p>`).join("\n");
  const c = extractIssueCandidates({ title, blocks, html });
  return { marked: c.marked.map((m) => m.key), phrases: c.phrases.map((p) => p.key) };
}

describe("a phrase that stops inside a slash compound is a fragment (12ao)", () => {
  it("drops the title's name cut at the slash, and keeps the compound's own name", () => {
    const c = candidates("Pitching Gadget/Widget Fit in Ten Minutes", ["Gadget/widget fit is hard to pin down."]);
    expect(c.marked).not.toContain("pitching gadget");
    expect(c.phrases).toContain("widget fit");
  });

  it("drops a body phrase cut at the slash before the noun the compound modifies", () => {
    const c = candidates("Notes", ["Experiments threaten the formal reward/promotion structure of the firm."]);
    expect(c.phrases).not.toContain("formal reward");
  });

  it("keeps alternatives that close the phrase", () => {
    const c = candidates("Notes", ["We argued about the fixed budget/headcount. Then we shipped."]);
    expect(c.phrases).toContain("fixed budget");
  });
});

describe("an -s word between a clause's singular subject and a determiner is its verb (12ao)", () => {
  const posOf = (text: string, word: string) => tagWords(text).find((w) => w.text === word)!.pos;

  it("reads it as a verb at the clause's opening", () => {
    expect(posOf("The crew shares a single kettle.", "shares")).toBe("VERB");
    expect(candidates("Notes", ["The crew shares a single kettle."]).phrases).not.toContain("crew share");
  });

  it("leaves two objects after a verb as nouns", () => {
    expect(posOf("She gave the kitchen crews a kettle.", "crews")).toBe("NOUN");
  });
});
