/**
 * The stages that derive from stored issues (concepts, the search index). They
 * run after issues are committed, never inside an issue's transaction.
 *
 * Each stage keeps its own per-issue marker (e.g. `issues.conceptsHash`) and, on
 * every run, catches up on every issue whose marker differs from its content
 * hash: a run killed between commit and derivation is finished by the next run.
 */
import type { Db } from "@/db";
import { reanchorStage } from "@/lib/annotations/reanchor";
import { expireTags } from "@/lib/cache/expire";
import { tagsForChanges } from "@/lib/cache/tags";
import { conceptsStage } from "@/lib/concepts/stage";
import { searchStage } from "@/lib/search/sync";

export type RunChanges = {
  /** Issues written (new or updated) in this run. */
  changed: number[];
  /**
   * Issues that left the readers' archive in this run: deleted outright, or withdrawn by the
   * author (their rows stay for readers' annotations, but no stage may show them).
   */
  deleted: { id: number; slug: string }[];
};

/** How far a stage's long step has got: `done` of `total` (issues, documents…), for a progress bar. */
export type StageProgress = (step: string, done: number, total: number) => void;

export type DerivedStage = {
  name: string;
  /** Bring the stage up to date; `changes` says what this run did, for stages that care. */
  afterRun: (db: Db, changes: RunChanges, report: (message: string) => void, progress?: StageProgress) => Promise<void>;
};

// Order matters: search indexes the concepts extracted before it.
export const derivedStages: DerivedStage[] = [conceptsStage, searchStage, reanchorStage];

export type StageEvents = {
  onMessage?: (message: string) => void;
  onProgress?: (stage: string, step: string, done: number, total: number) => void;
  /** A stage finished (or failed) after `ms` milliseconds; "pages" is the cached pages' refresh. */
  onStageDone?: (stage: string, ms: number) => void;
};

/**
 * Every derived stage after a change to stored issues (an ingest, a deletion, a new date).
 * A stage that fails doesn't stop the others: what changed is committed, and each stage
 * catches up from its own marker next time. Returns the failures, one line each.
 */
export async function runDerivedStages(db: Db, changes: RunChanges, events: StageEvents = {}): Promise<string[]> {
  const errors: string[] = [];
  for (const stage of derivedStages) {
    const started = performance.now();
    try {
      await stage.afterRun(
        db,
        changes,
        (m) => events.onMessage?.(`${stage.name}: ${m}`),
        (step, done, total) => events.onProgress?.(stage.name, step, done, total),
      );
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      errors.push(`${stage.name}: ${reason}`);
      events.onMessage?.(`${stage.name} failed: ${reason}`);
    }
    events.onStageDone?.(stage.name, performance.now() - started);
  }
  // Last: the running app's cached pages are refreshed from what the stages have just written.
  const started = performance.now();
  try {
    const warning = await expireTags(await tagsForChanges(db, changes));
    if (warning) events.onMessage?.(`pages: ${warning}; they catch up within 10 minutes`);
  } catch (err) {
    events.onMessage?.(`pages: could not work out which cached pages changed (${err instanceof Error ? err.message : String(err)})`);
  }
  events.onStageDone?.("pages", performance.now() - started);
  return errors;
}
