/** Concepts as a derived stage (lib/ingest/stages.ts): after issues or rules change, bring concepts up to date. */
import { isNull, ne, or, and, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { concepts, issues } from "@/db/schema";
import type { StageOutcome, StageRun } from "@/lib/ingest/stage-types";
import { placeQuickly, QUICK_MAX_ISSUES } from "./quick";
import { refreshConcepts } from "./store";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The issues a quick run would place: those whose concepts don't reflect their text, when they
 * are few and the archive already has concepts to place. Undefined when the run must be full.
 */
async function quickIssues(db: Db): Promise<number[] | undefined> {
  const stale = await db
    .select({ id: issues.id })
    .from(issues)
    .where(
      and(isNull(issues.withdrawnAt), or(isNull(issues.conceptsHash), ne(issues.conceptsHash, issues.contentHash))),
    )
    .limit(QUICK_MAX_ISSUES + 1);
  if (stale.length === 0 || stale.length > QUICK_MAX_ISSUES) return undefined;
  const [any] = await db.select({ one: sql<number>`1` }).from(concepts).limit(1);
  return any ? stale.map((s) => s.id) : undefined;
}

export async function runConceptsStage(
  db: Db,
  { changes, rebuild, quick, report, progress }: StageRun,
): Promise<StageOutcome> {
  // A few added or edited issues, nothing deleted and no rule changed: their concepts are placed
  // now, and the corpus-wide re-derivation is left due for the caller to run after.
  if (quick && !rebuild.concepts && changes.deleted.length === 0 && !changes.conceptRules) {
    const ids = await quickIssues(db);
    if (ids) {
      const summary = await placeQuickly(db, ids, `${plural(ids.length, "issue")} added or edited`);
      report(
        `${plural(summary.mentions, "mention")} of known concepts placed in ${plural(summary.issues, "issue")} in ${(summary.durationMs / 1000).toFixed(2)} s; the full re-derivation is due`,
      );
      return { conceptsChanged: true, steps: { quick: summary.durationMs }, onlyIssues: ids };
    }
  }
  // Stale issues are found by their own marker (issues.conceptsHash), so a run killed before
  // this stage finished is caught up here. A deleted issue or a changed rule leaves no marker
  // behind: either forces a pass over every issue (cached candidates; only stale issues' text is read).
  const summary = await refreshConcepts(db, {
    full: rebuild.concepts,
    force: changes.deleted.length > 0 || !!changes.conceptRules,
    report,
    progress,
  });
  if (summary.skipped) {
    report("up to date");
    return { conceptsChanged: false };
  }
  report(
    `${summary.concepts} concepts (${summary.created} new, ${summary.removed} gone), ${plural(summary.relations, "relation")}, from ${summary.extracted} re-read issue${summary.extracted === 1 ? "" : "s"} (mentions rewritten in ${plural(summary.rewrittenIssues, "issue")}) in ${(summary.durationMs / 1000).toFixed(1)} s`,
  );
  if (summary.failed > 0)
    report(
      `${plural(summary.failed, "issue")} left out: ${summary.failed === 1 ? "its" : "their"} text could not be read for concepts`,
    );
  if (summary.changedMeanwhile > 0)
    report(
      `${plural(summary.changedMeanwhile, "issue")} changed while this ran: kept as ${summary.changedMeanwhile === 1 ? "its" : "their"} own ingest left ${summary.changedMeanwhile === 1 ? "it" : "them"}, for the next pass`,
    );
  if (summary.dormantRules.length > 0)
    report(`rules that matched no concept this time: ${summary.dormantRules.join(", ")}`);
  return { conceptsChanged: true, steps: summary.steps };
}
