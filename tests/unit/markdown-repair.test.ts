import { describe, expect, it } from "vitest";
import { looksLikeEmailExport, repairMarkdown } from "@/lib/ingest/parse/markdown";

describe("repairMarkdown", () => {
  it("gives a heading missing its '[' the whole heading as link text", () => {
    expect(repairMarkdown("## The Capacity Myth](https://example.com/capacity)")).toBe(
      "## [The Capacity Myth](https://example.com/capacity)",
    );
  });

  it("drops a dangling link target mid-paragraph and keeps the words", () => {
    expect(repairMarkdown("We argued for a week. Then we shipped it](https://example.com/x) anyway.")).toBe(
      "We argued for a week. Then we shipped it anyway.",
    );
  });

  it("turns an attribute tail left by a lost <a> into a plain target, and removes layout tags", () => {
    const line =
      'Read the notes](https://t.example.com/redirect/abc" rel="" target="_blank" data-saferedirecturl="https://x.example/y">';
    expect(repairMarkdown(`${line}</a></td><td></td></tr></table>`)).toBe(
      "[Read the notes](https://t.example.com/redirect/abc)",
    );
    expect(repairMarkdown('<div style="x"><span>Kept words.</span></div>')).toBe("Kept words.");
  });

  it("leaves well-formed Markdown and code untouched", () => {
    const fine =
      "A [link](https://example.com) and ![an image](https://example.com/i.png).\n\n```\n## Not](https://a.b)\n```";
    expect(repairMarkdown(fine)).toBe(fine);
  });

  it("leaves a Markdown link wrapped over two lines whole, and a tag split over two lines its close", () => {
    const wrapped = "Markdown link wrapped [across a\nline](https://example.com/wrap) fine.";
    expect(repairMarkdown(wrapped)).toBe(wrapped);
    const split = 'Tag split <a\nhref="https://example.com/split">split tag</a> done.';
    expect(repairMarkdown(split)).toBe(split);
    // A paragraph break ends what the earlier lines left open.
    expect(repairMarkdown("An [unclosed bracket\n\nThen words](https://example.com/x) later.")).toBe(
      "An [unclosed bracket\n\nThen words later.",
    );
  });

  it("tells an email export from hand-written Markdown", () => {
    expect(looksLikeEmailExport('x](https://a.example/r" rel="" data-saferedirecturl="y">')).toBe(true);
    expect(looksLikeEmailExport("</td></tr>")).toBe(true);
    expect(looksLikeEmailExport("# Plain\n\nJust [a link](https://example.com).")).toBe(false);
  });
});

describe("repairMarkdown: inline HTML in any Markdown file", () => {
  const wellFormed = [
    'Simple link: <a href="https://example.com/x">words</a> end.',
    '<img src="https://img.example.com/coast.png" alt="Rocky coastline at dusk">',
    'See <a href="https://maps.example.com/coast" title="Map">the coast map</a>, <em>this</em> and <strong>that</strong><br>next.',
    '<a href=\'https://example.com/single\'>single quotes</a> and <img src="https://img.example.com/a.png" alt="A" />',
  ];

  it.each(wellFormed)("leaves a well-formed tag whole: %s", (line) => {
    const removals: { reason: string; text: string }[] = [];
    expect(repairMarkdown(line, removals)).toBe(line);
    expect(removals).toEqual([]);
  });

  it("keeps the </a> of a link that wraps onto the next line, and drops one no link opened", () => {
    const wrapped = 'Read <a href="https://example.com/long">the long\nessay</a> first.';
    expect(repairMarkdown(wrapped)).toBe(wrapped);
    expect(repairMarkdown('A <a href="https://example.com/a">closed</a> link.\n\nThen a stray</a> close.')).toBe(
      'A <a href="https://example.com/a">closed</a> link.\n\nThen a stray close.',
    );
  });

  it("still repairs the broken link syntax on a line that also has well-formed HTML", () => {
    const line = 'Go <em>now</em>](https://t.example.com/redirect/abc" rel="" target="_blank">';
    expect(repairMarkdown(line)).toBe("[Go <em>now</em>](https://t.example.com/redirect/abc)");
  });
});

describe("repairMarkdown: what it removes is reported", () => {
  it("names the dropped attribute tail, layout tags and a dangling target", () => {
    const removals: { reason: string; text: string }[] = [];
    const body = [
      'Read the notes](https://t.example.com/redirect/abc" rel="" target="_blank">',
      "<table><tr><td>Kept cell words.</td></tr></table>",
      "We argued for a week. Then we shipped it](https://t.example.com/redirect/def) anyway.",
      "A plain line with [a proper link](https://example.com) loses nothing.",
    ].join("\n");
    repairMarkdown(body, removals);
    expect(removals).toEqual([
      { reason: "email HTML fragment", text: '" rel="" target="_blank">' },
      { reason: "email HTML fragment", text: "<table><tr><td></td></tr></table>" },
      { reason: "broken link target dropped", text: "https://t.example.com/redirect/def" },
    ]);
  });

  it("keeps a reported fragment short and on one line", () => {
    const removals: { reason: string; text: string }[] = [];
    repairMarkdown(
      `Words](https://t.example.com/r" data-saferedirecturl="https://www.google.com/url?q=${"x".repeat(300)}">`,
      removals,
    );
    expect(removals).toHaveLength(1);
    expect(removals[0]!.text.length).toBeLessThanOrEqual(80);
    expect(removals[0]!.text).toMatch(/^" data-saferedirecturl=.*…$/);
  });
});
