/**
 * The ingest history for the admin page. Stand-in with the same signature as
 * `listIngestRuns` in lib/ingest/history.ts (branch `ingest`): once that is
 * merged, import it from there and delete this file.
 */
import { desc } from "drizzle-orm";
import { getDb } from "@/db";
import { ingestRuns } from "@/db/schema";

export type IngestRun = typeof ingestRuns.$inferSelect;

export async function listIngestRuns(limit = 20): Promise<IngestRun[]> {
  return getDb()
    .select()
    .from(ingestRuns)
    .orderBy(desc(ingestRuns.startedAt), desc(ingestRuns.id))
    .limit(Math.max(1, Math.min(limit, 500)));
}
