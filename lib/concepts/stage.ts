/** Concepts as a derived stage (lib/ingest/stages.ts): after issues or rules change, bring concepts up to date. */
import type { Db } from "@/db";
import type { StageOutcome, StageRun } from "@/lib/ingest/stage-types";
import { refreshConcepts } from "./store";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export async function runConceptsStage(
  db: Db,
  { changes, rebuild, report, progress }: StageRun,
): Promise<StageOutcome> {
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
  if (summary.dormantRules.length > 0)
    report(`rules that matched no concept this time: ${summary.dormantRules.join(", ")}`);
  return { conceptsChanged: true, steps: summary.steps };
}
