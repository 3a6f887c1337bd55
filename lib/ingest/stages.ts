/**
 * The stages that derive from stored issues — concepts, then the search indexes, then the
 * annotations' anchors, then the running app's cached pages — and the one function that runs
 * them. Every change to what they derive from goes through it: an ingest, the author's concept
 * curation, deleting, restoring or dating an issue, `npm run concepts` and `npm run reindex`.
 * They run after the change is committed, never inside its transaction.
 *
 * Each stage keeps its own per-issue marker (e.g. `issues.conceptsHash`) and, on every run,
 * catches up on every issue whose marker differs from its content hash: a run killed between
 * commit and derivation is finished by the next run. What leaves no marker (a deleted issue, a
 * changed curation rule) is said in `RunChanges`.
 */
import type { Db } from "@/db";
import { runReanchorStage } from "@/lib/annotations/reanchor";
import { expireTags } from "@/lib/cache/expire";
import { tagsForChanges } from "@/lib/cache/tags";
import { runConceptsStage } from "@/lib/concepts/stage";
import { runSearchStage } from "@/lib/search/sync";
import type { RunChanges, StageOptions, StageOutcome, StageRun } from "./stage-types";

export type DerivedStage = {
  name: string;
  /** Bring the stage up to date; `run.changes` says what changed, for the stages that care. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a stage with nothing to report is an async function that returns nothing
  run: (db: Db, run: StageRun) => Promise<StageOutcome | void>;
};

// Order matters: search indexes the concepts derived before it.
export const derivedStages: DerivedStage[] = [
  { name: "concepts", run: runConceptsStage },
  { name: "search", run: runSearchStage },
  { name: "annotations", run: runReanchorStage },
];

/**
 * Every derived stage, in order, then the cached pages' refresh. A stage that fails doesn't stop
 * the others: what changed is committed, and each stage catches up from its own marker next
 * time. Returns the failures, one line each.
 */
export async function runDerivedStages(db: Db, changes: RunChanges, options: StageOptions = {}): Promise<string[]> {
  const errors: string[] = [];
  const rebuild = options.rebuild ?? {};
  let conceptsChanged = false;
  let scope: number[] | undefined;
  for (const stage of derivedStages) {
    const started = performance.now();
    let steps: Record<string, number> | undefined;
    try {
      const outcome = await stage.run(db, {
        changes,
        rebuild,
        quick: options.quickConcepts,
        scope,
        report: (m) => options.onMessage?.(`${stage.name}: ${m}`),
        progress: (step, done, total) => options.onProgress?.(stage.name, step, done, total),
      });
      if (outcome?.conceptsChanged) conceptsChanged = true;
      if (outcome?.onlyIssues) scope = outcome.onlyIssues;
      steps = outcome?.steps;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      errors.push(`${stage.name}: ${reason}`);
      options.onMessage?.(`${stage.name} failed: ${reason}`);
    }
    options.onStageDone?.(stage.name, performance.now() - started, steps);
  }
  // Last: the running app's cached pages are refreshed from what the stages have just written.
  const started = performance.now();
  try {
    const warning = await expireTags(await tagsForChanges(db, changes, { conceptsChanged }));
    if (warning) options.onMessage?.(`pages: ${warning}; they catch up within 10 minutes`);
  } catch (err) {
    options.onMessage?.(
      `pages: could not work out which cached pages changed (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  options.onStageDone?.("pages", performance.now() - started);
  return errors;
}
