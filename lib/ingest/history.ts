/** The record of ingest runs, for the author's admin page. */
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { ingestRuns } from "@/db/schema";
import type { IngestOutcome } from "./types";

export type IngestRun = typeof ingestRuns.$inferSelect;

/** Recorded before any issue is written, so a run killed midway still shows (unfinished). */
export async function startIngestRun(db: Db, inputs: string[]): Promise<number> {
  const [row] = await db.insert(ingestRuns).values({ inputs }).returning({ id: ingestRuns.id });
  if (!row) throw new Error("could not record the ingest run");
  return row.id;
}

export async function finishIngestRun(db: Db, id: number, outcomes: IngestOutcome[], error?: string): Promise<void> {
  const counts: Record<string, number> = { new: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
  // Unchanged issues are only counted: a re-run of the back catalogue shouldn't store 400 lines saying so.
  const details = outcomes
    .filter((o) => o.status !== "unchanged")
    .map((o) => ({
      status: o.status,
      source: o.source,
      ...(o.slug ? { slug: o.slug } : {}),
      ...(o.error ? { error: o.error } : {}),
    }));
  await db
    .update(ingestRuns)
    .set({ finishedAt: new Date(), counts, details, error: error ?? null })
    .where(eq(ingestRuns.id, id));
}

/** The most recent runs first; `finishedAt` null means the run was interrupted (or is still going). */
export async function listIngestRuns(db: Db, limit = 20): Promise<IngestRun[]> {
  return db
    .select()
    .from(ingestRuns)
    .orderBy(desc(ingestRuns.startedAt), desc(ingestRuns.id))
    .limit(Math.max(1, Math.min(limit, 500)));
}
