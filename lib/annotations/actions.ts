/**
 * Writes of annotations, each checked against who is asking: only the owner
 * changes or deletes an annotation; an author may hide or unhide someone's
 * public one. Someone else's private annotation is reported as not found, so
 * its existence doesn't leak either. The passage is always taken from the
 * server's copy of the issue, never trusted from the client.
 *
 * Replies are written in replies.ts, a departing reader's annotations released
 * in release.ts; what they share is in write-guards.ts.
 */
import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { annotationReplies, annotations, issues, type Annotation } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/auth/types";
import { expireTags } from "@/lib/cache/expire";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { anchorTarget } from "./anchor";
import { describeRange } from "./describe";
import { NOTE_MAX_LENGTH } from "./note";
import {
  CREATE_LIMITS,
  NOTE_EDIT_LIMITS,
  assertAccountExists,
  checkNote,
  limitWrites,
  loadVisible,
  renderForStorage,
  tombstone,
} from "./write-guards";

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
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Nothing to change.")
  // The refinement above as the API's description can say it (z.toJSONSchema can't carry a refinement).
  .meta({ minProperties: 1 });

export type AnnotationCreateInput = z.infer<typeof annotationCreateSchema>;
export type AnnotationUpdateInput = z.infer<typeof annotationUpdateSchema>;

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
