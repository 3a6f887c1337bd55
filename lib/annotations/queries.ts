/**
 * Reads of annotations, always through the viewer: a reader sees their own
 * annotations and other readers' public ones that no author has hidden; an
 * author also sees hidden public ones (to undo a hide). Nothing private to
 * someone else ever leaves these functions. A reader's own lists are in mine.ts.
 */
import { and, asc, desc, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { annotationReplies, annotations, issues, users } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/types";
import { renderLegacyNote } from "./note";
import { toReplyView, toViewSafely, type AnnotationView, type ReplyView } from "./views";

/**
 * Notes stored before notes were rendered on write have no HTML yet: render
 * each once (or keep its plain text when it can't be rendered) and store it.
 * Returns how many were rendered.
 */
async function renderPendingNotes(db: Db): Promise<number> {
  let done = 0;
  for (;;) {
    const pending = await db
      .select({ id: annotations.id, note: annotations.note })
      .from(annotations)
      .where(isNull(annotations.noteHtml))
      .limit(100);
    if (pending.length === 0) return done;
    for (const row of pending) {
      await db
        .update(annotations)
        .set({ noteHtml: renderLegacyNote(row.note) })
        .where(eq(annotations.id, row.id));
      done += 1;
    }
  }
}

let notesRendered: Promise<unknown> | undefined;

/** Runs the backfill once per process, before the first read; a failed run is tried again on the next read. */
export async function ensureNotesRendered(db: Db): Promise<void> {
  notesRendered ??= renderPendingNotes(db).catch((err: unknown) => {
    notesRendered = undefined;
    throw err;
  });
  await notesRendered;
}

const rowColumns = {
  annotation: annotations,
  issue: {
    slug: issues.slug,
    title: issues.title,
    revision: issues.revision,
    text: issues.text,
    withdrawnAt: issues.withdrawnAt,
  },
  authorName: users.name,
  authorEmail: users.email,
};

/** Who may see what, as SQL. */
export function visibleTo(viewer: CurrentUser | null): SQL {
  const publicShown =
    viewer?.role === "author"
      ? eq(annotations.visibility, "public")
      : and(eq(annotations.visibility, "public"), eq(annotations.hiddenByAuthor, false))!;
  // A withdrawn issue's annotations are their owners' alone.
  const shared = and(publicShown, isNull(issues.withdrawnAt))!;
  return viewer ? or(eq(annotations.userId, viewer.id), shared)! : shared;
}

export function baseQuery(db: Db, where: SQL | undefined) {
  return (
    db
      .select(rowColumns)
      .from(annotations)
      .innerJoin(issues, eq(issues.id, annotations.issueId))
      // Left: an annotation kept after its reader deleted their account has no user.
      .leftJoin(users, eq(users.id, annotations.userId))
      .where(where)
  );
}

/** Which replies `viewer` may see, given that they may see the annotation: a hidden reply only by its writer and authors. */
function replyVisibleTo(viewer: CurrentUser | null): SQL | undefined {
  if (viewer?.role === "author") return undefined;
  const shown = eq(annotationReplies.hiddenByAuthor, false);
  return viewer ? or(shown, eq(annotationReplies.userId, viewer.id)) : shown;
}

/** The visible replies to these (visible, public) annotations, oldest first. */
async function loadReplies(
  db: Db,
  annotationIds: string[],
  viewer: CurrentUser | null,
): Promise<Map<string, ReplyView[]>> {
  const byAnnotation = new Map<string, ReplyView[]>();
  if (annotationIds.length === 0) return byAnnotation;
  const rows = await db
    .select({ reply: annotationReplies, authorName: users.name, authorEmail: users.email })
    .from(annotationReplies)
    .leftJoin(users, eq(users.id, annotationReplies.userId))
    .where(and(inArray(annotationReplies.annotationId, annotationIds), replyVisibleTo(viewer)))
    .orderBy(asc(annotationReplies.createdAt), asc(annotationReplies.id));
  for (const row of rows) {
    const view = toReplyView(row, viewer);
    byAnnotation.set(view.annotationId, [...(byAnnotation.get(view.annotationId) ?? []), view]);
  }
  return byAnnotation;
}

/**
 * Views with their threads. A deleted annotation is kept only for its replies,
 * so one whose replies this viewer can't see (all hidden) is left out.
 */
export async function withReplies(
  db: Db,
  views: AnnotationView[],
  viewer: CurrentUser | null,
): Promise<AnnotationView[]> {
  const replies = await loadReplies(
    db,
    views.filter((v) => v.visibility === "public").map((v) => v.id),
    viewer,
  );
  return views
    .map((v) => ({ ...v, replies: replies.get(v.id) ?? [] }))
    .filter((v) => !v.deleted || v.replies.length > 0);
}

/** The annotations on one issue that `viewer` may see, in reading order, with their threads; others' orphans are left out. */
export async function listIssueAnnotations(
  db: Db,
  issueId: number,
  viewer: CurrentUser | null,
): Promise<AnnotationView[]> {
  await ensureNotesRendered(db);
  const rows = await baseQuery(db, and(eq(annotations.issueId, issueId), visibleTo(viewer))).orderBy(
    annotations.start,
    annotations.createdAt,
  );
  const views = rows.map((r) => toViewSafely(r, viewer)).filter((v) => v.mine || v.status === "anchored");
  return withReplies(db, views, viewer);
}

export async function getAnnotationForViewer(
  db: Db,
  id: string,
  viewer: CurrentUser | null,
): Promise<AnnotationView | undefined> {
  if (!isUuid(id)) return undefined;
  await ensureNotesRendered(db);
  const [row] = await baseQuery(db, and(eq(annotations.id, id), visibleTo(viewer))).limit(1);
  if (!row) return undefined;
  const [view] = await withReplies(db, [toViewSafely(row, viewer)], viewer);
  return view;
}

/** One reply, if `viewer` may see it (its annotation visible to them, and it not hidden from them). */
export async function getReplyForViewer(
  db: Db,
  id: string,
  viewer: CurrentUser | null,
): Promise<ReplyView | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ reply: annotationReplies, authorName: users.name, authorEmail: users.email })
    .from(annotationReplies)
    .innerJoin(annotations, eq(annotations.id, annotationReplies.annotationId))
    .innerJoin(issues, eq(issues.id, annotations.issueId))
    .leftJoin(users, eq(users.id, annotationReplies.userId))
    .where(and(eq(annotationReplies.id, id), visibleTo(viewer), replyVisibleTo(viewer)))
    .limit(1);
  return row ? toReplyView(row, viewer) : undefined;
}

/** The newest public annotations across issues, for the author's moderation list (hidden ones included). */
export async function listRecentPublicAnnotations(db: Db, viewer: CurrentUser, limit = 20): Promise<AnnotationView[]> {
  if (viewer.role !== "author") return [];
  await ensureNotesRendered(db);
  const rows = await baseQuery(db, and(eq(annotations.visibility, "public"), isNull(annotations.deletedAt)))
    .orderBy(desc(annotations.createdAt))
    .limit(limit);
  return rows.map((r) => toViewSafely(r, viewer));
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
