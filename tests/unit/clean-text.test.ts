/**
 * Cleaning works on the text a reader would read (entities decoded), in HTML, feeds and
 * Markdown alike; feed titles are decoded; broken Markdown emphasis leaves no asterisks.
 */
import { describe, expect, it } from "vitest";
import { parsePartialDate, yearInTitle } from "@/lib/ingest/dates";
import { parseFeed } from "@/lib/ingest/parse/feed";
import { parseHtml } from "@/lib/ingest/parse/html";
import { parseMarkdown } from "@/lib/ingest/parse/markdown";
import { prepareIssue } from "@/lib/ingest/pipeline";

const file = (path: string, text: string) => ({ path, bytes: Buffer.from(text) });

function fromHtml(body: string) {
  const [parsed] = parseHtml(
    file("post.html", `<html><head><title>A post</title></head><body><article>${body}</article></body></html>`),
  );
  return prepareIssue(parsed!);
}

describe("cleaning decoded text in HTML", () => {
  it("removes tag fragments typed as text, which arrive as entities", () => {
    const doc = fromHtml(
      `<p>&lt;td&gt;Tide tables&lt;/td&gt; for the week, &lt;span style="x"&gt;checked&lt;/span&gt; daily.</p>`,
    );
    expect(doc.text).toBe("Tide tables for the week, checked daily.");
    expect(doc.removed.filter((r) => r.reason === "HTML fragment").map((r) => r.text)).toEqual([
      "<td>",
      "</td>",
      '<span style="x">',
      "</span>",
    ]);
  });

  it("unwraps a tracking redirect written as text, its query separators decoded", () => {
    const doc = fromHtml(
      `<p>Read https://www.google.com/url?q=https://example.com/a&amp;sa=D&amp;ust=1712&amp;usg=AOv now.</p>`,
    );
    expect(doc.text).toBe("Read https://example.com/a now.");
    expect(doc.html).not.toContain("sa=D");
  });

  it("leaves code alone, and angle brackets that aren't HTML tags", () => {
    const doc = fromHtml(
      `<p>Read it &lt;as&gt; a list.</p><pre><code>&lt;td&gt;cell&lt;/td&gt;</code></pre><p>Use <code>&lt;br&gt;</code> sparingly.</p>`,
    );
    expect(doc.text).toBe("Read it <as> a list.\n\n<td>cell</td>\n\nUse <br> sparingly.");
  });

  it("drops a paragraph that held nothing but fragments", () => {
    const doc = fromHtml(`<p>Kept.</p><p>&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</p><p>Also kept.</p>`);
    expect(doc.blocks.map((b) => b.text)).toEqual(["Kept.", "Also kept."]);
    expect(doc.html).not.toMatch(/<p[^>]*><\/p>/);
  });
});

describe("feeds: decoded titles and cleaned bodies", () => {
  const rss = `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Kitchen Notes</title><link>https://kitchen.example</link>
<item><title>Fish &amp;amp; Chips &amp;#8212; a &lt;em&gt;love&lt;/em&gt; story</title><link>https://kitchen.example/1</link>
<description>Salt &amp;amp; vinegar&amp;#8217;s the rule</description>
<content:encoded><![CDATA[<p>&lt;td&gt;Batter&lt;/td&gt; first. See https://www.google.com/url?q=https://kitchen.example/batter&amp;sa=D&amp;ust=1 for more.</p>]]></content:encoded></item>
<item><title><![CDATA[Bread &amp; Butter]]></title><link>https://kitchen.example/2</link><description>Plain.</description></item>
<item><title>AT&amp;T and R&amp;D</title><link>https://kitchen.example/3</link><description>Plain too.</description></item>
</channel></rss>`;
  const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Notes</title><id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title type="text">Less &amp;amp; more</title><id>urn:1</id><link href="https://atom.example/1"/><updated>2024-01-01T00:00:00Z</updated><content type="html">&lt;p&gt;Body.&lt;/p&gt;</content></entry>
<entry><title type="html">Cats &amp;amp; dogs</title><id>urn:2</id><link href="https://atom.example/2"/><updated>2024-01-02T00:00:00Z</updated><content type="html">&lt;p&gt;Body.&lt;/p&gt;</content></entry>
</feed>`;

  it("decodes entities in titles and subtitles that feeds escape twice or wrap in CDATA", () => {
    const items = parseFeed(file("kitchen.xml", rss));
    expect(items.map((i) => i.title)).toEqual(["Fish & Chips — a love story", "Bread & Butter", "AT&T and R&D"]);
    expect(items[0]!.subtitle).toBe("Salt & vinegar’s the rule");
    // An Atom text title is text: what was escaped once is shown as written.
    expect(parseFeed(file("atom.xml", atom)).map((i) => i.title)).toEqual(["Less &amp; more", "Cats & dogs"]);
  });

  it("cleans a feed item's body on its decoded text", () => {
    const doc = prepareIssue(parseFeed(file("kitchen.xml", rss))[0]!);
    expect(doc.title).toBe("Fish & Chips — a love story");
    expect(doc.text).toBe("Batter first. See https://kitchen.example/batter for more.");
  });
});

describe("Markdown emphasis that editors broke", () => {
  it("closes bold and italic phrases whose closing marker came after a space, and leaves no stray **", () => {
    const source = [
      "# Trends",
      "",
      "**Continuous delivery. **Teams ship every day.",
      "",
      "It is a *really *important point, said with\u00a0**emphasis. **Twice.",
      "",
      "I'll call it **STCA (**Systems Thinking Change Agent).",
      "",
      "Multiply 3 * 4 * 5, and keep `**kwargs` as code.",
    ].join("\n");
    const doc = prepareIssue(parseMarkdown(file("trends.md", source))[0]!);
    expect(doc.html).toContain("<strong>Continuous delivery.</strong> Teams ship every day.");
    expect(doc.html).toContain("<em>really</em> important");
    expect(doc.html).toContain("<strong>emphasis.</strong> Twice.");
    expect(doc.text).toContain("I'll call it STCA (Systems Thinking Change Agent).");
    expect(doc.text).toContain("Multiply 3 * 4 * 5, and keep **kwargs as code.");
    expect(doc.text.replace("**kwargs", "")).not.toContain("**");
  });
});

describe("partial dates", () => {
  it("reads a full date, a month or a year, and refuses impossible ones", () => {
    expect(parsePartialDate("2020-05-14")).toEqual({ date: new Date("2020-05-14T00:00:00Z"), precision: "day" });
    expect(parsePartialDate("2020-05")).toEqual({ date: new Date("2020-05-01T00:00:00Z"), precision: "month" });
    expect(parsePartialDate(2020)).toEqual({ date: new Date("2020-01-01T00:00:00Z"), precision: "year" });
    expect(parsePartialDate("2020-02-30")).toBeUndefined();
    expect(parsePartialDate("May 2020")).toBeUndefined();
  });

  it("finds the one year a collection's title names", () => {
    expect(yearInTitle("The Beautiful Mess 2020")?.date.getUTCFullYear()).toBe(2020);
    expect(yearInTitle("Notes, 2019 edition")?.precision).toBe("year");
    expect(yearInTitle("Letters 2019–2020")).toBeUndefined();
    expect(yearInTitle("2019 and 2021 retrospectives")).toBeUndefined();
    expect(yearInTitle("TBM 7/53")).toBeUndefined();
    expect(yearInTitle("A list of 1000 ideas")).toBeUndefined();
  });

  it("takes a year or month from frontmatter", () => {
    const [byYear] = parseMarkdown(file("a.md", "---\ntitle: A\ndate: 2019\n---\nText."));
    expect(byYear).toMatchObject({ publishedAt: new Date("2019-01-01T00:00:00Z"), datePrecision: "year" });
    const [byMonth] = parseMarkdown(file("b.md", "---\ntitle: B\ndate: 2019-07\n---\nText."));
    expect(byMonth).toMatchObject({ publishedAt: new Date("2019-07-01T00:00:00Z"), datePrecision: "month" });
    const [yearKey] = parseMarkdown(file("c.md", "---\ntitle: C\nyear: 2018\n---\nText."));
    expect(yearKey).toMatchObject({ publishedAt: new Date("2018-01-01T00:00:00Z"), datePrecision: "year" });
    const [full] = parseMarkdown(file("d.md", "---\ntitle: D\ndate: 2019-07-04\n---\nText."));
    expect(full).toMatchObject({ publishedAt: new Date("2019-07-04T00:00:00Z"), datePrecision: "day" });
  });
});

describe("invisible characters", () => {
  it("drops zero-width spaces, word joiners, stray byte-order marks and soft hyphens from text and page alike", () => {
    const doc = fromHtml("<p>Make\u200B \u200B\u200Bharbour\u200B \u200Bpilots a\u2060 pre\u00ADrequisite\uFEFF.</p>");
    expect(doc.text).toBe("Make harbour pilots a prerequisite.");
    expect(doc.html).not.toMatch(/[\u00AD\u200B\u2060\uFEFF]/);
  });

  it("keeps the joiners emoji sequences and scripts need", () => {
    const doc = fromHtml(
      "<p>Crew \u{1F469}\u200D\u{1F692} on deck; \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645.</p>",
    );
    expect(doc.text).toContain("\u{1F469}\u200D\u{1F692}");
    expect(doc.text).toContain("\u200C");
  });
});
