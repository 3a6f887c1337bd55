import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { issues } from "./issues";

export type AnnotationVisibility = "private" | "public";
export type AnnotationStatus = "anchored" | "orphaned";

/**
 * A reader's highlight (and optional note) in the W3C Web Annotation shape: a
 * TextQuoteSelector (exact + 32-character prefix/suffix) and a
 * TextPositionSelector over the issue's normalised text, plus the block id.
 * `revision` is the issue revision the selectors currently refer to.
 * Full-text search over note + quote uses a GIN expression index created in
 * the `annotations_sql` migration.
 */
export const annotations = pgTable(
  "annotations",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    issueId: integer("issue_id")
      .notNull()
      // Restrict, not cascade: deleting an issue must never silently take readers' annotations with it.
      .references(() => issues.id, { onDelete: "restrict" }),
    revision: integer("revision").notNull(),
    /**
     * The issue revision re-anchoring last looked at. Equal to `revision` while
     * anchored; an orphaned annotation keeps the selectors of the revision it was
     * made on (`revision`) and is tried again whenever the issue changes.
     */
    checkedRevision: integer("checked_revision"),
    blockId: text("block_id"),
    exact: text("exact").notNull(),
    prefix: text("prefix").notNull().default(""),
    suffix: text("suffix").notNull().default(""),
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    /** Markdown as the reader wrote it. */
    note: text("note").notNull().default(""),
    /**
     * The note rendered once, when it was written, and sanitized (lib/annotations/note.ts);
     * pages show this and never render notes themselves. Null only for rows written before
     * the column existed, until the backfill renders them.
     */
    noteHtml: text("note_html"),
    tags: jsonb("tags").$type<string[]>().notNull().default([]),
    visibility: text("visibility").$type<AnnotationVisibility>().notNull().default("private"),
    /** Set by an author to hide a public annotation from other readers. */
    hiddenByAuthor: boolean("hidden_by_author").notNull().default(false),
    status: text("status").$type<AnnotationStatus>().notNull().default("anchored"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("annotations_user_idx").on(t.userId), index("annotations_issue_idx").on(t.issueId)],
);

export type Annotation = typeof annotations.$inferSelect;
