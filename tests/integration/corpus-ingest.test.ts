import { asc, eq, like } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { issues } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { search } from "@/lib/search";
import { loadDevQuestions, QUESTIONS_FILE, scoreRuns } from "@/scripts/eval-search";
import { CORPUS_DIR, CORPUS_RUN_TIMEOUT, hasCorpus } from "../helpers/corpus";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();

describe.skipIf(!hasCorpus)("corpus: the whole of ../shared/corpus in one run", () => {
  it(
    "stores 288 blog posts, the book's 53 issues and newsletter 125, nothing failing",
    async () => {
      const summary = await ingestPaths(db(), [CORPUS_DIR]);
      expect(summary.counts).toEqual({ new: 342, updated: 0, unchanged: 0, failed: 0 });
      const bySource = (dir: string) =>
        summary.outcomes.filter((o) => o.source.startsWith(path.join(CORPUS_DIR, dir))).length;
      expect([bySource("cutlefish-blog"), bySource("tbm2020"), bySource("newsletter-125")]).toEqual([288, 53, 1]);
    },
    CORPUS_RUN_TIMEOUT,
  );

  it("numbers the book's issues 1–53 with their titles, without per-section furniture", async () => {
    const rows = await db().select().from(issues).where(eq(issues.series, "TBM")).orderBy(asc(issues.number));
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
    const [row] = await db().select().from(issues).where(eq(issues.number, 125));
    expect(row?.title).toBe("The Product Is The Process");
    for (const field of [row!.text, row!.html]) {
      expect(field).not.toMatch(/substack\.com\/redirect|google\.com\/meips|saferedirecturl|data-bit/);
      expect(field).not.toMatch(/Found this helpful|Leave a tip|Purchase EPUB/i);
    }
    expect(row!.text).not.toMatch(/<\/?[a-z][\w-]*[^<>]*>|\]\(|="/i);
    expect(row!.text).toContain("Consider a team spending weeks");
  });

  it(
    "reports everything unchanged on a second run",
    async () => {
      const again = await ingestPaths(db(), [CORPUS_DIR]);
      expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 342, failed: 0 });
      // A post ingested on its own is unchanged too: the publisher's footer that recurs across
      // the blog was learned as boilerplate and is removed from it alone as well.
      const part = await ingestPaths(db(), [
        path.join(CORPUS_DIR, "cutlefish-blog", "2017-03-15-so-why-are-we-going-so-slow---cartoon.md"),
      ]);
      expect(part.counts).toMatchObject({ unchanged: 1 });
      expect(part.outcomes[0]?.removed?.map((r) => r.reason)).toContain("recurring boilerplate");
      const linked = await db().select({ html: issues.html }).from(issues).where(like(issues.html, '%href="#%'));
      expect(linked).toEqual([]);
    },
    CORPUS_RUN_TIMEOUT,
  );
});

/** A little under what `npm run eval:search` reports (README, "Relevance"), so a real regression fails. */
const MIN_DEV_MRR = 0.9;

// The corpus ingested above, searched (one ingest for both: it is the slow part).
describe.skipIf(!hasCorpus)("corpus: search over the whole of ../shared/corpus", () => {
  it.skipIf(!fs.existsSync(QUESTIONS_FILE))(
    `answers the natural dev questions (../shared/eval) with MRR@10 ≥ ${MIN_DEV_MRR}`,
    async () => {
      process.env.MEILI_HOST = "";
      resetEnvCache();
      const cases = await loadDevQuestions(db());
      expect(cases.length).toBeGreaterThanOrEqual(90);
      const runs = [];
      for (const c of cases) {
        const res = await search(db(), { q: c.q, kind: "issue", limit: 10, offset: 0 });
        runs.push({ ranked: res.hits.map((h) => `${h.kind}:${h.slug}`), relevant: c.relevant });
      }
      const metrics = scoreRuns(runs);
      expect(metrics.mrr).toBeGreaterThanOrEqual(MIN_DEV_MRR);
      expect(metrics.r10).toBeGreaterThanOrEqual(0.95);
    },
    120_000,
  );

  it.each([
    ["TBM 21", 21, "TBM 21"],
    ["tbm 7/53", 7, "TBM 7"],
    ["TBM #53", 53, "TBM 53"],
    ["125", 125, "#125"],
    ["#125", 125, "#125"],
    ["issue 125", 125, "#125"],
  ])("finds %s by its number, first", async (q, number, label) => {
    const res = await search(db(), { q, kind: "all", limit: 5, offset: 0 });
    expect(res.hits[0]).toMatchObject({ kind: "issue", number, label });
  });
});
