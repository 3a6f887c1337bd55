import { eq } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { issueRevisions, issues } from "@/db/schema";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { useTestDatabase } from "../helpers/db";

const fixtures = path.join(__dirname, "..", "fixtures", "markdown");
const { db } = useTestDatabase();

describe("ingest v1 (Markdown)", () => {
  it("stores every Markdown file in a directory, cleaned, with metadata from frontmatter", async () => {
    const summary = await ingestPaths(db(), [fixtures]);
    expect(summary.counts).toEqual({ new: 3, updated: 0, unchanged: 0, failed: 0 });

    const [weekly] = await db().select().from(issues).where(eq(issues.slug, "weekly-review"));
    expect(weekly).toMatchObject({
      title: "The Weekly Review",
      number: 42,
      subtitle: "Thirty minutes that pay for themselves",
      sourceUrl: "https://example.com/notes/weekly-review",
      revision: 1,
    });
    expect(weekly?.publishedAt?.toISOString()).toBe("2023-03-06T00:00:00.000Z");
    expect(weekly?.blocks.map((b) => b.kind)).toEqual(["p", "h2", "li", "li", "li", "p"]);
    expect(weekly?.text).toContain("A weekly review is not a status meeting.");

    const [plain] = await db().select().from(issues).where(eq(issues.slug, "notes-on-slack-and-focus"));
    expect(plain?.title).toBe("Notes on Slack and Focus");
    expect(plain?.html).not.toContain("<h1");

    const [hostile] = await db().select().from(issues).where(eq(issues.number, 43));
    expect(hostile?.html).not.toMatch(/<script|<iframe|onclick|style=|javascript:/i);
    expect(hostile?.text).not.toContain("alert");
    expect(hostile?.html).toContain('alt="A chart of lead time"');
    expect(hostile?.html).toContain('rel="noopener noreferrer"');
  });

  it("reports unchanged issues without writing, and keeps old text as a revision on change", async () => {
    const again = await ingestPaths(db(), [fixtures]);
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 3, failed: 0 });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-"));
    const file = path.join(dir, "weekly.md");
    const original = fs.readFileSync(path.join(fixtures, "2023-03-06-the-weekly-review.md"), "utf8");
    fs.writeFileSync(file, original.replace("three questions.", "three questions and a cup of tea."));

    const dry = await ingestPaths(db(), [file], { dryRun: true });
    expect(dry.outcomes[0]?.status).toBe("updated");
    const [stillOld] = await db().select().from(issues).where(eq(issues.slug, "weekly-review"));
    expect(stillOld?.revision).toBe(1);

    const updated = await ingestPaths(db(), [file]);
    expect(updated.outcomes[0]).toMatchObject({ status: "updated", revision: 2 });
    const [row] = await db().select().from(issues).where(eq(issues.slug, "weekly-review"));
    expect(row?.text).toContain("a cup of tea");
    const revisions = await db().select().from(issueRevisions).where(eq(issueRevisions.issueId, row!.id));
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
    expect(revisions.find((r) => r.revision === 1)?.text).not.toContain("a cup of tea");
  });

  it("reports a missing path and an empty file as failures and still ingests the rest", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-"));
    fs.writeFileSync(path.join(dir, "empty.md"), "");
    fs.writeFileSync(path.join(dir, "fine.md"), "# A Fine Issue\n\nIt has words.\n");
    const summary = await ingestPaths(db(), [dir, path.join(dir, "missing.md")]);
    expect(summary.counts).toMatchObject({ new: 1, failed: 2 });
    expect(summary.outcomes.find((o) => o.source.endsWith("empty.md"))?.error).toBe("file is empty");
    expect(summary.outcomes.find((o) => o.source.endsWith("missing.md"))?.error).toBe("no such file or directory");
  });
});
