/**
 * Writes of annotations, each checked against who is asking: only the owner
 * changes or deletes an annotation; an author may hide or unhide someone's
 * public one. Someone else's private annotation is reported as not found, so
 * its existence doesn't leak either. The passage is always taken from the
 * server's copy of the issue, never trusted from the client.
 */
import { and, eq, inArray, isNotNull, isNull, ne, notExists, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { annotationReplies, annotations, issues, users, type Annotation, type AnnotationReply } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { consumeRateLimit, formatWait, type RateLimit } from "@/lib/api/rate-limit";
import type { CurrentUser } from "@/lib/auth/types";
import { expireTags } from "@/lib/cache/expire";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { anchorTarget } from "./anchor";
import { describeRange } from "./describe";
import { NOTE_MAX_LENGTH, NoteError, findNoteProblem, renderNoteForStorage } from "./note";
import { isUuid } from "./queries";

/** How many annotations (replies included) one reader may create: generous for reading, useless for flooding. */
export const CREATE_LIMITS: RateLimit[] = [
  { max: 20, windowMs: 60_000, per: "minute" },
  { max: 300, windowMs: 24 * 60 * 60_000, per: "day" },
];
/** Note edits re-render Markdown, so they are limited too, more loosely. */
const NOTE_EDIT_LIMITS: RateLimit[] = [{ max: 60, windowMs: 60_000, per: "minute" }];

async function limitWrites(db: Db, key: string, limits: RateLimit[], done: (max: number) => string): Promise<void> {
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
function checkNote(note: string): void {
  const problem = findNoteProblem(note);
  if (problem) throw new ApiError("bad_request", `note: ${problem}`);
}

/** The note rendered once, here; a note that can't be shown is a 400 that says why. */
function renderForStorage(note: string): string {
  try {
    return renderNoteForStorage(note);
  } catch (err) {
    if (err instanceof NoteError) throw new ApiError("bad_request", `note: ${err.message}`);
    throw err;
  }
}

const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40, "Tags are at most 40 characters.")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, "Tags are letters, digits, spaces, dots, dashes and underscores.");

const tagsSchema = z
  .array(tagSchema)
  .max(20, "At most 20 tags.")
  .transform((tags) => [...new Set(tags)]);

export const annotationCreateSchema = z.object({
  issue: z.string().min(1).max(200),
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  /** The text the reader selected, as their page showed it: checked against the issue's current text. */
  exact: z.string().min(1).max(20_000),
  note: z
    .string()
    .max(NOTE_MAX_LENGTH, `Notes are at most ${NOTE_MAX_LENGTH.toLocaleString("en")} characters.`)
    .default(""),
  tags: tagsSchema.default([]),
  visibility: z.enum(["private", "public"]).default("private"),
});

export const annotationUpdateSchema = z
  .object({
    note: z
      .string()
      .max(NOTE_MAX_LENGTH, `Notes are at most ${NOTE_MAX_LENGTH.toLocaleString("en")} characters.`)
      .optional(),
    tags: tagsSchema.optional(),
    visibility: z.enum(["private", "public"]).optional(),
    hidden: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Nothing to change.");

const noteSchema = z
  .string()
  .max(NOTE_MAX_LENGTH, `Notes are at most ${NOTE_MAX_LENGTH.toLocaleString("en")} characters.`);

export const replyCreateSchema = z.object({
  note: noteSchema.refine((v) => v.trim().length > 0, "Write something to reply."),
});

export const replyUpdateSchema = z
  .object({
    note: noteSchema.refine((v) => v.trim().length > 0, "A reply can't be empty; delete it instead.").optional(),
    hidden: z.boolean().optional(),
  })
  .refine((v) => v.note !== undefined || v.hidden !== undefined, "Nothing to change.");

export type AnnotationCreateInput = z.infer<typeof annotationCreateSchema>;
export type AnnotationUpdateInput = z.infer<typeof annotationUpdateSchema>;
export type ReplyCreateInput = z.infer<typeof replyCreateSchema>;
export type ReplyUpdateInput = z.infer<typeof replyUpdateSchema>;

/** Refuses a session whose account was deleted (JWTs aren't revoked): it can't write anything. */
async function assertAccountExists(db: Db, user: CurrentUser): Promise<void> {
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.id, user.id)).limit(1);
  if (!owner) throw new ApiError("unauthorized", "This account no longer exists. Sign in again.");
}

export async function createAnnotation(db: Db, user: CurrentUser, input: AnnotationCreateInput): Promise<Annotation> {
  checkNote(input.note);
  const [issue] = await db
    .select()
    .from(issues)
    .where(and(eq(issues.slug, input.issue), isNull(issues.withdrawnAt)))
    .limit(1);
  if (!issue) throw new ApiError("not_found", `No issue with slug "${input.issue}".`);
  await assertAccountExists(db, user);
  // The reader's page may predate a re-ingest: find their words in today's text, exactly (never fuzzily).
  const found = anchorTarget(
    issue.text,
    { exact: input.exact, prefix: "", suffix: "", start: input.start, end: input.end, blockId: null },
    { allowFuzzy: false },
  );
  const target = found && describeRange(issue.text, issue.blocks, found.start, found.end);
  if (!target) {
    throw new ApiError(
      "conflict",
      "That passage isn't in the current text of the issue. Reload the page and select it again.",
    );
  }
  await limitWrites(db, `annotations:create:${user.id}`, CREATE_LIMITS, (n) => `created ${n} annotations`);
  const noteHtml = renderForStorage(input.note);
  const [row] = await db
    .insert(annotations)
    .values({
      userId: user.id,
      issueId: issue.id,
      revision: issue.revision,
      checkedRevision: issue.revision,
      ...target,
      note: input.note,
      noteHtml,
      tags: input.tags,
      visibility: input.visibility,
    })
    .returning();
  await expireTags([CACHE_TAGS.publicAnnotations(issue.id)]);
  return row!;
}

/** The annotation if `user` may see it; otherwise a 404, the same whether it doesn't exist or is someone's private one. */
async function loadVisible(db: Db, user: CurrentUser, id: string): Promise<Annotation> {
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

/** Whether readers other than the annotation's owner have replied to it. */
async function hasOthersReplies(db: Db, row: Annotation): Promise<boolean> {
  const [found] = await db
    .select({ id: annotationReplies.id })
    .from(annotationReplies)
    .where(
      and(
        eq(annotationReplies.annotationId, row.id),
        row.userId === null
          ? undefined
          : or(isNull(annotationReplies.userId), ne(annotationReplies.userId, row.userId)),
      ),
    )
    .limit(1);
  return !!found;
}

export async function updateAnnotation(
  db: Db,
  user: CurrentUser,
  id: string,
  patch: AnnotationUpdateInput,
): Promise<Annotation> {
  const row = await loadVisible(db, user, id);
  const { hidden, ...own } = patch;
  const ownsIt = row.userId === user.id;
  if (Object.values(own).some((v) => v !== undefined) && !ownsIt) {
    throw new ApiError("forbidden", "Only the reader who made an annotation can change it.");
  }
  if (hidden !== undefined) {
    if (user.role !== "author") throw new ApiError("forbidden", "Only the newsletter's author can hide annotations.");
    if ((own.visibility ?? row.visibility) !== "public")
      throw new ApiError("bad_request", "Only public annotations can be hidden.");
  }
  if (row.deletedAt)
    throw new ApiError("conflict", "This annotation was deleted by its reader; only its replies remain.");
  // The replies belong to the readers who wrote them: a thread can't be made private under them.
  if (own.visibility === "private" && row.visibility === "public" && (await hasOthersReplies(db, row))) {
    throw new ApiError(
      "conflict",
      "Other readers have replied to this annotation, so it stays public. Delete it instead: their replies stay readable.",
    );
  }
  let noteHtml: string | undefined;
  if (own.note !== undefined) {
    checkNote(own.note);
    if (own.note !== row.note)
      await limitWrites(db, `annotations:note:${user.id}`, NOTE_EDIT_LIMITS, (n) => `edited notes ${n} times`);
    noteHtml = renderForStorage(own.note);
  }
  const [updated] = await db
    .update(annotations)
    .set({
      ...(own.note !== undefined && { note: own.note, noteHtml }),
      ...(own.tags !== undefined && { tags: own.tags }),
      ...(own.visibility !== undefined && { visibility: own.visibility }),
      ...(hidden !== undefined && { hiddenByAuthor: hidden }),
      updatedAt: new Date(),
    })
    .where(eq(annotations.id, row.id))
    .returning();
  await expireTags([CACHE_TAGS.publicAnnotations(row.issueId)]);
  return updated!;
}

/**
 * Deletes the owner's annotation. One other readers have replied to is kept as
 * its passage alone, without note, tags or owner, so the replies still read in
 * context; it goes when its last reply does.
 */
export async function deleteAnnotation(db: Db, user: CurrentUser, id: string): Promise<void> {
  const row = await loadVisible(db, user, id);
  if (row.userId !== user.id) throw new ApiError("forbidden", "Only the reader who made an annotation can delete it.");
  await db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from ${annotations} where ${annotations.id} = ${row.id} for update`);
    if (row.visibility === "public" && (await hasOthersReplies(tx, row))) {
      // The owner's own replies in the thread go with their annotation.
      await tx
        .delete(annotationReplies)
        .where(and(eq(annotationReplies.annotationId, row.id), eq(annotationReplies.userId, user.id)));
      await tx.update(annotations).set(tombstone()).where(eq(annotations.id, row.id));
    } else {
      await tx.delete(annotations).where(and(eq(annotations.id, row.id), eq(annotations.userId, user.id)));
    }
  });
  await expireTags([CACHE_TAGS.publicAnnotations(row.issueId)]);
}

function tombstone() {
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
async function dropEmptyTombstones(db: Db, ids?: string[]): Promise<void> {
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

// ---------------------------------------------------------------------------
// Replies

/** The reply if `user` may see it; otherwise a 404, as for annotations. */
async function loadVisibleReply(
  db: Db,
  user: CurrentUser,
  id: string,
): Promise<{ reply: AnnotationReply; parent: Annotation }> {
  const [row] = isUuid(id)
    ? await db.select().from(annotationReplies).where(eq(annotationReplies.id, id)).limit(1)
    : [];
  if (!row) throw new ApiError("not_found", "No such reply.");
  const parent = await loadVisible(db, user, row.annotationId).catch((err: unknown) => {
    throw err instanceof ApiError && err.code === "not_found" ? new ApiError("not_found", "No such reply.") : err;
  });
  if (row.hiddenByAuthor && row.userId !== user.id && user.role !== "author")
    throw new ApiError("not_found", "No such reply.");
  return { reply: row, parent };
}

/** A reply to a public annotation the reader can see; counted with the annotations they create. */
export async function createReply(
  db: Db,
  user: CurrentUser,
  annotationId: string,
  input: ReplyCreateInput,
): Promise<AnnotationReply> {
  checkNote(input.note);
  const parent = await loadVisible(db, user, annotationId);
  if (parent.visibility !== "public")
    throw new ApiError("conflict", "Private annotations can't be replied to. Make it public first.");
  if (parent.deletedAt)
    throw new ApiError("conflict", "This annotation was deleted by its reader, so its thread is closed.");
  if (parent.hiddenByAuthor)
    throw new ApiError("conflict", "The author has hidden this annotation from readers, so it can't be replied to.");
  await assertAccountExists(db, user);
  await limitWrites(db, `annotations:create:${user.id}`, CREATE_LIMITS, (n) => `created ${n} annotations and replies`);
  const noteHtml = renderForStorage(input.note);
  const [row] = await db
    .insert(annotationReplies)
    .values({ annotationId: parent.id, userId: user.id, note: input.note, noteHtml })
    .returning();
  await expireTags([CACHE_TAGS.publicAnnotations(parent.issueId)]);
  return row!;
}

export async function updateReply(
  db: Db,
  user: CurrentUser,
  id: string,
  patch: ReplyUpdateInput,
): Promise<AnnotationReply> {
  const { reply, parent } = await loadVisibleReply(db, user, id);
  if (patch.note !== undefined && reply.userId !== user.id)
    throw new ApiError("forbidden", "Only the reader who wrote a reply can change it.");
  if (patch.hidden !== undefined && user.role !== "author")
    throw new ApiError("forbidden", "Only the newsletter's author can hide replies.");
  let noteHtml: string | undefined;
  if (patch.note !== undefined) {
    checkNote(patch.note);
    if (patch.note !== reply.note)
      await limitWrites(db, `annotations:note:${user.id}`, NOTE_EDIT_LIMITS, (n) => `edited notes ${n} times`);
    noteHtml = renderForStorage(patch.note);
  }
  const [updated] = await db
    .update(annotationReplies)
    .set({
      ...(patch.note !== undefined && { note: patch.note, noteHtml }),
      ...(patch.hidden !== undefined && { hiddenByAuthor: patch.hidden }),
      updatedAt: new Date(),
    })
    .where(eq(annotationReplies.id, reply.id))
    .returning();
  await expireTags([CACHE_TAGS.publicAnnotations(parent.issueId)]);
  return updated!;
}

export async function deleteReply(db: Db, user: CurrentUser, id: string): Promise<void> {
  const { reply, parent } = await loadVisibleReply(db, user, id);
  if (reply.userId !== user.id) throw new ApiError("forbidden", "Only the reader who wrote a reply can delete it.");
  await db.transaction(async (tx) => {
    await tx
      .delete(annotationReplies)
      .where(and(eq(annotationReplies.id, reply.id), eq(annotationReplies.userId, user.id)));
    await dropEmptyTombstones(tx, [reply.annotationId]);
  });
  await expireTags([CACHE_TAGS.publicAnnotations(parent.issueId)]);
}

// ---------------------------------------------------------------------------
// A reader leaving

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
