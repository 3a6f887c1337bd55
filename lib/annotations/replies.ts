/**
 * Replies to public annotations, each write checked against who is asking as
 * annotations are (actions.ts): only the reply's writer changes or deletes it;
 * the author may hide or unhide it.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { annotationReplies, type Annotation, type AnnotationReply } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/auth/types";
import { expireTags } from "@/lib/cache/expire";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { NOTE_MAX_LENGTH } from "./note";
import { isUuid } from "./queries";
import {
  CREATE_LIMITS,
  NOTE_EDIT_LIMITS,
  assertAccountExists,
  checkNote,
  dropEmptyTombstones,
  limitWrites,
  loadVisible,
  renderForStorage,
} from "./write-guards";

const noteSchema = z
  .string()
  .max(NOTE_MAX_LENGTH, `Notes are at most ${NOTE_MAX_LENGTH.toLocaleString("en")} characters.`);

// A reply holds something besides white space: /\S/ is what String.prototype.trim would keep, and as a
// pattern the API's description (lib/api/openapi-annotations.ts) states it too.
export const replyCreateSchema = z.object({
  note: noteSchema.regex(/\S/, "Write something to reply."),
});

export const replyUpdateSchema = z
  .object({
    note: noteSchema.regex(/\S/, "A reply can't be empty; delete it instead.").optional(),
    hidden: z.boolean().optional(),
  })
  .refine((v) => v.note !== undefined || v.hidden !== undefined, "Nothing to change.")
  .meta({ minProperties: 1 });

export type ReplyCreateInput = z.infer<typeof replyCreateSchema>;
export type ReplyUpdateInput = z.infer<typeof replyUpdateSchema>;

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
