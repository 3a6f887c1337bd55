/**
 * Reads of annotations, always through the viewer: a reader sees their own
 * annotations and other readers' public ones that no author has hidden; an
 * author also sees hidden public ones (to undo a hide). Nothing private to
 * someone else ever leaves these functions.
 */
import { and, asc, desc, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import {
  annotationReplies,
  annotations,
  issues,
  users,
  type Annotation,
  type AnnotationReply,
  type AnnotationStatus,
  type AnnotationVisibility,
  type Issue,
} from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/types";
import { issueUrl } from "@/lib/issues/json";
import { anchorTarget } from "./anchor";
import { plainNoteHtml, renderLegacyNote } from "./note";
import { toSelectors, type Selector, type TextTarget } from "./selectors";

/** One annotation as pages, the API and exports see it. */
// The passage (`TextTarget`): its offsets are in the issue's current text, and
// meaningless when `status` is "orphaned".
export type AnnotationView = TextTarget & {
  id: string;
  /** `withdrawn`: the author took the issue away from readers; its owner's annotations stay theirs. */
  issue: { slug: string; title: string; url: string; revision: number; withdrawn: boolean };
  selectors: Selector[];
  note: string;
  noteHtml: string;
  tags: string[];
  visibility: AnnotationVisibility;
  hidden: boolean;
  status: AnnotationStatus;
  /** `former`: its reader deleted their account and kept it public without their name. */
  author: { name: string; former: boolean };
  mine: boolean;
  /** Deleted by its reader but kept, as the passage alone, for the replies other readers made to it. */
  deleted: boolean;
  /** The replies the viewer may see, oldest first (filled where threads are shown). */
  replies: ReplyView[];
  createdAt: string;
  updatedAt: string;
};

/** One reply in an annotation's thread. */
export type ReplyView = {
  id: string;
  annotationId: string;
  note: string;
  noteHtml: string;
  author: { name: string; former: boolean };
  mine: boolean;
  hidden: boolean;
  createdAt: string;
  updatedAt: string;
};

type Row = { annotation: Annotation; issue: Pick<Issue, "slug" | "title" | "revision" | "text" | "withdrawnAt">; authorName: string | null; authorEmail: string | null };

/** How an annotation or reply whose reader deleted their account is credited. */
const FORMER_READER = "A former reader";

function displayName(userId: string | null, name: string | null, email: string | null): string {
  if (userId === null) return FORMER_READER;
  // Names stored before sign-up refused invisible characters lose them here.
  const shown = name?.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]/gu, "").trim();
  return shown || email?.split("@")[0] || "A reader";
}

function authorOf(userId: string | null, name: string | null, email: string | null): { name: string; former: boolean } {
  return { name: displayName(userId, name, email), former: userId === null };
}

/** The issue an annotation belongs to, as every view of it names it. */
function issueOf(row: Row): AnnotationView["issue"] {
  return { slug: row.issue.slug, title: row.issue.title, url: issueUrl(row.issue.slug), revision: row.issue.revision, withdrawn: row.issue.withdrawnAt != null };
}

/**
 * The view of one row. A row whose revision lags the issue's (re-anchoring has
 * not run yet) is anchored in memory so the page never shows a stale position.
 */
function toView(row: Row, viewer: CurrentUser | null): AnnotationView {
  const a = row.annotation;
  let { start, end, exact, prefix, suffix, blockId } = a;
  let status = a.status;
  if (a.revision !== row.issue.revision && status === "anchored") {
    const anchor = anchorTarget(row.issue.text, a);
    if (anchor) {
      start = anchor.start;
      end = anchor.end;
      exact = row.issue.text.slice(start, end);
    } else {
      status = "orphaned";
    }
  }
  const target = { exact, prefix, suffix, start, end, blockId };
  return {
    id: a.id,
    issue: issueOf(row),
    ...target,
    selectors: toSelectors(target),
    note: a.note,
    // Rendered when the note was written; never rendered per view.
    noteHtml: a.noteHtml ?? plainNoteHtml(a.note),
    tags: a.tags,
    visibility: a.visibility,
    hidden: a.hiddenByAuthor,
    status,
    author: authorOf(a.userId, row.authorName, row.authorEmail),
    mine: !!viewer && viewer.id === a.userId,
    deleted: a.deletedAt !== null,
    replies: [],
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/**
 * One annotation that can't be made into a view (whatever the reason) must not
 * take the page down for everyone: it is shown as its stored quote and its note
 * as plain text, where it was made.
 */
function toViewSafely(row: Row, viewer: CurrentUser | null): AnnotationView {
  try {
    return toView(row, viewer);
  } catch (err) {
    console.error(`annotation ${row.annotation.id} shown as its quote: ${err instanceof Error ? err.name + ": " + err.message : String(err)}`);
    const a = row.annotation;
    const target = { exact: a.exact, prefix: a.prefix, suffix: a.suffix, start: a.start, end: a.end, blockId: a.blockId };
    return {
      id: a.id,
      issue: issueOf(row),
      ...target,
      selectors: toSelectors(target),
      note: a.note,
      noteHtml: plainNoteHtml(a.note),
      tags: Array.isArray(a.tags) ? a.tags.filter((t): t is string => typeof t === "string") : [],
      visibility: a.visibility,
      hidden: a.hiddenByAuthor,
      status: a.revision === row.issue.revision ? a.status : "orphaned",
      author: authorOf(a.userId, row.authorName, row.authorEmail),
      mine: !!viewer && viewer.id === a.userId,
      deleted: a.deletedAt !== null,
      replies: [],
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}

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
      await db.update(annotations).set({ noteHtml: renderLegacyNote(row.note) }).where(eq(annotations.id, row.id));
      done += 1;
    }
  }
}

let notesRendered: Promise<unknown> | undefined;

/** Runs the backfill once per process, before the first read; a failed run is tried again on the next read. */
async function ensureNotesRendered(): Promise<void> {
  notesRendered ??= renderPendingNotes(getDb()).catch((err: unknown) => {
    notesRendered = undefined;
    throw err;
  });
  await notesRendered;
}

const rowColumns = {
  annotation: annotations,
  issue: { slug: issues.slug, title: issues.title, revision: issues.revision, text: issues.text, withdrawnAt: issues.withdrawnAt },
  authorName: users.name,
  authorEmail: users.email,
};

/** Who may see what, as SQL. */
function visibleTo(viewer: CurrentUser | null): SQL {
  const publicShown =
    viewer?.role === "author"
      ? eq(annotations.visibility, "public")
      : and(eq(annotations.visibility, "public"), eq(annotations.hiddenByAuthor, false))!;
  // A withdrawn issue's annotations are their owners' alone.
  const shared = and(publicShown, isNull(issues.withdrawnAt))!;
  return viewer ? or(eq(annotations.userId, viewer.id), shared)! : shared;
}

function baseQuery(where: SQL | undefined) {
  return (
    getDb()
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

type ReplyRow = { reply: AnnotationReply; authorName: string | null; authorEmail: string | null };

function toReplyView(row: ReplyRow, viewer: CurrentUser | null): ReplyView {
  const r = row.reply;
  return {
    id: r.id,
    annotationId: r.annotationId,
    note: r.note,
    noteHtml: r.noteHtml,
    author: authorOf(r.userId, row.authorName, row.authorEmail),
    mine: !!viewer && viewer.id === r.userId,
    hidden: r.hiddenByAuthor,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The visible replies to these (visible, public) annotations, oldest first. */
async function loadReplies(annotationIds: string[], viewer: CurrentUser | null): Promise<Map<string, ReplyView[]>> {
  const byAnnotation = new Map<string, ReplyView[]>();
  if (annotationIds.length === 0) return byAnnotation;
  const rows = await getDb()
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
async function withReplies(views: AnnotationView[], viewer: CurrentUser | null): Promise<AnnotationView[]> {
  const replies = await loadReplies(
    views.filter((v) => v.visibility === "public").map((v) => v.id),
    viewer,
  );
  return views
    .map((v) => ({ ...v, replies: replies.get(v.id) ?? [] }))
    .filter((v) => !v.deleted || v.replies.length > 0);
}

/** The annotations on one issue that `viewer` may see, in reading order, with their threads; others' orphans are left out. */
export async function listIssueAnnotations(issueId: number, viewer: CurrentUser | null): Promise<AnnotationView[]> {
  await ensureNotesRendered();
  const rows = await baseQuery(and(eq(annotations.issueId, issueId), visibleTo(viewer))).orderBy(annotations.start, annotations.createdAt);
  const views = rows.map((r) => toViewSafely(r, viewer)).filter((v) => v.mine || v.status === "anchored");
  return withReplies(views, viewer);
}

export async function getAnnotationForViewer(id: string, viewer: CurrentUser | null): Promise<AnnotationView | undefined> {
  if (!isUuid(id)) return undefined;
  await ensureNotesRendered();
  const [row] = await baseQuery(and(eq(annotations.id, id), visibleTo(viewer))).limit(1);
  if (!row) return undefined;
  const [view] = await withReplies([toViewSafely(row, viewer)], viewer);
  return view;
}

/** One reply, if `viewer` may see it (its annotation visible to them, and it not hidden from them). */
export async function getReplyForViewer(id: string, viewer: CurrentUser | null): Promise<ReplyView | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await getDb()
    .select({ reply: annotationReplies, authorName: users.name, authorEmail: users.email })
    .from(annotationReplies)
    .innerJoin(annotations, eq(annotations.id, annotationReplies.annotationId))
    .innerJoin(issues, eq(issues.id, annotations.issueId))
    .leftJoin(users, eq(users.id, annotationReplies.userId))
    .where(and(eq(annotationReplies.id, id), visibleTo(viewer), replyVisibleTo(viewer)))
    .limit(1);
  return row ? toReplyView(row, viewer) : undefined;
}

/** A reply the viewer wrote, with the annotation it answers (for "my" exports). */
export type MyReplyView = ReplyView & { parent: AnnotationView };

/** The replies `userId` wrote to other readers' annotations that they can still see, newest first. */
export async function listMyRepliesElsewhere(viewer: CurrentUser): Promise<MyReplyView[]> {
  await ensureNotesRendered();
  const rows = await getDb()
    .select({ reply: annotationReplies, authorName: users.name, authorEmail: users.email, parentId: annotations.id })
    .from(annotationReplies)
    .innerJoin(annotations, eq(annotations.id, annotationReplies.annotationId))
    .innerJoin(issues, eq(issues.id, annotations.issueId))
    .leftJoin(users, eq(users.id, annotationReplies.userId))
    .where(
      and(
        eq(annotationReplies.userId, viewer.id),
        or(isNull(annotations.userId), ne(annotations.userId, viewer.id)),
        visibleTo(viewer),
      ),
    )
    .orderBy(desc(annotationReplies.createdAt));
  if (rows.length === 0) return [];
  const parents = await baseQuery(and(inArray(annotations.id, [...new Set(rows.map((r) => r.parentId))]), visibleTo(viewer)));
  const byId = new Map(parents.map((p) => [p.annotation.id, toViewSafely(p, viewer)]));
  return rows.flatMap((r) => {
    const parent = byId.get(r.parentId);
    return parent ? [{ ...toReplyView(r, viewer), parent }] : [];
  });
}

export type MyAnnotationFilters = { tag?: string; issue?: string; q?: string; status?: AnnotationStatus };

// Must match the expression of the GIN index in the annotations_sql migration.
const searchDocument = sql`to_tsvector('english'::regconfig, coalesce(${annotations.note}, '') || ' ' || coalesce(${annotations.exact}, ''))`;

/** The viewer's own annotations, newest first, narrowed by tag, issue slug and a full-text query. */
export async function listMyAnnotations(userId: string, filters: MyAnnotationFilters = {}): Promise<AnnotationView[]> {
  const conditions: (SQL | undefined)[] = [eq(annotations.userId, userId)];
  if (filters.tag) conditions.push(sql`${annotations.tags} @> ${JSON.stringify([filters.tag])}::jsonb`);
  if (filters.issue) conditions.push(eq(issues.slug, filters.issue));
  if (filters.status) conditions.push(eq(annotations.status, filters.status));
  const q = filters.q?.trim();
  if (q) {
    // Words (stemmed) through the index; a plain substring as well, for partial words and codes.
    const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
    conditions.push(
      or(
        sql`${searchDocument} @@ websearch_to_tsquery('english', ${q})`,
        sql`${annotations.note} ilike ${`%${escaped}%`}`,
        sql`${annotations.exact} ilike ${`%${escaped}%`}`,
      ),
    );
  }
  await ensureNotesRendered();
  const rows = await baseQuery(and(...conditions)).orderBy(desc(annotations.createdAt));
  const viewer: CurrentUser = { id: userId, name: "", email: null, role: "reader" };
  return withReplies(
    rows.map((r) => toViewSafely(r, viewer)),
    viewer,
  );
}

/** How many annotations (private, public) and replies a reader has, for the account page. */
export async function countMyAnnotations(userId: string): Promise<{ private: number; public: number; replies: number }> {
  const db = getDb();
  const [[own], [replies]] = await Promise.all([
    db
      .select({
        private: sql<number>`count(*) filter (where ${annotations.visibility} = 'private')::int`,
        public: sql<number>`count(*) filter (where ${annotations.visibility} = 'public')::int`,
      })
      .from(annotations)
      .where(eq(annotations.userId, userId)),
    db.select({ n: sql<number>`count(*)::int` }).from(annotationReplies).where(eq(annotationReplies.userId, userId)),
  ]);
  return { private: own?.private ?? 0, public: own?.public ?? 0, replies: replies?.n ?? 0 };
}

/** Tags and issues the reader has used, with counts, for the filters on "My annotations". */
export async function listMyFacets(userId: string): Promise<{ tags: { tag: string; count: number }[]; issues: { slug: string; title: string; count: number }[] }> {
  const db = getDb();
  const [tags, byIssue] = await Promise.all([
    db.execute<{ tag: string; count: number }>(
      sql`select t.tag, count(*)::int as count from ${annotations}, jsonb_array_elements_text(${annotations.tags}) as t(tag)
          where ${annotations.userId} = ${userId} group by t.tag order by count desc, t.tag`,
    ),
    db
      .select({ slug: issues.slug, title: issues.title, count: sql<number>`count(*)::int` })
      .from(annotations)
      .innerJoin(issues, eq(issues.id, annotations.issueId))
      .where(eq(annotations.userId, userId))
      .groupBy(issues.slug, issues.title)
      .orderBy(issues.title),
  ]);
  return { tags: Array.from(tags), issues: byIssue };
}


export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** The newest public annotations across issues, for the author's moderation list (hidden ones included). */
export async function listRecentPublicAnnotations(viewer: CurrentUser, limit = 20): Promise<AnnotationView[]> {
  if (viewer.role !== "author") return [];
  await ensureNotesRendered();
  const rows = await baseQuery(and(eq(annotations.visibility, "public"), isNull(annotations.deletedAt)))
    .orderBy(desc(annotations.createdAt))
    .limit(limit);
  return rows.map((r) => toViewSafely(r, viewer));
}
