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
import type { CurrentUser } from "@/lib/auth/session";
import { anchorTarget } from "./anchor";
import { describeRange } from "./describe";
import { NOTE_MAX_LENGTH } from "./note";
import { isUuid } from "./queries";

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
  note: z.string().max(NOTE_MAX_LENGTH).default(""),
  tags: tagsSchema.default([]),
  visibility: z.enum(["private", "public"]).default("private"),
});

export const annotationUpdateSchema = z
  .object({
    note: z.string().max(NOTE_MAX_LENGTH).optional(),
    tags: tagsSchema.optional(),
    visibility: z.enum(["private", "public"]).optional(),
    hidden: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Nothing to change.");

export type AnnotationCreateInput = z.infer<typeof annotationCreateSchema>;
export type AnnotationUpdateInput = z.infer<typeof annotationUpdateSchema>;

export async function createAnnotation(db: Db, user: CurrentUser, input: AnnotationCreateInput): Promise<Annotation> {
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
  const [row] = await db
    .insert(annotations)
    .values({
      userId: user.id,
      issueId: issue.id,
      revision: issue.revision,
      checkedRevision: issue.revision,
      ...target,
      note: input.note,
      tags: input.tags,
      visibility: input.visibility,
    })
    .returning();
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
  const [updated] = await db
    .update(annotations)
    .set({
      ...(own.note !== undefined && { note: own.note }),
      ...(own.tags !== undefined && { tags: own.tags }),
      ...(own.visibility !== undefined && { visibility: own.visibility }),
      ...(hidden !== undefined && { hiddenByAuthor: hidden }),
      updatedAt: new Date(),
    })
    .where(eq(annotations.id, row.id))
    .returning();
  return updated!;
}

export async function deleteAnnotation(db: Db, user: CurrentUser, id: string): Promise<void> {
  const row = await loadVisible(db, user, id);
  if (row.userId !== user.id) throw new ApiError("forbidden", "Only the reader who made an annotation can delete it.");
  await db.delete(annotations).where(and(eq(annotations.id, row.id), eq(annotations.userId, user.id)));
}
