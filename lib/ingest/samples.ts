/** The sample issues a newcomer sees on first start, loaded through the author's own ingest path. */
import { sql } from "drizzle-orm";
import path from "node:path";
import type { Db } from "@/db";
import { issues } from "@/db/schema";
import { ingestPaths, type IngestSummary } from "./pipeline";

export const SAMPLES_DIR = path.join(process.cwd(), "db", "samples");

export async function loadSamplesIfEmpty(db: Db): Promise<IngestSummary | undefined> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(issues);
  if ((row?.n ?? 0) > 0) return undefined;
  return ingestPaths(db, [SAMPLES_DIR]);
}
