/**
 * The sample issues a newcomer sees on first start, loaded through the author's own ingest
 * path. They are marked as samples, so the first ingest of the author's own issues removes
 * them (lib/ingest/pipeline.ts).
 */
import { inArray, sql } from "drizzle-orm";
import path from "node:path";
import type { Db } from "@/db";
import { issues } from "@/db/schema";
import { ingestPaths, type IngestSummary } from "./pipeline";

export const SAMPLES_DIR = path.join(process.cwd(), "db", "samples");

export async function loadSamplesIfEmpty(db: Db): Promise<IngestSummary | undefined> {
  // Withdrawn issues count: an archive whose issues were all deleted is not a new one.
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(issues);
  if ((row?.n ?? 0) > 0) return undefined;
  const summary = await ingestPaths(db, [SAMPLES_DIR]);
  const ids = summary.outcomes.flatMap((o) => (o.issueId != null ? [o.issueId] : []));
  if (ids.length > 0) await db.update(issues).set({ isSample: true }).where(inArray(issues.id, ids));
  return summary;
}
