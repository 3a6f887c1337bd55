import { eq } from "drizzle-orm";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestBoilerplate, issueRevisions, issues, type Issue } from "@/db/schema";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { useTestDatabase } from "../helpers/db";

const fixtures = path.join(__dirname, "..", "fixtures", "ingest");
const { db } = useTestDatabase();

async function issueBySlug(slug: string): Promise<Issue> {
  const [row] = await db().select().from(issues).where(eq(issues.slug, slug));
  if (!row) throw new Error(`no issue ${slug}`);
  return row;
}

/** No literal tag, attribute tail or broken link syntax may survive into the plain text. */
function expectCleanText(text: string): void {
  expect(text).not.toMatch(/<\/?[a-z][\w-]*[^<>]*>|="|\]\(/i);
}

describe("ingest: every input format", () => {
  it("Markdown with frontmatter, and with only a numbered heading", async () => {
    const summary = await ingestPaths(db(), [path.join(fixtures, "markdown")]);
    expect(summary.counts).toEqual({ new: 2, updated: 0, unchanged: 0, failed: 0 });
    const bets = await issueBySlug("small-bets-weekly");
    expect(bets).toMatchObject({
      title: "Small Bets, Weekly",
      subtitle: "Why the smallest useful experiment wins",
      number: 31,
      sourceUrl: "https://letters.example.org/p/small-bets-weekly",
    });
    expect(bets.publishedAt?.toISOString()).toBe("2024-01-08T00:00:00.000Z");
    expect(bets.blocks.map((b) => b.kind)).toEqual(["p", "h2", "li", "li", "li", "p"]);
    const plain = await issueBySlug("the-review-nobody-reads");
    expect(plain).toMatchObject({ title: "The Review Nobody Reads", number: 32 });
  });

  it("Markdown from an email export: links repaired or unwrapped, trackers and tip lines gone", async () => {
    const summary = await ingestPaths(db(), [path.join(fixtures, "email-export")]);
    expect(summary.counts).toMatchObject({ new: 1, failed: 0 });
    const row = await issueBySlug("field-notes");
    expect(row).toMatchObject({ title: "Field Notes", number: 7 });
    expectCleanText(row.text);
    for (const field of [row.text, row.html]) {
      expect(field).not.toMatch(
        /substack\.com\/redirect|google\.com\/url|saferedirecturl|data-bit|Found this helpful|Leave a tip|Purchase the PDF/,
      );
    }
    // The heading missing its "[" becomes a link; the mid-sentence one keeps its words only.
    expect(row.html).toMatch(
      /<h2[^>]*><a href="https:\/\/fieldnotes\.example\.org\/archive\/#capacity"[^>]*>A Note on Capacity<\/a><\/h2>/,
    );
    expect(row.text).toContain("Watch a team argue for a week over a spreadsheet");
    // A Google redirect is unwrapped to its destination, without the utm_ parameters.
    expect(row.html).toContain('href="https://guides.example.org/planning-checklist"');
    // An opaque tracker is dropped, its words kept.
    expect(row.text).toContain("keep the old version for comparison");
    expect(row.text).toContain("Teams that plan well plan less often.");
    // Indented list items are text, not code.
    expect(row.html).not.toContain("<pre");
    expect(row.text).toContain("Start from the decision the plan is meant to inform");
    expect(row.html).not.toContain("capacity-chart");
  });

  it("a saved web page: metadata from the page, chrome and scripts gone, relative URLs resolved", async () => {
    const summary = await ingestPaths(db(), [path.join(fixtures, "html", "saved-post.html")]);
    expect(summary.counts).toMatchObject({ new: 1, failed: 0 });
    const row = await issueBySlug("decision-records-that-people-read");
    expect(row).toMatchObject({
      title: "Decision Records That People Read",
      subtitle: "Short, dated, and linked from where the work happens",
      sourceUrl: "https://letters.example.org/p/decision-records",
    });
    expect(row.publishedAt?.toISOString()).toBe("2023-09-14T08:00:00.000Z");
    expect(row.html).not.toMatch(/<script|<style|<iframe|<nav|onclick|style=|Archive|Unsubscribe/i);
    expect(row.html).toContain('src="https://letters.example.org/img/record.png"');
    expect(row.html).toContain('alt="A one-page decision record"');
    expect(row.html).toContain('href="https://letters.example.org/p/linking-records"');
    expect(row.blocks[0]?.text).toMatch(/^A decision record is only useful/);
  });

  it("an email's HTML: layout tables unwrapped, tracking links and pixels dropped, footer removed", async () => {
    await ingestPaths(db(), [path.join(fixtures, "html", "email.html")]);
    const row = await issueBySlug("meetings-with-an-exit");
    expect(row).toMatchObject({ title: "Meetings With an Exit", number: 12 });
    expect(row.html).not.toMatch(/<table|<td|list-manage|open\.php|width="1"/);
    expect(row.text).not.toMatch(/View this email|Unsubscribe|Update your preferences/);
    expect(row.html).toContain('href="https://handbook.example.com/meetings"');
    expect(row.text).toContain("The results write-up has the details");
    expect(row.blocks.map((b) => b.kind)).toEqual(["p", "p"]);
  });

  it("a multi-issue book: one issue per numbered heading, cross-references become issue links", async () => {
    const summary = await ingestPaths(db(), [path.join(fixtures, "book")]);
    expect(summary.counts).toEqual({ new: 4, updated: 0, unchanged: 0, failed: 0 });
    const rows = await db().select().from(issues).where(eq(issues.series, "CL"));
    expect(rows.map((r) => [r.number, r.title]).sort()).toEqual([
      [1, "The Quiet Backlog"],
      [2, "Two Kinds of Urgent"],
      [3, "The Map and the Route"],
      [4, "Ending Well"],
    ]);
    const second = await issueBySlug("cl-2-two-kinds-of-urgent");
    expect(second.blocks.map((b) => b.text)).toContain("Calendar urgency");
    expect(second.html).toContain('href="/issues/cl-1-the-quiet-backlog"');
    for (const row of rows) expect(row.text).not.toMatch(/Back to top|Contents|Four letters/);
    // The image has no address to resolve against: it's dropped rather than left broken.
    expect((await issueBySlug("cl-3-the-map-and-the-route")).html).not.toContain("images/map.png");
  });

  it("RSS and Atom feeds: one issue per item, full content preferred, item failures reported", async () => {
    const summary = await ingestPaths(db(), [path.join(fixtures, "feed")]);
    expect(summary.counts).toMatchObject({ new: 4, failed: 1 });
    expect(summary.outcomes.find((o) => o.status === "failed")).toMatchObject({
      source: expect.stringContaining("rss.xml (item 3"),
      error: "item has no title",
    });
    const slack = await issueBySlug("working-notes-41-slack-is-a-feature");
    expect(slack).toMatchObject({
      title: "Slack Is a Feature",
      number: 41,
      series: "Working Notes",
      subtitle: "Idle time is where improvement happens",
      sourceUrl: "https://notes.example.com/p/slack-is-a-feature",
    });
    expect(slack.publishedAt?.toISOString()).toBe("2023-03-06T09:00:00.000Z");
    expect(slack.html).not.toContain("<script");
    expect(slack.html).toContain('href="https://notes.example.com/p/utilisation-trap"');
    const bet = await issueBySlug("working-notes-42-naming-the-bet");
    expect(bet.text).toBe("Every initiative is a bet. Saying so out loud changes how people talk about it.");
    const goals = await issueBySlug("fewer-better-goals");
    expect(goals).toMatchObject({
      number: 5,
      title: "Fewer, Better Goals",
      sourceUrl: "https://margin.example.net/2023/fewer-better-goals",
    });
    expect(goals.publishedAt?.toISOString()).toBe("2023-05-02T10:00:00.000Z");
    expect((await issueBySlug("saying-no-kindly")).publishedAt?.toISOString()).toBe("2023-05-09T10:00:00.000Z");
  });

  it("a Substack export folder: published posts only, dates and titles from posts.csv", async () => {
    const summary = await ingestPaths(db(), [path.join(fixtures, "substack-export")]);
    expect(summary.counts).toMatchObject({ new: 2, failed: 1 });
    expect(summary.outcomes.find((o) => o.status === "failed")?.error).toBe(
      "posts/104.missing-body.html is missing from the export",
    );
    const feedback = await issueBySlug("first-principles-of-feedback");
    expect(feedback).toMatchObject({
      title: "First Principles of Feedback",
      subtitle: "Specific, soon, and about the work",
    });
    expect(feedback.publishedAt?.toISOString()).toBe("2022-02-01T12:00:00.000Z");
    expect(feedback.html).not.toContain("substack.com/redirect");
    const oneOnOne = await issueBySlug("the-weekly-one-on-one");
    expect(oneOnOne.title).toBe("The Weekly One-on-One, Revisited");
    expect(await db().select().from(issues).where(eq(issues.slug, "draft-not-ready"))).toEqual([]);
  });

  it("the same export as a .zip is the same issues: unchanged", async () => {
    const summary = await ingestPaths(db(), [path.join(fixtures, "substack-zip", "export.zip")]);
    expect(summary.counts).toMatchObject({ new: 0, updated: 0, unchanged: 2, failed: 1 });
  });

  describe("a feed by URL", () => {
    let server: http.Server;
    let base = "";
    const feed = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Served Notes</title><link>http://served.example/</link>
<item><title>Served Notes #77: Over the Wire</title><link>http://served.example/p/over-the-wire</link>
<pubDate>Tue, 04 Apr 2023 07:30:00 GMT</pubDate><description>&lt;p&gt;Fetched from a local server, never the internet.&lt;/p&gt;</description></item>
</channel></rss>`;
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        if (req.url === "/feed") res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" }).end(feed);
        else res.writeHead(404).end("not found");
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("fetches and ingests it; a 404 is a failure naming the URL", async () => {
      const summary = await ingestPaths(db(), [`${base}/feed`, `${base}/missing`]);
      expect(summary.counts).toEqual({ new: 1, updated: 0, unchanged: 0, failed: 1 });
      expect(summary.outcomes.find((o) => o.status === "failed")).toMatchObject({
        source: `${base}/missing`,
        error: "fetch failed: HTTP 404 Not Found",
      });
      const row = await issueBySlug("served-notes-77-over-the-wire");
      expect(row).toMatchObject({
        number: 77,
        title: "Over the Wire",
        sourceUrl: "http://served.example/p/over-the-wire",
      });
      expect(row.text).toBe("Fetched from a local server, never the internet.");
    });
  });
});

describe("ingest: mixed inputs, globs and boilerplate learning", () => {
  it("takes globs and remembers recurring boilerplate for later single-issue runs", async () => {
    const { default: os } = await import("node:os");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-recurring-"));
    const footer = "Thanks for reading Margin Notes. Reply to this email and tell me what you would change.";
    for (let i = 1; i <= 4; i += 1) {
      fs.writeFileSync(
        path.join(dir, `note-${i}.md`),
        `# Margin Note ${i} on Habits\n\nHabit number ${i} is worth keeping for reason ${i * 7}.\n\n${footer}\n`,
      );
    }
    const summary = await ingestPaths(db(), [path.join(dir, "note-*.md")]);
    expect(summary.counts).toMatchObject({ new: 4, failed: 0 });
    expect(summary.outcomes[0]?.removed).toEqual(
      expect.arrayContaining([{ reason: "recurring boilerplate", text: footer }]),
    );
    const learned = await db().select().from(ingestBoilerplate);
    expect(learned.map((l) => l.text)).toContain(footer);
    for (const slug of ["margin-note-1-on-habits", "margin-note-4-on-habits"])
      expect((await issueBySlug(slug)).text).not.toContain("Thanks for reading");

    // A fifth note, ingested on its own, loses the footer too.
    const fifth = path.join(dir, "note-5.md");
    fs.writeFileSync(fifth, `# Margin Note 5 on Habits\n\nHabit number 5 is worth keeping.\n\n${footer}\n`);
    await ingestPaths(db(), [fifth]);
    expect((await issueBySlug("margin-note-5-on-habits")).text).toBe("Habit number 5 is worth keeping.");
    // And re-ingesting one of the first four alone changes nothing.
    const again = await ingestPaths(db(), [path.join(dir, "note-2.md")]);
    expect(again.counts).toMatchObject({ unchanged: 1 });
  });

  it("takes a footer out of issues stored before it was recognised as recurring, without extra revisions", async () => {
    const { default: os } = await import("node:os");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-late-"));
    const footer = "From the second half of the year on, every letter ends with this sentence.";
    for (let i = 1; i <= 10; i += 1) {
      const body = `# Late Letter ${i}\n\nLetter ${i} talks about thing number ${i * 11}.\n${i >= 6 ? `\n${footer}\n` : ""}`;
      fs.writeFileSync(path.join(dir, `letter-${String(i).padStart(2, "0")}.md`), body);
    }
    // Chunks of two: the footer reaches three issues only in the fourth chunk, after letter 6 was stored.
    const summary = await ingestPaths(db(), [dir], { chunkSize: 2 });
    expect(summary.counts).toMatchObject({ new: 10, failed: 0 });
    for (let i = 1; i <= 10; i += 1) {
      const row = await issueBySlug(`late-letter-${i}`);
      expect(row.text).toBe(`Letter ${i} talks about thing number ${i * 11}.`);
      expect(row.revision).toBe(1);
    }
    const letter6 = await issueBySlug("late-letter-6");
    const revisions = await db().select().from(issueRevisions).where(eq(issueRevisions.issueId, letter6.id));
    expect(revisions.map((r) => [r.revision, r.text])).toEqual([[1, "Letter 6 talks about thing number 66."]]);
    expect(summary.outcomes.find((o) => o.slug === "late-letter-6")?.removed).toEqual([
      { reason: "recurring boilerplate", text: footer },
    ]);

    const again = await ingestPaths(db(), [dir], { chunkSize: 2 });
    expect(again.counts).toMatchObject({ unchanged: 10 });
  });

  it("takes the author's own boilerplate phrases", async () => {
    const { default: os } = await import("node:os");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-phrase-"));
    fs.writeFileSync(
      path.join(dir, "signed.md"),
      "# Signed Off\n\nThe actual point of the letter.\n\nUntil next Tuesday — J.\n",
    );
    const summary = await ingestPaths(db(), [dir], { boilerplatePatterns: [/until next \w+day\b/gi, /\bJ\./g] });
    expect(summary.outcomes[0]?.removed).toEqual([{ reason: "boilerplate phrase", text: "Until next Tuesday — J." }]);
    expect((await issueBySlug("signed-off")).text).toBe("The actual point of the letter.");
  });
});

describe("ingest: a folder of every format at once", () => {
  it("detects each file's format and reports each bad one, in one run", async () => {
    const summary = await ingestPaths(db(), [fixtures]);
    // The good fixtures were stored by the tests above (unchanged now), except the duplicate-slug
    // folder's; what fails is the bad inputs, the feed's untitled item, the export's missing
    // body (in the folder and in the zip) and the second claim on a slug.
    expect(summary.counts).toMatchObject({ new: 2, updated: 0, failed: 12 });
    expect(
      summary.outcomes
        .filter((o) => o.status === "new")
        .map((o) => o.slug)
        .sort(),
    ).toEqual(["an-innocent-bystander", "shared-slug"]);
    expect(
      summary.outcomes
        .filter((o) => o.status === "failed")
        .map((o) => path.relative(fixtures, o.source.split(" (")[0]!))
        .sort(),
    ).toEqual([
      "bad/binary.md",
      "bad/colon-title.md",
      "bad/empty.md",
      "bad/latin1.md",
      "bad/malformed-csv-export",
      "bad/malformed.xml",
      "bad/not-an-export.zip",
      "bad/truncated.html",
      "duplicate-slug/b-second-claim.md",
      "feed/rss.xml",
      "substack-export",
      "substack-zip/export.zip",
    ]);
  });
});

describe("ingest: UTF-16 files with a byte order mark", () => {
  it("reads them as text: a Markdown issue (little-endian) and an Atom feed (big-endian)", async () => {
    const { default: os } = await import("node:os");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-utf16-"));
    const md =
      "---\ntitle: Tide Tables\nnumber: 3\n---\n\nNeap tides have “small” ranges, about ½ of the spring range.\n";
    fs.writeFileSync(
      path.join(dir, "tide-tables.md"),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(md, "utf16le")]),
    );
    const atom = [
      '<?xml version="1.0" encoding="UTF-16"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour</title><link href="https://harbour.example.org/"/>',
      '<entry><title>Slack Water</title><link href="https://harbour.example.org/slack-water"/><updated>2024-06-03T08:00:00Z</updated>',
      '<content type="html">&lt;p&gt;The boats wait for the turn — quietly.&lt;/p&gt;</content></entry></feed>',
    ].join("\n");
    fs.writeFileSync(
      path.join(dir, "harbour.atom"),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(atom, "utf16le").swap16()]),
    );

    const summary = await ingestPaths(db(), [dir]);
    expect(summary.outcomes.filter((o) => o.status === "failed")).toEqual([]);
    expect(summary.counts).toMatchObject({ new: 2, failed: 0 });
    const tides = await issueBySlug("tide-tables");
    expect(tides).toMatchObject({ title: "Tide Tables", number: 3 });
    expect(tides.text).toBe("Neap tides have “small” ranges, about ½ of the spring range.");
    expect((await issueBySlug("slack-water")).text).toBe("The boats wait for the turn — quietly.");
  });
});
