/** Reads of issues for pages, the API, feeds and the sitemap. Withdrawn issues are never returned. */
import "server-only";
import { and, asc, desc, eq, gt, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { issues, type Issue } from "@/db/schema";

export type IssueSummary = Pick<
  Issue,
  "id" | "slug" | "number" | "series" | "title" | "subtitle" | "publishedAt" | "datePrecision" | "sourceUrl"
> & {
  excerpt: string;
};

export type IssuePage = {
  items: IssueSummary[];
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
};

/** A year, or the issues no source or author has dated yet. */
export type YearFilter = number | "undated";

const yearOf = sql<number | null>`extract(year from ${issues.publishedAt})::int`;

/** What readers may see: every issue the author hasn't withdrawn. */
const live = isNull(issues.withdrawnAt);

/** What every listing of an issue shows: how it is named, numbered and dated, and where it came from. */
const identityColumns = {
  id: issues.id,
  slug: issues.slug,
  number: issues.number,
  series: issues.series,
  title: issues.title,
  subtitle: issues.subtitle,
  publishedAt: issues.publishedAt,
  datePrecision: issues.datePrecision,
  sourceUrl: issues.sourceUrl,
};

const summaryColumns = {
  ...identityColumns,
  // The opening paragraphs, without headings, cut at a word boundary in `toExcerpt`.
  excerpt: sql<string>`left((select string_agg(b->>'text', ' ') from jsonb_array_elements(${issues.blocks}) as b where b->>'kind' in ('p', 'quote', 'li')), 320)`,
};

// Newest first; issues of one date (a book dated only by its year) and undated ones by series, then number.
const newestFirst = [
  sql`${issues.publishedAt} desc nulls last`,
  sql`${issues.series} asc nulls last`,
  sql`${issues.number} desc nulls last`,
  desc(issues.id),
];

/** About `max` characters of text, ending on a whole word, with an ellipsis when cut. */
export function toExcerpt(text: string | null, max = 240): string {
  const clean = (text ?? "").replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}

function yearCondition(year: YearFilter | undefined): SQL | undefined {
  if (year === undefined) return undefined;
  return year === "undated" ? isNull(issues.publishedAt) : eq(yearOf, year);
}

/** One page of issues, newest first: by page number (the /issues page), or by `offset` (the API), which wins when given. */
export async function listIssues(
  db: Db,
  options: { page?: number; perPage?: number; offset?: number; year?: YearFilter } = {},
): Promise<IssuePage> {
  const perPage = options.perPage ?? 20;
  const offset = options.offset ?? (Math.max(1, options.page ?? 1) - 1) * perPage;
  const page = Math.floor(offset / perPage) + 1;
  const where = and(live, yearCondition(options.year));
  const [items, [count]] = await Promise.all([
    db
      .select(summaryColumns)
      .from(issues)
      .where(where)
      .orderBy(...newestFirst)
      .limit(perPage)
      .offset(offset),
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

/** Issues per year, newest first, then the undated ones (`year: null`) if there are any. */
export async function listIssueYears(db: Db): Promise<{ year: number | null; count: number }[]> {
  return db
    .select({ year: yearOf, count: sql<number>`count(*)::int` })
    .from(issues)
    .where(live)
    .groupBy(yearOf)
    .orderBy(sql`${yearOf} desc nulls last`);
}

export async function getIssueBySlug(db: Db, slug: string): Promise<Issue | undefined> {
  const [row] = await db
    .select()
    .from(issues)
    .where(and(eq(issues.slug, slug), live))
    .limit(1);
  return row;
}

export type Neighbour = Pick<Issue, "slug" | "title" | "number" | "series">;

const neighbourColumns = { slug: issues.slug, title: issues.title, number: issues.number, series: issues.series };

/**
 * The issues before and after this one. A numbered issue's neighbours are the nearest numbers
 * of its own series (dated or not: the numbers are the author's order); otherwise, and for a
 * numbered issue alone in its series, the issues published just before and after it.
 */
export async function getIssueNeighbours(
  db: Db,
  issue: Pick<Issue, "id" | "number" | "series" | "publishedAt">,
): Promise<{ previous?: Neighbour; next?: Neighbour }> {
  if (issue.number != null) {
    const sameSeries = and(live, issue.series == null ? isNull(issues.series) : eq(issues.series, issue.series));
    const [[previous], [next]] = await Promise.all([
      db
        .select(neighbourColumns)
        .from(issues)
        .where(and(sameSeries, lt(issues.number, issue.number)))
        .orderBy(desc(issues.number), desc(issues.id))
        .limit(1),
      db
        .select(neighbourColumns)
        .from(issues)
        .where(and(sameSeries, gt(issues.number, issue.number)))
        .orderBy(asc(issues.number), asc(issues.id))
        .limit(1),
    ]);
    if (previous || next) return { previous, next };
  }
  if (!issue.publishedAt) return {};
  const at = issue.publishedAt;
  const before: SQL | undefined = or(
    lt(issues.publishedAt, at),
    and(eq(issues.publishedAt, at), lt(issues.id, issue.id)),
  );
  const after: SQL | undefined = or(
    gt(issues.publishedAt, at),
    and(eq(issues.publishedAt, at), gt(issues.id, issue.id)),
  );
  const [[previous], [next]] = await Promise.all([
    db
      .select(neighbourColumns)
      .from(issues)
      .where(and(live, before))
      .orderBy(desc(issues.publishedAt), desc(issues.id))
      .limit(1),
    db
      .select(neighbourColumns)
      .from(issues)
      .where(and(live, after))
      .orderBy(asc(issues.publishedAt), asc(issues.id))
      .limit(1),
  ]);
  return { previous, next };
}

export async function countIssues(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(issues).where(live);
  return row?.n ?? 0;
}

export type FeedIssue = Pick<
  Issue,
  | "id"
  | "slug"
  | "number"
  | "series"
  | "title"
  | "subtitle"
  | "publishedAt"
  | "datePrecision"
  | "sourceUrl"
  | "html"
  | "createdAt"
  | "updatedAt"
>;

const feedColumns = {
  ...identityColumns,
  html: issues.html,
  createdAt: issues.createdAt,
  updatedAt: issues.updatedAt,
};

/**
 * The newest issues for a feed, optionally only those about a concept (among their key
 * concepts). Undated issues count as published when they were added.
 */
export async function listFeedIssues(
  db: Db,
  options: { limit?: number; conceptId?: number } = {},
): Promise<FeedIssue[]> {
  const about =
    options.conceptId != null
      ? sql`exists (select 1 from concept_issues ci where ci.issue_id = ${issues.id} and ci.concept_id = ${options.conceptId})`
      : undefined;
  return db
    .select(feedColumns)
    .from(issues)
    .where(and(live, about))
    .orderBy(
      sql`coalesce(${issues.publishedAt}, ${issues.createdAt}) desc`,
      sql`${issues.number} desc nulls last`,
      desc(issues.id),
    )
    .limit(options.limit ?? 20);
}

/** Every issue's address and last change, for the sitemap. */
export async function listIssueSlugs(db: Db): Promise<{ slug: string; updatedAt: Date }[]> {
  return db.select({ slug: issues.slug, updatedAt: issues.updatedAt }).from(issues).where(live).orderBy(asc(issues.id));
}

/** The first image of an issue's (sanitized) HTML, for link previews. */
export function firstImage(html: string): { src: string; alt: string } | undefined {
  const tag = /<img\b[^>]*>/i.exec(html)?.[0];
  const src = tag && /\ssrc="([^"]+)"/i.exec(tag)?.[1];
  if (!src) return undefined;
  const alt = /\salt="([^"]*)"/i.exec(tag)?.[1] ?? "";
  const decodeAttribute = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  return { src: decodeAttribute(src), alt: decodeAttribute(alt) };
}
