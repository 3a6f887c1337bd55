import { boolean, integer, jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

/** One run of the ingest command, for the author's history page. */
export const ingestRuns = pgTable("ingest_runs", {
  id: serial("id").primaryKey(),
  startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  inputs: jsonb("inputs").$type<string[]>().notNull(),
  dryRun: boolean("dry_run").notNull().default(false),
  counts: jsonb("counts").$type<Record<string, number>>(),
  /** Failures and changes, one line each; unchanged issues are only counted. */
  details: jsonb("details").$type<{ status: string; source: string; slug?: string; error?: string }[]>(),
  error: text("error"),
});

/**
 * Blocks learned as boilerplate because they recurred across many issues of one
 * source (tip jars, sign-offs). Remembered so an issue ingested on its own later
 * is cleaned the same way as the back catalogue was.
 */
export const ingestBoilerplate = pgTable("ingest_boilerplate", {
  /** The block's content-derived id (see lib/ingest/normalise.ts blockId). */
  blockId: text("block_id").primaryKey(),
  text: text("text").notNull(),
  /** How many issues carried it when it was learned. */
  occurrences: integer("occurrences").notNull().default(0),
  learnedAt: timestamp("learned_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  /** The author said it is writing, not boilerplate (`--keep-boilerplate`): never dropped, never learned again. */
  kept: boolean("kept").notNull().default(false),
});
