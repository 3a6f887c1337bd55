/**
 * A reader's own annotations and replies: the "My annotations" page, its filters, the account
 * page's counts and the reader's exports. Visibility rules are queries.ts's.
 */
import { and, desc, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { annotationReplies, annotations, issues, users, type AnnotationStatus } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/types";
import { baseQuery, ensureNotesRendered, visibleTo, withReplies } from "./queries";
import { toReplyView, toViewSafely, type AnnotationView, type MyReplyView } from "./views";

/** The replies `userId` wrote to other readers' annotations that they can still see, newest first. */
export async function listMyRepliesElsewhere(db: Db, viewer: CurrentUser): Promise<MyReplyView[]> {
  await ensureNotesRendered(db);
  const rows = await db
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
  const parents = await baseQuery(
    db,
    and(inArray(annotations.id, [...new Set(rows.map((r) => r.parentId))]), visibleTo(viewer)),
  );
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
export async function listMyAnnotations(
  db: Db,
  userId: string,
  filters: MyAnnotationFilters = {},
): Promise<AnnotationView[]> {
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
  await ensureNotesRendered(db);
  const rows = await baseQuery(db, and(...conditions)).orderBy(desc(annotations.createdAt));
  const viewer: CurrentUser = { id: userId, name: "", email: null, role: "reader" };
  return withReplies(
    db,
    rows.map((r) => toViewSafely(r, viewer)),
    viewer,
  );
}

/** How many annotations (private, public) and replies a reader has, for the account page. */
export async function countMyAnnotations(
  db: Db,
  userId: string,
): Promise<{ private: number; public: number; replies: number }> {
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
export async function listMyFacets(
  db: Db,
  userId: string,
): Promise<{ tags: { tag: string; count: number }[]; issues: { slug: string; title: string; count: number }[] }> {
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
