/**
 * Reads of annotations, always through the viewer: a reader sees their own
 * annotations and other readers' public ones that no author has hidden; an
 * author also sees hidden public ones (to undo a hide). Nothing private to
 * someone else ever leaves these functions.
 */
import { and, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { annotations, issues, users, type Annotation, type AnnotationStatus, type AnnotationVisibility, type Issue } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/session";
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
  author: { name: string };
  mine: boolean;
  createdAt: string;
  updatedAt: string;
};

type Row = { annotation: Annotation; issue: Pick<Issue, "slug" | "title" | "revision" | "text" | "withdrawnAt">; authorName: string | null; authorEmail: string | null };

function displayName(name: string | null, email: string | null): string {
  // Names stored before sign-up refused invisible characters lose them here.
  const shown = name?.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]/gu, "").trim();
  return shown || email?.split("@")[0] || "A reader";
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
    issue: {
      slug: row.issue.slug,
      title: row.issue.title,
      url: issueUrl(row.issue.slug),
      revision: row.issue.revision,
      withdrawn: row.issue.withdrawnAt != null,
    },
    ...target,
    selectors: toSelectors(target),
    note: a.note,
    // Rendered when the note was written; never rendered per view.
    noteHtml: a.noteHtml ?? plainNoteHtml(a.note),
    tags: a.tags,
    visibility: a.visibility,
    hidden: a.hiddenByAuthor,
    status,
    author: { name: displayName(row.authorName, row.authorEmail) },
    mine: viewer?.id === a.userId,
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
      issue: { slug: row.issue.slug, title: row.issue.title, url: issueUrl(row.issue.slug), revision: row.issue.revision, withdrawn: row.issue.withdrawnAt !== null },
      ...target,
      selectors: toSelectors(target),
      note: a.note,
      noteHtml: plainNoteHtml(a.note),
      tags: Array.isArray(a.tags) ? a.tags.filter((t): t is string => typeof t === "string") : [],
      visibility: a.visibility,
      hidden: a.hiddenByAuthor,
      status: a.revision === row.issue.revision ? a.status : "orphaned",
      author: { name: displayName(row.authorName, row.authorEmail) },
      mine: viewer?.id === a.userId,
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
export async function renderPendingNotes(db: Db): Promise<number> {
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
  return getDb()
    .select(rowColumns)
    .from(annotations)
    .innerJoin(issues, eq(issues.id, annotations.issueId))
    .innerJoin(users, eq(users.id, annotations.userId))
    .where(where);
}

/** The annotations on one issue that `viewer` may see, in reading order; others' orphans are left out. */
export async function listIssueAnnotations(issueId: number, viewer: CurrentUser | null): Promise<AnnotationView[]> {
  await ensureNotesRendered();
  const rows = await baseQuery(and(eq(annotations.issueId, issueId), visibleTo(viewer))).orderBy(annotations.start, annotations.createdAt);
  return rows.map((r) => toViewSafely(r, viewer)).filter((v) => v.mine || v.status === "anchored");
}

export async function getAnnotationForViewer(id: string, viewer: CurrentUser | null): Promise<AnnotationView | undefined> {
  if (!isUuid(id)) return undefined;
  await ensureNotesRendered();
  const [row] = await baseQuery(and(eq(annotations.id, id), visibleTo(viewer))).limit(1);
  return row ? toViewSafely(row, viewer) : undefined;
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
  return rows.map((r) => toViewSafely(r, { id: userId, name: "", email: null, role: "reader" }));
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
  const rows = await baseQuery(eq(annotations.visibility, "public")).orderBy(desc(annotations.createdAt)).limit(limit);
  return rows.map((r) => toViewSafely(r, viewer));
}
