import { boolean, index, integer, pgTable, real, serial, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { concepts } from "./concepts";
import { issues } from "./issues";

/**
 * The built-in search engine's index, derived from issues and concepts (and
 * rebuilt by `npm run reindex`). The weighted `tsv` column, the GIN and trigram
 * indexes live in the raw-SQL migration (`*_search_sql.sql`): drizzle-kit can't
 * express them.
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
    /** Concept documents: `search_key()` of the name and every alias, so a query that names the concept finds it. */
    names: text("names").array().notNull().default([]),
    /** Token count, for BM25's length normalisation. */
    length: integer("length").notNull(),
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
 * The inverted index behind BM25 ranking: one row per (lexeme, document), with
 * the field-weighted term frequency. GIN answers "which documents match";
 * this table answers "how well", without reading every matching tsvector.
 */
export const searchPostings = pgTable("search_postings", {
  lexeme: text("lexeme").notNull(),
  documentId: integer("document_id")
    .notNull()
    .references(() => searchDocuments.id, { onDelete: "cascade" }),
  /** Term frequency weighted by field (title > concepts > headings > body). */
  tf: real("tf").notNull(),
  /** Where else the lexeme occurs, as bits: 1 title, 2 concepts, 4 headings (a bonus beyond saturated tf). */
  fields: smallint("fields").notNull().default(0),
  /**
   * The posting's BM25 contribution before IDF (saturated, length-normalised
   * tf plus the field bonus), precomputed with `search_stats.impact_avg_length`: a query
   * multiplies it by the term's IDF, and reads a term's best postings first.
   */
  impact: real("impact").notNull(),
  /** A concept's document: left out of corpus statistics (concepts repeat their issues' words). */
  concept: boolean("concept").notNull().default(false),
  /** The document's length, kept to recompute `impact` when the average length drifts. */
  length: integer("length").notNull(),
});

/**
 * Every distinct word (lower-cased, unaccented) seen in indexed text, with its
 * lexeme: the vocabulary for prefix completion, typo correction and "Did you mean".
 */
export const searchVocabulary = pgTable("search_vocabulary", {
  word: text("word").primaryKey(),
  lexeme: text("lexeme").notNull(),
  /** How many documents contain the lexeme: orders completions and corrections (0: no longer indexed). */
  documentCount: integer("document_count").notNull().default(0),
  /** How many issues contain the lexeme: its document frequency for IDF. */
  issueCount: integer("issue_count").notNull().default(0),
});

/** One row: corpus statistics for BM25 (over issues), kept current by every write to the index. */
export const searchStats = pgTable("search_stats", {
  id: integer("id").primaryKey().default(1),
  /** Issues indexed: N in IDF. */
  documents: integer("documents").notNull().default(0),
  /** Average issue length now. */
  avgLength: real("avg_length").notNull().default(1),
  /** Average length the stored impacts were computed with (recomputed when the two drift apart). */
  impactAvgLength: real("impact_avg_length").notNull().default(1),
});

export type SearchDocumentRow = typeof searchDocuments.$inferSelect;
