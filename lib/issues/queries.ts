/** Reads of issues for pages and the API. */
import { and, asc, desc, eq, gt, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { issues, type Issue } from "@/db/schema";

export type IssueSummary = Pick<Issue, "id" | "slug" | "number" | "series" | "title" | "subtitle" | "publishedAt" | "sourceUrl"> & {
  excerpt: string;
};

export type IssuePage = {
  items: IssueSummary[];
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
};

const yearOf = sql<number>`extract(year from ${issues.publishedAt})::int`;

const summaryColumns = {
  id: issues.id,
  slug: issues.slug,
  number: issues.number,
  series: issues.series,
  title: issues.title,
  subtitle: issues.subtitle,
  publishedAt: issues.publishedAt,
  sourceUrl: issues.sourceUrl,
  excerpt: sql<string>`left(${issues.text}, 240)`,
};

// Newest first; undated issues last, then by number.
const newestFirst = [sql`${issues.publishedAt} desc nulls last`, desc(issues.number), desc(issues.id)];

export async function listIssues(options: { page?: number; perPage?: number; year?: number } = {}): Promise<IssuePage> {
  const perPage = options.perPage ?? 20;
  const page = Math.max(1, options.page ?? 1);
  const where = options.year ? eq(yearOf, options.year) : undefined;
  const db = getDb();
  const [items, [count]] = await Promise.all([
    db.select(summaryColumns).from(issues).where(where).orderBy(...newestFirst).limit(perPage).offset((page - 1) * perPage),
    db.select({ n: sql<number>`count(*)::int` }).from(issues).where(where),
  ]);
  const total = count?.n ?? 0;
  return { items, total, page, perPage, pageCount: Math.max(1, Math.ceil(total / perPage)) };
}

export async function listIssueYears(): Promise<{ year: number; count: number }[]> {
  return getDb()
    .select({ year: yearOf, count: sql<number>`count(*)::int` })
    .from(issues)
    .where(sql`${issues.publishedAt} is not null`)
    .groupBy(yearOf)
    .orderBy(desc(yearOf));
}

export async function getIssueBySlug(slug: string): Promise<Issue | undefined> {
  const [row] = await getDb().select().from(issues).where(eq(issues.slug, slug)).limit(1);
  return row;
}

type Neighbour = Pick<Issue, "slug" | "title" | "number">;

/** The issues published just before and after this one (ties broken by id). */
export async function getIssueNeighbours(issue: Issue): Promise<{ previous?: Neighbour; next?: Neighbour }> {
  if (!issue.publishedAt) return {};
  const at = issue.publishedAt;
  const cols = { slug: issues.slug, title: issues.title, number: issues.number };
  const before: SQL | undefined = or(lt(issues.publishedAt, at), and(eq(issues.publishedAt, at), lt(issues.id, issue.id)));
  const after: SQL | undefined = or(gt(issues.publishedAt, at), and(eq(issues.publishedAt, at), gt(issues.id, issue.id)));
  const db = getDb();
  const [[previous], [next]] = await Promise.all([
    db.select(cols).from(issues).where(before).orderBy(desc(issues.publishedAt), desc(issues.id)).limit(1),
    db.select(cols).from(issues).where(after).orderBy(asc(issues.publishedAt), asc(issues.id)).limit(1),
  ]);
  return { previous, next };
}

export async function countIssues(): Promise<number> {
  const [row] = await getDb().select({ n: sql<number>`count(*)::int` }).from(issues);
  return row?.n ?? 0;
}
