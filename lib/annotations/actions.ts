/**
 * Writes of annotations, each checked against who is asking: only the owner
 * changes or deletes an annotation; an author may hide or unhide someone's
 * public one. Someone else's private annotation is reported as not found, so
 * its existence doesn't leak either. The passage is always taken from the
 * server's copy of the issue, never trusted from the client.
 */
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { annotations, issues, users, type Annotation } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { consumeRateLimit, formatWait, type RateLimit } from "@/lib/api/rate-limit";
import type { CurrentUser } from "@/lib/auth/session";
import { expireTags } from "@/lib/cache/expire";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { anchorTarget } from "./anchor";
import { describeRange } from "./describe";
import { NOTE_MAX_LENGTH, NoteError, findNoteProblem, renderNoteForStorage } from "./note";
import { isUuid } from "./queries";

/** How many annotations one reader may create: generous for reading, useless for flooding. */
export const CREATE_LIMITS: RateLimit[] = [
  { max: 20, windowMs: 60_000, per: "minute" },
  { max: 300, windowMs: 24 * 60 * 60_000, per: "day" },
];
/** Note edits re-render Markdown, so they are limited too, more loosely. */
export const NOTE_EDIT_LIMITS: RateLimit[] = [{ max: 60, windowMs: 60_000, per: "minute" }];

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
  note: z.string().max(NOTE_MAX_LENGTH, `Notes are at most ${NOTE_MAX_LENGTH.toLocaleString("en")} characters.`).default(""),
  tags: tagsSchema.default([]),
  visibility: z.enum(["private", "public"]).default("private"),
});

export const annotationUpdateSchema = z
  .object({
    note: z.string().max(NOTE_MAX_LENGTH, `Notes are at most ${NOTE_MAX_LENGTH.toLocaleString("en")} characters.`).optional(),
    tags: tagsSchema.optional(),
    visibility: z.enum(["private", "public"]).optional(),
    hidden: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Nothing to change.");

export type AnnotationCreateInput = z.infer<typeof annotationCreateSchema>;
export type AnnotationUpdateInput = z.infer<typeof annotationUpdateSchema>;

export async function createAnnotation(db: Db, user: CurrentUser, input: AnnotationCreateInput): Promise<Annotation> {
  checkNote(input.note);
  const [issue] = await db.select().from(issues).where(and(eq(issues.slug, input.issue), isNull(issues.withdrawnAt))).limit(1);
  if (!issue) throw new ApiError("not_found", `No issue with slug "${input.issue}".`);
  // A session outlives a deleted account (JWTs aren't revoked): say so instead of failing on the foreign key.
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.id, user.id)).limit(1);
  if (!owner) throw new ApiError("unauthorized", "This account no longer exists. Sign in again.");
  // The reader's page may predate a re-ingest: find their words in today's text, exactly (never fuzzily).
  const found = anchorTarget(issue.text, { exact: input.exact, prefix: "", suffix: "", start: input.start, end: input.end, blockId: null }, { allowFuzzy: false });
  const target = found && describeRange(issue.text, issue.blocks, found.start, found.end);
  if (!target) {
    throw new ApiError("conflict", "That passage isn't in the current text of the issue. Reload the page and select it again.");
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
  const visible = row && (row.userId === user.id || (row.visibility === "public" && (!row.hiddenByAuthor || user.role === "author")));
  if (!row || !visible) throw new ApiError("not_found", "No such annotation.");
  return row;
}

export async function updateAnnotation(db: Db, user: CurrentUser, id: string, patch: AnnotationUpdateInput): Promise<Annotation> {
  const row = await loadVisible(db, user, id);
  const { hidden, ...own } = patch;
  const ownsIt = row.userId === user.id;
  if (Object.values(own).some((v) => v !== undefined) && !ownsIt) {
    throw new ApiError("forbidden", "Only the reader who made an annotation can change it.");
  }
  if (hidden !== undefined) {
    if (user.role !== "author") throw new ApiError("forbidden", "Only the newsletter's author can hide annotations.");
    if ((own.visibility ?? row.visibility) !== "public") throw new ApiError("bad_request", "Only public annotations can be hidden.");
  }
  let noteHtml: string | undefined;
  if (own.note !== undefined) {
    checkNote(own.note);
    if (own.note !== row.note) await limitWrites(db, `annotations:note:${user.id}`, NOTE_EDIT_LIMITS, (n) => `edited notes ${n} times`);
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

export async function deleteAnnotation(db: Db, user: CurrentUser, id: string): Promise<void> {
  const row = await loadVisible(db, user, id);
  if (row.userId !== user.id) throw new ApiError("forbidden", "Only the reader who made an annotation can delete it.");
  await db.delete(annotations).where(and(eq(annotations.id, row.id), eq(annotations.userId, user.id)));
  await expireTags([CACHE_TAGS.publicAnnotations(row.issueId)]);
}
