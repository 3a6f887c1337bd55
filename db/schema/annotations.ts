import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
    /**
     * Null once the owner deleted their account and chose to keep their public
     * annotations without their name, or for a deleted annotation kept for its
     * replies (`deletedAt`). A private annotation always has an owner (checked below).
     */
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
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
    /**
     * Set when the owner deleted a public annotation that other readers had replied
     * to: the row stays as the passage alone (no note, tags or owner) so the replies
     * keep their context; it goes once its last reply does.
     */
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("annotations_user_idx").on(t.userId),
    index("annotations_issue_idx").on(t.issueId),
    // Deleting an account removes its private annotations first; a private one can never lose its owner.
    check("annotations_private_has_owner", sql`${t.userId} is not null or ${t.visibility} = 'public'`),
  ],
);

export type Annotation = typeof annotations.$inferSelect;

/**
 * A reply to a public annotation: one level of thread (a reply can't be
 * replied to; margin notes are too narrow for deeper nesting). Replies are as
 * public as the annotation they answer and are shown only where it is.
 */
export const annotationReplies = pgTable(
  "annotation_replies",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    annotationId: uuid("annotation_id")
      .notNull()
      .references(() => annotations.id, { onDelete: "cascade" }),
    /** Null once the writer deleted their account and chose to keep what they made public, without their name. */
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    /** Markdown, checked and rendered like an annotation's note (lib/annotations/note.ts). */
    note: text("note").notNull(),
    noteHtml: text("note_html").notNull(),
    hiddenByAuthor: boolean("hidden_by_author").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("annotation_replies_annotation_idx").on(t.annotationId, t.createdAt),
    index("annotation_replies_user_idx").on(t.userId),
  ],
);

export type AnnotationReply = typeof annotationReplies.$inferSelect;
