/**
 * What the annotation and reply writes share (actions.ts, replies.ts,
 * release.ts): the rate limits on creating and editing, the note's checks and
 * rendering, the account and visibility checks, and the deleted annotation
 * kept for its replies (a "tombstone").
 */
import { and, eq, inArray, isNotNull, notExists, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { annotationReplies, annotations, issues, users, type Annotation } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { consumeRateLimit, formatWait, type RateLimit } from "@/lib/api/rate-limit";
import type { CurrentUser } from "@/lib/auth/types";
import { NoteError, findNoteProblem, renderNoteForStorage } from "./note";
import { isUuid } from "./queries";

/** How many annotations (replies included) one reader may create: generous for reading, useless for flooding. */
export const CREATE_LIMITS: RateLimit[] = [
  { max: 20, windowMs: 60_000, per: "minute" },
  { max: 300, windowMs: 24 * 60 * 60_000, per: "day" },
];
/** Note edits re-render Markdown, so they are limited too, more loosely. */
export const NOTE_EDIT_LIMITS: RateLimit[] = [{ max: 60, windowMs: 60_000, per: "minute" }];

export async function limitWrites(
  db: Db,
  key: string,
  limits: RateLimit[],
  done: (max: number) => string,
): Promise<void> {
  const result = await consumeRateLimit(db, key, limits);
  if (result.ok) return;
  const { limit, retryAfterSeconds } = result;
  throw new ApiError(
    "rate_limited",
    `You have ${done(limit.max)} in the last ${limit.per}, the most allowed. Try again in ${formatWait(retryAfterSeconds)}.`,
    retryAfterSeconds,
  );
}

/** The cheap checks of a note, before anything is counted or rendered. */
export function checkNote(note: string): void {
  const problem = findNoteProblem(note);
  if (problem) throw new ApiError("bad_request", `note: ${problem}`);
}

/** The note rendered once, here; a note that can't be shown is a 400 that says why. */
export function renderForStorage(note: string): string {
  try {
    return renderNoteForStorage(note);
  } catch (err) {
    if (err instanceof NoteError) throw new ApiError("bad_request", `note: ${err.message}`);
    throw err;
  }
}

/** Refuses a session whose account was deleted (JWTs aren't revoked): it can't write anything. */
export async function assertAccountExists(db: Db, user: CurrentUser): Promise<void> {
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.id, user.id)).limit(1);
  if (!owner) throw new ApiError("unauthorized", "This account no longer exists. Sign in again.");
}

/** The annotation if `user` may see it; otherwise a 404, the same whether it doesn't exist or is someone's private one. */
export async function loadVisible(db: Db, user: CurrentUser, id: string): Promise<Annotation> {
  const [row] = isUuid(id) ? await db.select().from(annotations).where(eq(annotations.id, id)).limit(1) : [];
  const visible =
    row && (row.userId === user.id || (row.visibility === "public" && (!row.hiddenByAuthor || user.role === "author")));
  if (!row || !visible) throw new ApiError("not_found", "No such annotation.");
  if (row.userId !== user.id && row.visibility === "public") {
    // Public annotations on a withdrawn issue are their owners' alone.
    const [issue] = await db
      .select({ withdrawnAt: issues.withdrawnAt })
      .from(issues)
      .where(eq(issues.id, row.issueId))
      .limit(1);
    if (issue?.withdrawnAt) throw new ApiError("not_found", "No such annotation.");
  }
  return row;
}

export function tombstone() {
  return {
    userId: null,
    deletedAt: new Date(),
    note: "",
    noteHtml: "",
    tags: [],
    hiddenByAuthor: false,
    updatedAt: new Date(),
  };
}

/** Deleted annotations kept for their replies, once no reply is left. */
export async function dropEmptyTombstones(db: Db, ids?: string[]): Promise<void> {
  await db
    .delete(annotations)
    .where(
      and(
        isNotNull(annotations.deletedAt),
        ids ? inArray(annotations.id, ids) : undefined,
        notExists(
          db.select({ one: sql`1` }).from(annotationReplies).where(eq(annotationReplies.annotationId, annotations.id)),
        ),
      ),
    );
}
