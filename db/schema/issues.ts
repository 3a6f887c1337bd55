import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * One paragraph-level unit of an issue's text. `id` is derived from the block's
 * own content (not its position), so inserting a paragraph elsewhere in a
 * revision leaves every other block's id unchanged: links, concept mentions and
 * annotations can point at it across revisions. `start`/`end` are offsets into
 * the issue's normalised plain text (`issues.text`).
 */
export type Block = {
  id: string;
  kind: "p" | "h2" | "h3" | "h4" | "li" | "quote" | "pre" | "figure";
  text: string;
  start: number;
  end: number;
};

/** How much of `publishedAt` is known: a source may give only a year ("The 2020 book") or a month. */
export type DatePrecision = "day" | "month" | "year";

export const issues = pgTable(
  "issues",
  {
    id: serial("id").primaryKey(),
    slug: text("slug").notNull(),
    number: integer("number"),
    series: text("series"),
    title: text("title").notNull(),
    subtitle: text("subtitle"),
    publishedAt: timestamp("published_at", { withTimezone: true, mode: "date" }),
    /** `publishedAt` is the first day of its month or year when only that much is known. */
    datePrecision: text("date_precision").$type<DatePrecision>().notNull().default("day"),
    /** The author dated the issue (`npm run issues -- set-date`): re-ingesting its source keeps that date. */
    dateSetByAuthor: boolean("date_set_by_author").notNull().default(false),
    sourceUrl: text("source_url"),
    sourcePath: text("source_path"),
    /** Sanitized HTML; every block element carries `id` = its Block id. */
    html: text("html").notNull(),
    /** Normalised plain text: the blocks' texts joined by blank lines. */
    text: text("text").notNull(),
    blocks: jsonb("blocks").$type<Block[]>().notNull(),
    contentHash: text("content_hash").notNull(),
    revision: integer("revision").notNull().default(1),
    /** contentHash as of the last concept extraction / search indexing: a mismatch means that stage still owes work. */
    conceptsHash: text("concepts_hash"),
    searchHash: text("search_hash"),
    /** One of the sample issues loaded into an empty database; removed when the author ingests their own. */
    isSample: boolean("is_sample").notNull().default(false),
    /**
     * Set when the author deleted the issue: readers no longer see it (pages, lists, search,
     * concepts, feeds), but the row stays so readers' annotations keep their issue, and
     * `npm run issues -- restore` can bring it back.
     */
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("issues_slug_key").on(t.slug),
    uniqueIndex("issues_source_url_key").on(t.sourceUrl).where(sql`${t.sourceUrl} is not null`),
    index("issues_published_at_idx").on(t.publishedAt),
  ],
);

/** Every earlier text of an issue: annotations made against it must be re-anchorable. */
export const issueRevisions = pgTable(
  "issue_revisions",
  {
    id: serial("id").primaryKey(),
    issueId: integer("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    title: text("title").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    blocks: jsonb("blocks").$type<Block[]>().notNull(),
    contentHash: text("content_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("issue_revisions_issue_revision_key").on(t.issueId, t.revision)],
);

export type Issue = typeof issues.$inferSelect;
export type NewIssue = typeof issues.$inferInsert;
