/** Atom's inline XHTML content (type="xhtml"), read as markup in its order, through cleaning. */
import { describe, expect, it } from "vitest";
import { parseFeed } from "@/lib/ingest/parse/feed";
import { prepareIssue } from "@/lib/ingest/pipeline";

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Log</title>
  <link href="https://harbour.example.org/"/>
  <id>urn:uuid:7d1f0000-0000-4000-8000-000000000001</id>
  <updated>2024-06-03T08:00:00Z</updated>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Issue 12: <em>Slack</em> &amp; Tide</div></title>
    <link rel="alternate" href="https://harbour.example.org/12-slack-tide"/>
    <id>urn:uuid:7d1f0000-0000-4000-8000-000000000012</id>
    <updated>2024-06-03T08:00:00Z</updated>
    <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Why the <strong>quiet</strong> water matters</div></summary>
    <content type="xhtml">
      <div xmlns="http://www.w3.org/1999/xhtml">
        <p>At slack water the boats <em>wait</em>, and the crew checks <a href="https://harbour.example.org/charts?area=north&amp;scale=2" title="Charts">the charts</a>.</p>
        <h2>Two rules</h2>
        <ul><li>Lines &lt;doubled&gt; before dusk</li><li>Engines<br/>off at the quay</li></ul>
        <p><img src="/img/quay.png" alt="The quay at low tide"/></p>
        <x:p xmlns:x="http://www.w3.org/1999/xhtml">A prefixed paragraph.</x:p>
      </div>
    </content>
  </entry>
  <entry>
    <title>Issue 13: Summary Only</title>
    <link href="https://harbour.example.org/13-summary-only"/>
    <id>urn:uuid:7d1f0000-0000-4000-8000-000000000013</id>
    <updated>2024-06-10T08:00:00Z</updated>
    <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Only a summary, <em>in XHTML</em>.</p></div></summary>
  </entry>
</feed>
`;

describe("parseFeed: Atom xhtml content", () => {
  const [first, second] = parseFeed({ path: "harbour.atom", bytes: Buffer.from(atom) });

  it("serializes the inner XHTML to HTML, in order, without the wrapping div", () => {
    expect(first?.html).toBe(
      [
        '<p>At slack water the boats <em>wait</em>, and the crew checks <a href="https://harbour.example.org/charts?area=north&amp;scale=2" title="Charts">the charts</a>.</p>',
        "<h2>Two rules</h2>",
        "<ul><li>Lines &lt;doubled&gt; before dusk</li><li>Engines<br>off at the quay</li></ul>",
        '<p><img src="https://harbour.example.org/img/quay.png" alt="The quay at low tide"></p>',
        "<p>A prefixed paragraph.</p>",
      ].join("\n        "),
    );
    expect(first).toMatchObject({ title: "Issue 12: Slack & Tide", subtitle: "Why the quiet water matters" });
  });

  it("reads an xhtml summary when there is no content", () => {
    expect(second?.html).toBe("<p>Only a summary, <em>in XHTML</em>.</p>");
    expect(second?.subtitle).toBeUndefined();
  });

  it("leaves text to store after cleaning, with links and image alt text kept", () => {
    const doc = prepareIssue(first!);
    expect(doc.text).toBe(
      "At slack water the boats wait, and the crew checks the charts.\n\nTwo rules\n\nLines <doubled> before dusk\n\nEngines off at the quay\n\nA prefixed paragraph.",
    );
    expect(doc.html).toContain('alt="The quay at low tide"');
    expect(doc.html).toMatch(
      /<a href="https:\/\/harbour\.example\.org\/charts\?area=north&amp;scale=2" title="Charts"/,
    );
    expect(prepareIssue(second!).text).toBe("Only a summary, in XHTML.");
  });
});

describe("plain-text feed bodies", () => {
  it("makes paragraphs of a plain-text RSS description and an Atom text content", () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Tide Notes</title><link>https://tide.example.org/</link>
      <item><title>Tide Note 4</title><link>https://tide.example.org/4</link><description>Plain words only, no markup: the ebb is slow today.</description></item>
    </channel></rss>`;
    const atomText = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tide</title><id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>
      <entry><title>Tide Note 5</title><id>urn:x:5</id><updated>2024-01-01T00:00:00Z</updated><link href="https://tide.example.org/5"/>
        <content type="text">A text construct: read &lt;as&gt; text, not markup.</content></entry>
      <entry><title>Tide Note 6</title><id>urn:x:6</id><updated>2024-01-01T00:00:00Z</updated><link href="https://tide.example.org/6"/>
        <summary>Only a summary, in plain text.</summary></entry>
    </feed>`;
    const texts = [
      ...parseFeed({ path: "tide.rss", bytes: Buffer.from(rss) }),
      ...parseFeed({ path: "tide.atom", bytes: Buffer.from(atomText) }),
    ].map((parsed) => prepareIssue(parsed).text);
    expect(texts).toEqual([
      "Plain words only, no markup: the ebb is slow today.",
      "A text construct: read <as> text, not markup.",
      "Only a summary, in plain text.",
    ]);
  });
});

describe("quotes and apostrophes in feed text", () => {
  // The re-serialised XHTML escapes them as entities; what is stored after cleaning reads them as written.
  const feed = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tide</title><id>urn:q</id><updated>2024-01-01T00:00:00Z</updated>
    <entry><title>Tide Note 7</title><id>urn:q:7</id><updated>2024-01-01T00:00:00Z</updated><link href="https://tide.example.org/7"/>
      <summary type="text">The crew's "quiet" hour</summary>
      <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>It's "slack" water &amp; the <a href="https://tide.example.org/charts" title="Tide's &quot;turn&quot;">crew's</a> charts.</p></div></content>
    </entry>
  </feed>`;
  const [entry] = parseFeed({ path: "quotes.atom", bytes: Buffer.from(feed) });

  it("keeps them as written in the subtitle, the text and the cleaned HTML", () => {
    expect(entry?.subtitle).toBe(`The crew's "quiet" hour`);
    const doc = prepareIssue(entry!);
    expect(doc.text).toBe(`It's "slack" water & the crew's charts.`);
    expect(doc.html).toContain(`It's "slack" water &amp; the`);
    expect(doc.html).toContain(`title="Tide's &quot;turn&quot;"`);
  });
});
