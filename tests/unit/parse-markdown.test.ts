/** Markdown through parsing and cleaning (no database): inline HTML, repairs in `removed`, frontmatter errors. */
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "@/lib/ingest/parse/markdown";
import { prepareIssue } from "@/lib/ingest/pipeline";

function prepare(source: string, file = "inline.md") {
  const [parsed] = parseMarkdown({ path: file, bytes: Buffer.from(source) });
  return prepareIssue(parsed!);
}

describe("parseMarkdown: inline HTML in hand-written Markdown", () => {
  it("keeps links and their hrefs, images and their alt text, emphasis and line breaks", () => {
    const doc = prepare(
      [
        "# Coast Notes",
        "",
        'Simple link: <a href="https://example.com/x">words</a> end.',
        "",
        '<img src="https://img.example.com/coast.png" alt="Rocky coastline at dusk">',
        "",
        'See <a href="https://maps.example.com/coast" title="Map">the coast map</a> and <em>this</em>, <strong>that</strong><br>and more.',
      ].join("\n"),
    );
    expect(doc.text).toBe("Simple link: words end.\n\nSee the coast map and this, that and more.");
    expect(doc.html).toMatch(/<a href="https:\/\/example\.com\/x"[^>]*>words<\/a>/);
    expect(doc.html).toContain(
      '<img src="https://img.example.com/coast.png" alt="Rocky coastline at dusk" loading="lazy" decoding="async" referrerpolicy="no-referrer">',
    );
    expect(doc.html).toMatch(/<a href="https:\/\/maps\.example\.com\/coast" title="Map"[^>]*>the coast map<\/a>/);
    expect(doc.html).toContain("<em>this</em>, <strong>that</strong><br");
    expect(doc.removed).toEqual([]);
  });

  it("drops a 1×1 tracking pixel: no text, no link, no image", () => {
    const doc = prepare(
      '# Pixel\n\nOpened? <img src="https://t.example.com/open/abc.gif" width="1" height="1"> Thanks.\n',
    );
    expect(doc.text).toBe("Opened? Thanks.");
    expect(doc.html).not.toMatch(/t\.example\.com|<img|<a /);
    expect(doc.removed).toEqual([{ reason: "not an image", text: "https://t.example.com/open/abc.gif" }]);
  });

  it("reports what the email-export repairs and the sanitizer removed", () => {
    const doc = prepare(
      [
        "# Letter",
        "",
        'We planned for weeks. Then we argued over a spreadsheet](https://t.example.com/redirect/0a1b" rel="" target="_blank" data-bit="iit"></a></td></tr></table>',
        "",
        "<script>track()</script>",
        "",
        '<iframe src="https://embed.example.com/v/1"></iframe>',
      ].join("\n"),
    );
    expect(doc.text).toBe("We planned for weeks. Then we argued over a spreadsheet");
    expect(doc.removed).toEqual([
      { reason: "email HTML fragment", text: '" rel="" target="_blank" data-bit="iit"></a></td></tr></table>' },
      { reason: "broken link target dropped", text: "https://t.example.com/redirect/0a1b" },
      { reason: "unsafe HTML", text: "<script>" },
      { reason: "unsafe HTML", text: "<iframe> https://embed.example.com/v/1" },
    ]);
  });
});

describe("parseMarkdown: a frontmatter YAML error is one line naming the problem", () => {
  const errorOf = (source: string): string => {
    try {
      parseMarkdown({ path: "bad.md", bytes: Buffer.from(source) });
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error("expected the frontmatter to be refused");
  };

  it("a title with an unquoted colon: the line, the key, and how to quote it", () => {
    const message = errorOf("---\ndate: 2024-02-05\ntitle: Issue 40: Mooring Lines\n---\n\nBody text.\n");
    expect(message).toBe(
      'invalid YAML frontmatter (line 3): the title value has an unquoted ": "; quote values that contain ": " (title: "Issue 40: Mooring Lines")',
    );
  });

  it("any other YAML mistake: the line and js-yaml's reason, without the caret drawing", () => {
    const message = errorOf("---\ntitle: Tides\n  subtitle: indented by mistake\nnumber: 4\n---\n\nBody text.\n");
    expect(message).toBe("invalid YAML frontmatter (line 3): bad indentation of a mapping entry");
    expect(errorOf('---\ntitle: "Never closed\n---\n\nBody.\n')).toMatch(
      /^invalid YAML frontmatter \(line \d+\): unexpected end of the stream within a double quoted scalar$/,
    );
  });

  it("a quoted title with a colon is fine", () => {
    const [parsed] = parseMarkdown({
      path: "ok.md",
      bytes: Buffer.from('---\ntitle: "Issue 40: Mooring Lines"\n---\n\nBody text.\n'),
    });
    expect(parsed?.title).toBe("Issue 40: Mooring Lines");
  });
});
