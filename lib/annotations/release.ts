/**
 * A reader leaving: what becomes of their annotations and replies when their
 * account is deleted (lib/auth/accounts.ts).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { annotationReplies, annotations } from "@/db/schema";
import { dropEmptyTombstones, tombstone } from "./write-guards";

/** What becomes of a departing reader's public annotations and replies. */
export type PublicNotesChoice = "remove" | "anonymise";

/**
 * Takes a reader's annotations away before their account is deleted, in the
 * caller's transaction: private ones are deleted; public ones and replies are
 * deleted or kept without an owner ("A former reader"), as they chose. Other
 * readers' replies stay readable either way: a removed annotation they replied
 * to is kept as its passage alone.
 */
export async function releaseUserAnnotations(
  db: Db,
  userId: string,
  choice: PublicNotesChoice,
): Promise<{ removed: number; anonymised: number }> {
  const removedPrivate = await db
    .delete(annotations)
    .where(and(eq(annotations.userId, userId), eq(annotations.visibility, "private")))
    .returning({ id: annotations.id });
  if (choice === "anonymise") {
    const kept = await db
      .update(annotations)
      .set({ userId: null })
      .where(eq(annotations.userId, userId))
      .returning({ id: annotations.id });
    const replies = await db
      .update(annotationReplies)
      .set({ userId: null })
      .where(eq(annotationReplies.userId, userId))
      .returning({ id: annotationReplies.id });
    return { removed: removedPrivate.length, anonymised: kept.length + replies.length };
  }
  const replies = await db
    .delete(annotationReplies)
    .where(eq(annotationReplies.userId, userId))
    .returning({ annotationId: annotationReplies.annotationId });
  const answered = db
    .select({ one: sql`1` })
    .from(annotationReplies)
    .where(eq(annotationReplies.annotationId, annotations.id));
  const kept = await db
    .update(annotations)
    .set(tombstone())
    .where(and(eq(annotations.userId, userId), sql`exists (${answered})`))
    .returning({ id: annotations.id });
  const removed = await db.delete(annotations).where(eq(annotations.userId, userId)).returning({ id: annotations.id });
  // Threads of deleted annotations this reader was the last to reply to.
  await dropEmptyTombstones(db, [...new Set(replies.map((r) => r.annotationId))]);
  return { removed: removedPrivate.length + removed.length + kept.length + replies.length, anonymised: 0 };
}
