import { describe, expect, it } from "vitest";
import { blockAt, describeRange } from "@/lib/annotations/describe";
import { toSelectors } from "@/lib/annotations/selectors";
import { extractBlocks } from "@/lib/ingest/normalise";

const doc = extractBlocks(
  "<p>The opening paragraph sets the scene for everything that follows in this short issue.</p>" +
    "<h2>A heading</h2>" +
    "<p>Second paragraph: the <em>quoted</em> passage lives here, with more words after it to give it context.</p>",
);

describe("describeRange", () => {
  it("stores the exact quote with 32 characters of context and the block it starts in", () => {
    const start = doc.text.indexOf("quoted passage");
    const target = describeRange(doc.text, doc.blocks, start, start + "quoted passage".length)!;
    expect(target.exact).toBe("quoted passage");
    expect(target.prefix).toBe(doc.text.slice(start - 32, start));
    expect(target.prefix).toHaveLength(32);
    expect(target.suffix).toBe(" lives here, with more words aft");
    expect(target.blockId).toBe(doc.blocks[2]!.id);
    expect(doc.text.slice(target.start, target.end)).toBe(target.exact);
  });

  it("keeps shorter context at the edges of the text", () => {
    const target = describeRange(doc.text, doc.blocks, 0, 3)!;
    expect(target).toMatchObject({ exact: "The", prefix: "", start: 0, end: 3, blockId: doc.blocks[0]!.id });
    const end = doc.text.length;
    expect(describeRange(doc.text, doc.blocks, end - 8, end)!.suffix).toBe("");
  });

  it("trims whitespace a selection picked up at its edges", () => {
    const boundary = doc.blocks[0]!.end; // the blank line between two blocks
    const target = describeRange(doc.text, doc.blocks, boundary - 6, boundary + 6)!;
    expect(target.exact).toBe("issue.\n\nA he");
    const spill = describeRange(doc.text, doc.blocks, boundary, doc.blocks[1]!.start + 1)!;
    expect(spill).toMatchObject({ exact: "A", start: doc.blocks[1]!.start, blockId: doc.blocks[1]!.id });
  });

  it("refuses a selection of nothing but whitespace", () => {
    const boundary = doc.blocks[0]!.end;
    expect(describeRange(doc.text, doc.blocks, boundary, boundary + 2)).toBeNull();
    expect(describeRange(doc.text, doc.blocks, 5, 5)).toBeNull();
  });

  it("clamps offsets outside the text", () => {
    const target = describeRange(doc.text, doc.blocks, -5, 3)!;
    expect(target.start).toBe(0);
    expect(describeRange(doc.text, doc.blocks, doc.text.length - 2, doc.text.length + 50)!.end).toBe(doc.text.length);
  });
});

describe("blockAt", () => {
  it("maps an offset on the blank line between blocks to the next block", () => {
    expect(blockAt(doc.blocks, doc.blocks[0]!.end)?.id).toBe(doc.blocks[1]!.id);
    expect(blockAt(doc.blocks, doc.blocks[0]!.end - 1)?.id).toBe(doc.blocks[0]!.id);
  });
});

describe("toSelectors", () => {
  it("emits W3C TextQuote, TextPosition and Fragment selectors", () => {
    const target = describeRange(doc.text, doc.blocks, 4, 11)!;
    expect(toSelectors(target)).toEqual([
      { type: "TextQuoteSelector", exact: "opening", prefix: "The ", suffix: target.suffix },
      { type: "TextPositionSelector", start: 4, end: 11 },
      { type: "FragmentSelector", conformsTo: "http://tools.ietf.org/rfc/rfc3986", value: doc.blocks[0]!.id },
    ]);
  });
});
