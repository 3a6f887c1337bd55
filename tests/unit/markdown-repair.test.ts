import { describe, expect, it } from "vitest";
import { looksLikeEmailExport, repairMarkdown } from "@/lib/ingest/parse/markdown";

describe("repairMarkdown", () => {
  it("gives a heading missing its '[' the whole heading as link text", () => {
    expect(repairMarkdown("## The Capacity Myth](https://example.com/capacity)")).toBe("## [The Capacity Myth](https://example.com/capacity)");
  });

  it("drops a dangling link target mid-paragraph and keeps the words", () => {
    expect(repairMarkdown("We argued for a week. Then we shipped it](https://example.com/x) anyway.")).toBe("We argued for a week. Then we shipped it anyway.");
  });

  it("turns an attribute tail left by a lost <a> into a plain target, and removes layout tags", () => {
    const line = 'Read the notes](https://t.example.com/redirect/abc" rel="" target="_blank" data-saferedirecturl="https://x.example/y">';
    expect(repairMarkdown(`${line}</a></td><td></td></tr></table>`)).toBe("[Read the notes](https://t.example.com/redirect/abc)");
    expect(repairMarkdown('<div style="x"><span>Kept words.</span></div>')).toBe("Kept words.");
  });

  it("leaves well-formed Markdown and code untouched", () => {
    const fine = "A [link](https://example.com) and ![an image](https://example.com/i.png).\n\n```\n## Not](https://a.b)\n```";
    expect(repairMarkdown(fine)).toBe(fine);
  });

  it("tells an email export from hand-written Markdown", () => {
    expect(looksLikeEmailExport('x](https://a.example/r" rel="" data-saferedirecturl="y">')).toBe(true);
    expect(looksLikeEmailExport("</td></tr>")).toBe(true);
    expect(looksLikeEmailExport("# Plain\n\nJust [a link](https://example.com).")).toBe(false);
  });
});
