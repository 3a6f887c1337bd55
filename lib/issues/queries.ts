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
  // The opening paragraphs, without headings, cut at a word boundary in `toExcerpt`.
  excerpt: sql<string>`left((select string_agg(b->>'text', ' ') from jsonb_array_elements(${issues.blocks}) as b where b->>'kind' in ('p', 'quote', 'li')), 320)`,
};

// Newest first; undated issues last, then by number.
const newestFirst = [sql`${issues.publishedAt} desc nulls last`, desc(issues.number), desc(issues.id)];

/** About `max` characters of text, ending on a whole word, with an ellipsis when cut. */
export function toExcerpt(text: string | null, max = 240): string {
  const clean = (text ?? "").replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}

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
  return {
    items: items.map((item) => ({ ...item, excerpt: toExcerpt(item.excerpt) })),
    total,
    page,
    perPage,
    pageCount: Math.max(1, Math.ceil(total / perPage)),
  };
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
