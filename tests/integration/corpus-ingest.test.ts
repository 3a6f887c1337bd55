import { asc, eq, isNotNull, like } from "drizzle-orm";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { issues } from "@/db/schema";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { CORPUS_DIR, hasCorpus } from "../helpers/corpus";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();

describe.skipIf(!hasCorpus)("corpus: the 2020 book and the email-export issue", () => {
  it("stores the book's 53 issues numbered 1–53 with their titles, without per-section furniture", async () => {
    const summary = await ingestPaths(db(), [path.join(CORPUS_DIR, "tbm2020", "index.html")]);
    expect(summary.counts).toMatchObject({ new: 53, failed: 0 });

    const rows = await db().select().from(issues).where(isNotNull(issues.number)).orderBy(asc(issues.number));
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 53 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set(["TBM"]));
    expect(rows[0]?.title).toBe("The Empty Roadmap");
    expect(rows[6]?.title).toBe("Learning Backlogs");
    // "TMB 40/53" is a typo in the source; the series is the book's.
    expect(rows[39]?.title).toBe("10 Tips for Sustainable Change Agency");
    expect(rows[52]?.title).toBe("Virtuous Improvement Loops");
    // Sub-headings of an issue stay inside it rather than starting new issues.
    expect(rows[17]?.blocks.filter((b) => b.kind === "h2").map((b) => b.text)).toEqual(
      expect.arrayContaining(["Blank Slates", "Walls", "Seedlings", "Freight Trains", "Gardening"]),
    );
    for (const row of rows) {
      expect(row.text).not.toMatch(/Back to Table of Contents|Leave a tip|Direct link to this post/);
      expect(row.text.length).toBeGreaterThan(200);
    }
  });

  it("stores newsletter 125 cleanly: no redirects, tracking attributes, tip lines or tags", async () => {
    const summary = await ingestPaths(db(), [path.join(CORPUS_DIR, "newsletter-125")]);
    expect(summary.counts).toMatchObject({ new: 1, failed: 0 });
    const [row] = await db().select().from(issues).where(eq(issues.number, 125));
    expect(row?.title).toBe("The Product Is The Process");
    for (const field of [row!.text, row!.html]) {
      expect(field).not.toMatch(/substack\.com\/redirect|google\.com\/meips|saferedirecturl|data-bit/);
      expect(field).not.toMatch(/Found this helpful|Leave a tip|Purchase EPUB/i);
    }
    expect(row!.text).not.toMatch(/<\/?[a-z][\w-]*[^<>]*>|\]\(|="/i);
    expect(row!.text).toContain("Consider a team spending weeks");
  });

  it("reports everything unchanged on a second run", async () => {
    const again = await ingestPaths(db(), [path.join(CORPUS_DIR, "tbm2020"), path.join(CORPUS_DIR, "newsletter-125")]);
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 54, failed: 0 });
    const linked = await db().select({ html: issues.html }).from(issues).where(like(issues.html, "%href=\"#%"));
    expect(linked).toEqual([]);
  });
});
