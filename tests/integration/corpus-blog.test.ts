import { eq, sql } from "drizzle-orm";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { issues } from "@/db/schema";
import { listIssues } from "@/lib/issues/queries";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { CORPUS_DIR, CORPUS_RUN_TIMEOUT, hasCorpus } from "../helpers/corpus";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();

describe.skipIf(!hasCorpus)("corpus: the cutlefish blog (Markdown with frontmatter)", () => {
  it(
    "ingests all 288 posts with titles and dates from frontmatter, and lists them",
    async () => {
      const summary = await ingestPaths(db(), [path.join(CORPUS_DIR, "cutlefish-blog")]);
      expect(summary.counts).toMatchObject({ new: 288, failed: 0 });

      const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(issues);
      expect(row?.n).toBe(288);
      const [post] = await db()
        .select()
        .from(issues)
        .where(eq(issues.slug, "8-trends-shaping-modern-product-management"));
      expect(post?.title).toBe("8 Trends Shaping Modern Product Management");
      expect(post?.publishedAt?.toISOString().slice(0, 10)).toBe("2015-11-17");

      const page = await listIssues(db(), { perPage: 20 });
      expect(page.total).toBe(288);
      expect(page.pageCount).toBe(15);
      expect(page.items[0]?.publishedAt?.getUTCFullYear()).toBe(2017);
      expect(
        (await listIssues(db(), { year: 2015 })).items.every((i) => i.publishedAt?.getUTCFullYear() === 2015),
      ).toBe(true);
    },
    CORPUS_RUN_TIMEOUT,
  );
});
