import { describe, expect, it } from "vitest";
import { extractBlocks, normaliseIssue } from "@/lib/ingest/normalise";

describe("extractBlocks", () => {
  const html =
    "<h2>Heading</h2><p>First paragraph.</p><ul><li>One</li><li><p>Two</p></li></ul><blockquote><p>Quoted.</p></blockquote>";

  it("gives every leaf block an id and offsets into the plain text", () => {
    const { blocks, text, html: out } = extractBlocks(html);
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([
      ["h2", "Heading"],
      ["p", "First paragraph."],
      ["li", "One"],
      ["p", "Two"],
      ["quote", "Quoted."],
    ]);
    for (const b of blocks) {
      expect(text.slice(b.start, b.end)).toBe(b.text);
      expect(out).toContain(`id="${b.id}"`);
    }
  });

  it("keeps block ids stable when a paragraph is inserted elsewhere", () => {
    const before = extractBlocks("<p>Alpha.</p><p>Beta.</p>").blocks;
    const after = extractBlocks("<p>New opening.</p><p>Alpha.</p><p>Beta.</p>").blocks;
    expect(after.slice(1).map((b) => b.id)).toEqual(before.map((b) => b.id));
  });

  it("keeps repeated paragraphs distinct", () => {
    const ids = extractBlocks("<p>Same.</p><p>Same.</p>").blocks.map((b) => b.id);
    expect(new Set(ids).size).toBe(2);
  });

  it("separates words around a line break, as a reader sees them", () => {
    const { blocks } = extractBlocks("<p>end of line<br>start of next</p>");
    expect(blocks[0]?.text).toBe("end of line start of next");
  });
});

describe("extractBlocks: pretty-printed inline elements", () => {
  it("closes up punctuation a line break kept apart, and moves a link's trailing break out of it", () => {
    const { blocks, html } = extractBlocks(
      '<p>\n  please give to the\n  <a href="https://example.org/fund">\n   Musicians\' Fund\n  </a>\n  . They want a\n  <em>\n   grade\n  </em>\n  , not help.\n</p>' +
        '<p>Post 53. <a href="https://example.org/x">\n The experiment\n </a>is done.</p>' +
        "<p>Their\n <em>\n  <strong>\n   product vision\n  </strong>\n </em>\n . They</p>",
    );
    expect(blocks.map((b) => b.text)).toEqual([
      "please give to the Musicians' Fund. They want a grade, not help.",
      "Post 53. The experiment is done.",
      "Their product vision. They",
    ]);
    // The link's words end where its underline does.
    expect(html).toMatch(/>\s*The experiment<\/a> is done\./);
  });

  it("leaves spaces the writer typed as they are", () => {
    const { blocks } = extractBlocks('<p>A <a href="https://example.org">link </a>and <em>this</em> . odd</p>');
    expect(blocks[0]?.text).toBe("A link and this . odd");
  });
});

describe("extractBlocks: text outside any block", () => {
  it("makes a block of bare text, a list item's words before its sub-list, and text beside blocks", () => {
    expect(extractBlocks("Just plain words from a feed, no markup at all.").blocks.map((b) => b.text)).toEqual([
      "Just plain words from a feed, no markup at all.",
    ]);
    const nested = extractBlocks("<ul><li>Parent point<ul><li>Child point</li></ul></li></ul>");
    expect(nested.blocks.map((b) => b.text)).toEqual(["Parent point", "Child point"]);
    expect(nested.html).toMatch(/<li><p id="b-[0-9a-f]+">Parent point<\/p><ul>/);
    const mixed = extractBlocks("Before <em>the</em> list<p>A paragraph.</p>after it");
    expect(mixed.text).toBe("Before the list\n\nA paragraph.\n\nafter it");
    // A leaf block is left as it is.
    expect(extractBlocks("<p>Only <strong>one</strong> paragraph.</p>").html).toMatch(
      /^<p id="b-[0-9a-f]+">Only <strong>one<\/strong> paragraph.<\/p>$/,
    );
  });
});

describe("normaliseIssue", () => {
  it("parses numbering from the title and derives a slug", () => {
    const doc = normaliseIssue(
      { sourcePath: "x.md", title: "TBM 7/53: Strategy and Structure", html: "" },
      "<p>Body.</p>",
    );
    expect(doc).toMatchObject({
      title: "Strategy and Structure",
      number: 7,
      series: "TBM",
      slug: "tbm-7-strategy-and-structure",
    });
  });

  it("changes the content hash only when content changes", () => {
    const a = normaliseIssue({ sourcePath: "a.md", title: "T", html: "" }, "<p>Body.</p>");
    const b = normaliseIssue({ sourcePath: "b.md", title: "T", html: "" }, "<p>Body.</p>");
    const c = normaliseIssue({ sourcePath: "a.md", title: "T", html: "" }, "<p>Body!</p>");
    expect(a.contentHash).toBe(b.contentHash);
    expect(a.contentHash).not.toBe(c.contentHash);
  });
});
