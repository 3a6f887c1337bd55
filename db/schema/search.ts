import { bigint, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { concepts } from "./concepts";
import { issues } from "./issues";

/**
 * The built-in search engine's documents, derived from issues and concepts (and
 * rebuilt by `npm run reindex`): what each server analyses into its in-memory
 * index (lib/search/memory-index.ts). The generation triggers live in the
 * raw-SQL part of the `*_search_memory` migration.
 *
 * One row per searchable document: an issue or a (visible) concept. Rows go
 * with their issue or concept (on delete cascade), so a deleted issue leaves
 * the built-in index in the same transaction.
 */
export const searchDocuments = pgTable(
  "search_documents",
  {
    id: serial("id").primaryKey(),
    /** `issue-<id>` or `concept-<id>`: the document's id in every engine. */
    key: text("key").notNull(),
    kind: text("kind").$type<"issue" | "concept">().notNull(),
    issueId: integer("issue_id").references(() => issues.id, { onDelete: "cascade" }),
    conceptId: integer("concept_id").references(() => concepts.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    year: integer("year"),
    publishedAt: timestamp("published_at", { withTimezone: true, mode: "date" }),
    number: integer("number"),
    series: text("series"),
    /** Slugs of the (visible) concepts the issue mentions: the `concept` filter and facet. */
    concepts: text("concepts").array().notNull().default([]),
    /** An issue's top key concepts' names and aliases; a concept's aliases. */
    conceptNames: text("concept_names").array().notNull().default([]),
    /** An issue's subtitle and section headings. */
    headings: text("headings").array().notNull().default([]),
    /** An issue's text; a concept's definition. */
    body: text("body").notNull().default(""),
    /** search_stats.generation of the write that stored this version. */
    generation: bigint("generation", { mode: "number" }).notNull().default(0),
    /** Hash of everything the document was built from; a mismatch means it must be rebuilt. */
    sourceHash: text("source_hash").notNull(),
    /** `sourceHash` as last sent to Meilisearch (null: never sent). */
    meiliHash: text("meili_hash"),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("search_documents_key_key").on(t.key),
    uniqueIndex("search_documents_issue_key").on(t.issueId),
    uniqueIndex("search_documents_concept_key").on(t.conceptId),
    index("search_documents_year_idx").on(t.year),
  ],
);

/**
 * One row: the index's generation, raised by every write to search_documents
 * (and, through triggers, by cascaded deletes and by hiding or showing a
 * concept). A server holding the index in memory compares it with its own
 * before answering, and reads the documents written since.
 */
export const searchStats = pgTable("search_stats", {
  id: integer("id").primaryKey().default(1),
  generation: bigint("generation", { mode: "number" }).notNull().default(0),
});

export type SearchDocumentRow = typeof searchDocuments.$inferSelect;
