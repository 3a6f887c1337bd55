/**
 * Recurring boilerplate as the author sees it: what a run learned is in its
 * summary, and a block wrongly taken for boilerplate can be kept as writing,
 * which puts it back in the issues and stops it being learned again.
 */
import { eq, sql } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestBoilerplate, ingestRuns, issues } from "@/db/schema";
import { BoilerplateKeepError } from "@/lib/ingest/boilerplate";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();

const motto = "Every log ends where the tide turns, and every reader knows which way it turned.";

function logbook(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-motto-"));
  for (let i = 1; i <= 3; i += 1) {
    fs.writeFileSync(
      path.join(dir, `log-${i}.md`),
      `# Tide Log ${i}\n\nEntry ${i} records a crossing of ${i * 3} miles.\n\n${motto}\n`,
    );
  }
  return dir;
}

async function textOf(slug: string): Promise<string> {
  const [row] = await db().select({ text: issues.text }).from(issues).where(eq(issues.slug, slug));
  return row?.text ?? "";
}

describe("ingest: learned boilerplate the author can see and undo", () => {
  it("reports what it learned, keeps it as writing on request, and never learns it again", async () => {
    const dir = logbook();
    const first = await ingestPaths(db(), [dir]);
    expect(first.learnedBoilerplate).toEqual([{ text: motto, issues: 3 }]);
    expect(await textOf("tide-log-2")).not.toContain("tide turns");

    // A prefix that matches nothing stops the run before it starts: no run recorded, nothing kept.
    const runs = (await db().select().from(ingestRuns)).length;
    await expect(ingestPaths(db(), [dir], { keepBoilerplate: ["Every voyage"] })).rejects.toThrow(BoilerplateKeepError);
    expect((await db().select().from(ingestRuns)).length).toBe(runs);

    // A dry run says what would be kept and changes nothing.
    const dry = await ingestPaths(db(), [dir], { keepBoilerplate: ["every LOG ends"], dryRun: true });
    expect(dry.keptBoilerplate).toEqual([motto]);
    expect(dry.counts).toMatchObject({ updated: 3 });
    const [learned] = await db().select().from(ingestBoilerplate).where(eq(ingestBoilerplate.text, motto));
    expect(learned?.kept).toBe(false);

    const kept = await ingestPaths(db(), [dir], { keepBoilerplate: ["every LOG ends"] });
    expect(kept.keptBoilerplate).toEqual([motto]);
    expect(kept.counts).toMatchObject({ updated: 3, failed: 0 });
    expect(kept.learnedBoilerplate).toEqual([]);
    expect(await textOf("tide-log-2")).toContain(motto);

    const again = await ingestPaths(db(), [dir]);
    expect(again.counts).toMatchObject({ unchanged: 3 });
    expect(again.learnedBoilerplate).toEqual([]);
    const [{ n } = { n: 0 }] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from ingest_boilerplate where kept`,
    );
    expect(n).toBe(1);
  });
});
