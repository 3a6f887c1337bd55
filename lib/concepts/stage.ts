/** Concepts as a derived stage of ingest: after issues are stored, bring concepts up to date. */
import type { DerivedStage } from "@/lib/ingest/stages";
import { refreshConcepts } from "./store";

export const conceptsStage: DerivedStage = {
  name: "concepts",
  async afterRun(db, changes, report, progress) {
    // Stale issues are found by their own marker (issues.conceptsHash), so a run
    // killed before this stage finished is caught up here; deletions force a pass.
    const summary = await refreshConcepts(db, { force: changes.deleted.length > 0, report, progress });
    if (summary.skipped) report("up to date");
    else {
      report(
        `${summary.concepts} concepts (${summary.created} new, ${summary.removed} gone) from ${summary.extracted} re-read issue${summary.extracted === 1 ? "" : "s"} in ${(summary.durationMs / 1000).toFixed(1)} s`,
      );
      if (summary.failed > 0) report(`${summary.failed} issue${summary.failed === 1 ? "" : "s"} left out: ${summary.failed === 1 ? "its" : "their"} text could not be read for concepts`);
    }
  },
};
