import { describe, expect, it } from "vitest";
import { collapseWhitespace, collapsedEnd, collapsedStart, rawSpan } from "@/lib/annotations/text-map";
import { visibleText } from "@/lib/ingest/normalise";

// The text nodes of a block as a browser holds them: indentation, line breaks, a <br>'s space.
const raw = "\n    Plans   decay\n  when the <em>world</em>\n moves.  ";

describe("collapseWhitespace", () => {
  it("produces exactly the block text ingest stores", () => {
    const map = collapseWhitespace(raw);
    expect(map.text).toBe(visibleText(raw));
    expect(map.text).toBe("Plans decay when the <em>world</em> moves.");
    expect(map.rawIndex).toHaveLength(map.text.length);
    for (let i = 0; i < map.text.length; i++) {
      const r = raw[map.rawIndex[i]!]!;
      expect(map.text[i] === " " ? /\s/.test(r) : r === map.text[i]).toBe(true);
    }
  });
});

describe("raw ⇄ collapsed offsets", () => {
  const map = collapseWhitespace(raw);

  it("maps a selection of raw text to collapsed offsets", () => {
    const s = raw.indexOf("decay");
    const e = s + "decay".length;
    expect(map.text.slice(collapsedStart(map, s), collapsedEnd(map, e))).toBe("decay");
  });

  it("snaps a boundary inside a whitespace run to the words around it", () => {
    const inRun = raw.indexOf("Plans") + "Plans".length + 2; // in the middle of "   "
    expect(collapsedStart(map, inRun)).toBe("Plans ".length);
    expect(collapsedEnd(map, inRun)).toBe("Plans ".length);
    expect(collapsedStart(map, 0)).toBe(0);
    expect(collapsedEnd(map, raw.length)).toBe(map.text.length);
  });

  it("maps collapsed offsets back to the raw span that shows them", () => {
    const s = map.text.indexOf("decay when");
    const span = rawSpan(map, s, s + "decay when".length)!;
    expect(raw.slice(span.start, span.end)).toBe("decay\n  when");
    expect(rawSpan(map, 3, 3)).toBeNull();
    expect(rawSpan(map, 0, 999)).toEqual({ start: raw.indexOf("P"), end: raw.indexOf("moves.") + "moves.".length });
  });
});
