import { boolean, jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

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
