/** Reads for the author's admin page that no other module offers. */
import "server-only";
import { desc, ilike, or } from "drizzle-orm";
import type { Db } from "@/db";
import { concepts } from "@/db/schema";

/** The concepts the author may curate, most central first, optionally narrowed by name or key. */
export async function listConceptsForCuration(db: Db, options: { q?: string; limit?: number } = {}) {
  const q = options.q?.trim();
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select({
      key: concepts.key,
      name: concepts.name,
      slug: concepts.slug,
      hidden: concepts.hidden,
      mentionCount: concepts.mentionCount,
      issueCount: concepts.issueCount,
    })
    .from(concepts)
    .where(pattern ? or(ilike(concepts.name, pattern), ilike(concepts.key, pattern)) : undefined)
    .orderBy(desc(concepts.score), concepts.name)
    .limit(options.limit ?? 50);
}
