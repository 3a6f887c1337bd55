/**
 * The derived ingest stage that keeps annotations on their passages when an
 * issue's text changes. Its marker is `annotations.checked_revision`: any
 * annotation not yet checked against its issue's current revision is placed
 * again, so a run killed half-way is finished by the next one. An annotation
 * whose passage can't be found becomes "orphaned" and keeps the quote it was
 * made on; it is never deleted, and it is tried again on every later revision.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { annotations, issues } from "@/db/schema";
import type { StageRun } from "@/lib/ingest/stage-types";
import { anchorTarget } from "./anchor";
import { describeRange } from "./describe";

export type ReanchorReport = { checked: number; moved: number; orphaned: number };

export async function reanchorStaleAnnotations(db: Db): Promise<ReanchorReport> {
  const report: ReanchorReport = { checked: 0, moved: 0, orphaned: 0 };
  const staleIssues = await db
    .selectDistinct({ id: issues.id })
    .from(annotations)
    .innerJoin(issues, eq(issues.id, annotations.issueId))
    .where(ne(sql`coalesce(${annotations.checkedRevision}, ${annotations.revision})`, issues.revision));

  for (const { id } of staleIssues) {
    // One issue per transaction, locked so a concurrent ingest of the same issue waits for us.
    await db.transaction(async (tx) => {
      const [issue] = await tx.select().from(issues).where(eq(issues.id, id)).for("update");
      if (!issue) return;
      const stale = await tx
        .select()
        .from(annotations)
        .where(
          and(
            eq(annotations.issueId, id),
            ne(sql`coalesce(${annotations.checkedRevision}, ${annotations.revision})`, issue.revision),
          ),
        );
      for (const a of stale) {
        report.checked += 1;
        const anchor = anchorTarget(issue.text, a);
        const target = anchor && describeRange(issue.text, issue.blocks, anchor.start, anchor.end);
        if (target) {
          if (target.start !== a.start || target.exact !== a.exact) report.moved += 1;
          await tx
            .update(annotations)
            .set({ ...target, revision: issue.revision, checkedRevision: issue.revision, status: "anchored" })
            .where(eq(annotations.id, a.id));
        } else {
          report.orphaned += 1;
          // Selectors stay as they were on `revision`, so the reader still sees what they quoted.
          await tx
            .update(annotations)
            .set({ checkedRevision: issue.revision, status: "orphaned" })
            .where(eq(annotations.id, a.id));
        }
      }
    });
  }
  return report;
}

/** The derived stage (lib/ingest/stages.ts). Deleted issues need nothing: their annotations stay as they were. */
export async function runReanchorStage(db: Db, { report }: StageRun): Promise<void> {
  const result = await reanchorStaleAnnotations(db);
  if (result.checked > 0) {
    report(`${result.checked} re-anchored (${result.moved} moved, ${result.orphaned} orphaned)`);
  }
}
