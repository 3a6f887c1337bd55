/** Reads of concepts for pages, the API, and other areas (the admin page, search's links). Hidden concepts are left out. */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import {
  conceptIssues,
  conceptMentions,
  conceptRelations,
  concepts,
  issues,
  type Concept,
  type ConceptKind,
  type DatePrecision,
} from "@/db/schema";

/** The kinds extraction gives ("other": a tool, a company or a game the writing names, not an idea). */
export const CONCEPT_KINDS: ConceptKind[] = ["framework", "tension", "term", "acronym", "other"];
export type ConceptSort = "name" | "frequency" | "first";

export type ConceptSummary = Pick<
  Concept,
  "slug" | "name" | "kind" | "aliases" | "mentionCount" | "issueCount" | "firstSeenAt"
> & {
  /** How much of `firstSeenAt` is known: the date precision of the earliest issue mentioning it. */
  firstSeenPrecision: DatePrecision | null;
};

/**
 * How much of a concept's first-seen date is known: that of the issue it was first seen in (a
 * chapter of a book dated only by its year is "2020", not "January 1, 2020"); the most precise
 * when issues of different precision share the date.
 */
// (Qualified by hand: drizzle writes a single table's columns unqualified, and "id" is also the issues'.)
const firstSeenPrecision = sql<DatePrecision | null>`(
  select i.date_precision from concept_mentions m join issues i on i.id = m.issue_id
  where m.concept_id = "concepts"."id" and i.published_at = "concepts"."first_seen_at"
  order by case i.date_precision when 'day' then 0 when 'month' then 1 else 2 end limit 1)`;

/** Most precise first: where issues of different precision share a date, the most precise says it. */
const PRECISION_ORDER: DatePrecision[] = ["day", "month", "year"];

const summaryColumns = {
  slug: concepts.slug,
  name: concepts.name,
  kind: concepts.kind,
  aliases: concepts.aliases,
  mentionCount: concepts.mentionCount,
  issueCount: concepts.issueCount,
  firstSeenAt: concepts.firstSeenAt,
  firstSeenPrecision,
};

export function conceptUrl(slug: string): string {
  return `/concepts/${encodeURIComponent(slug)}`;
}

/** Upper-case first letter for the A–Z index; "#" for anything that isn't a letter. */
function letterOf(name: string): string {
  const c = name
    .normalize("NFD")
    .replace(/[^\p{L}\p{N}]/gu, "")
    .charAt(0)
    .toUpperCase();
  return /[A-Z]/.test(c) ? c : "#";
}

/**
 * Concepts grouped under their first letter, A–Z, with names that start with a digit or a symbol
 * ("#") after Z: an index opens on its first letter, and "12-step program" is not where a reader
 * begins. Each group keeps the order it was given.
 */
export function groupByLetter<T extends { name: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const l = letterOf(item.name);
    const list = groups.get(l);
    if (list) list.push(item);
    else groups.set(l, [item]);
  }
  return new Map([...groups].sort(([a], [b]) => (a === "#" ? 1 : b === "#" ? -1 : a < b ? -1 : a > b ? 1 : 0)));
}

export async function listConcepts(
  db: Db,
  options: { kind?: ConceptKind; sort?: ConceptSort; limit?: number; offset?: number } = {},
): Promise<{
  items: ConceptSummary[];
  total: number;
}> {
  const where: SQL | undefined = and(
    eq(concepts.hidden, false),
    options.kind ? eq(concepts.kind, options.kind) : undefined,
  );
  const order =
    options.sort === "frequency"
      ? [desc(concepts.mentionCount), asc(sql`lower(${concepts.name})`)]
      : options.sort === "first"
        ? [sql`${concepts.firstSeenAt} asc nulls last`, desc(concepts.mentionCount)]
        : [asc(sql`lower(${concepts.name})`), asc(concepts.id)];
  const query = db
    .select(summaryColumns)
    .from(concepts)
    .where(where)
    .orderBy(...order);
  const [items, [count]] = await Promise.all([
    options.limit ? query.limit(options.limit).offset(options.offset ?? 0) : query,
    db.select({ n: sql<number>`count(*)::int` }).from(concepts).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function countConceptsByKind(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .select({ kind: concepts.kind, n: sql<number>`count(*)::int` })
    .from(concepts)
    .where(eq(concepts.hidden, false))
    .groupBy(concepts.kind);
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/** The most central concepts: for the home page. Central = summed relevance across issues, among those in 2+ issues. */
export async function listKeyConcepts(db: Db, limit = 12): Promise<ConceptSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(concepts)
    .where(
      and(
        eq(concepts.hidden, false),
        sql`${concepts.issueCount} >= 2`,
        sql`(${concepts.kind} <> 'term' or ${concepts.name} like '% %')`,
      ),
    )
    .orderBy(desc(concepts.score))
    .limit(limit);
  return rows;
}

export type ConceptMentionView = {
  issueSlug: string;
  issueTitle: string;
  publishedAt: Date | null;
  datePrecision: "day" | "month" | "year";
  blockId: string;
  start: number;
  end: number;
  surface: string;
  context: string;
};

export type ConceptDetail = Concept & {
  firstSeenPrecision: DatePrecision | null;
  definitionIssue: { slug: string; title: string } | null;
  mentions: ConceptMentionView[];
  related: (ConceptSummary & { score: number })[];
  relatedIssues: { slug: string; title: string; publishedAt: Date | null; mentions: number }[];
  /** Mentions in issues without a date: `countsByYear` can't place them, the timeline shows them apart. */
  undatedMentions: number;
};

/** A concept by slug, or by a slug it had before a merge (then `movedTo` says where it lives now). */
export async function getConceptBySlug(
  db: Db,
  slug: string,
): Promise<{ concept: Concept; movedTo?: string } | undefined> {
  const [row] = await db
    .select()
    .from(concepts)
    .where(and(eq(concepts.slug, slug), eq(concepts.hidden, false)))
    .limit(1);
  if (row) return { concept: row };
  const [moved] = await db
    .select()
    .from(concepts)
    .where(and(sql`${concepts.formerSlugs} ? ${slug}`, eq(concepts.hidden, false)))
    .limit(1);
  return moved ? { concept: moved, movedTo: moved.slug } : undefined;
}

export async function getConceptDetail(
  db: Db,
  concept: Concept,
  options: { mentionLimit?: number } = {},
): Promise<ConceptDetail> {
  const [mentions, related, relatedIssues, definitionIssue, [undated]] = await Promise.all([
    db
      .select({
        issueSlug: issues.slug,
        issueTitle: issues.title,
        publishedAt: issues.publishedAt,
        datePrecision: issues.datePrecision,
        blockId: conceptMentions.blockId,
        start: conceptMentions.start,
        end: conceptMentions.end,
        surface: conceptMentions.surface,
        context: conceptMentions.context,
      })
      .from(conceptMentions)
      .innerJoin(issues, eq(issues.id, conceptMentions.issueId))
      .where(eq(conceptMentions.conceptId, concept.id))
      .orderBy(sql`${issues.publishedAt} asc nulls last`, asc(issues.id), asc(conceptMentions.id))
      .limit(options.mentionLimit ?? 2000),
    db
      .select({ ...summaryColumns, score: conceptRelations.score })
      .from(conceptRelations)
      .innerJoin(concepts, eq(concepts.id, conceptRelations.relatedId))
      .where(and(eq(conceptRelations.conceptId, concept.id), eq(concepts.hidden, false)))
      .orderBy(desc(conceptRelations.score)),
    db
      .select({
        slug: issues.slug,
        title: issues.title,
        publishedAt: issues.publishedAt,
        mentions: conceptIssues.mentionCount,
      })
      .from(conceptIssues)
      .innerJoin(issues, eq(issues.id, conceptIssues.issueId))
      .where(eq(conceptIssues.conceptId, concept.id))
      .orderBy(asc(conceptIssues.rank), desc(conceptIssues.mentionCount), desc(issues.publishedAt), asc(issues.slug))
      .limit(10),
    concept.definitionIssueId
      ? db
          .select({ slug: issues.slug, title: issues.title })
          .from(issues)
          .where(eq(issues.id, concept.definitionIssueId))
          .limit(1)
      : Promise.resolve([]),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(conceptMentions)
      .innerJoin(issues, eq(issues.id, conceptMentions.issueId))
      .where(and(eq(conceptMentions.conceptId, concept.id), isNull(issues.publishedAt))),
  ]);
  // The mentions come earliest first: those of the first-seen date say how much of it is known.
  const firstSeen = concept.firstSeenAt?.getTime();
  const firstSeenPrecision =
    PRECISION_ORDER.find((p) =>
      mentions.some((m) => m.publishedAt?.getTime() === firstSeen && m.datePrecision === p),
    ) ?? null;
  return {
    ...concept,
    firstSeenPrecision: firstSeen === undefined ? null : firstSeenPrecision,
    mentions,
    related,
    relatedIssues,
    definitionIssue: definitionIssue[0] ?? null,
    undatedMentions: undated?.n ?? 0,
  };
}

export type IssueConcept = { slug: string; name: string; kind: ConceptKind; mentionCount: number; rank: number };

/** How many concepts an issue page lists (and `/api/issues/{slug}` returns): the "top-ranked" concepts the gold file is scored against. */
export const ISSUE_CONCEPTS_SHOWN = 10;

/** An issue's concepts, most central first (what the issue page lists, and what the gold test ranks: rankIssueConcepts). */
export async function listIssueConcepts(
  db: Db,
  issueId: number,
  limit = ISSUE_CONCEPTS_SHOWN,
): Promise<IssueConcept[]> {
  return db
    .select({
      slug: concepts.slug,
      name: concepts.name,
      kind: concepts.kind,
      mentionCount: conceptIssues.mentionCount,
      rank: conceptIssues.rank,
    })
    .from(conceptIssues)
    .innerJoin(concepts, eq(concepts.id, conceptIssues.conceptId))
    .where(and(eq(conceptIssues.issueId, issueId), eq(concepts.hidden, false)))
    .orderBy(asc(conceptIssues.rank))
    .limit(limit);
}

/** Where the given concepts are mentioned in one issue: for highlighting them in its text. */
export async function listIssueMentions(
  db: Db,
  issueId: number,
  conceptSlugs: string[],
): Promise<{ slug: string; blockId: string; start: number; end: number }[]> {
  if (conceptSlugs.length === 0) return [];
  return db
    .select({
      slug: concepts.slug,
      blockId: conceptMentions.blockId,
      start: conceptMentions.start,
      end: conceptMentions.end,
    })
    .from(conceptMentions)
    .innerJoin(concepts, eq(concepts.id, conceptMentions.conceptId))
    .where(and(eq(conceptMentions.issueId, issueId), inArray(concepts.slug, conceptSlugs)))
    .orderBy(asc(conceptMentions.blockId), asc(conceptMentions.start));
}
