/**
 * The vocabulary shared by the derived stages (lib/ingest/stages.ts runs them) and the code that
 * asks for a run (ingest, curation, the archive actions, reindex). It imports nothing, so a stage
 * can name these types without importing the registry that imports it.
 */

/** What changed in the stored data since the stages last ran. */
export type RunChanges = {
  /** Issues written (new or updated) or given back to readers. */
  changed: number[];
  /**
   * Issues that left the readers' archive: deleted outright, or withdrawn by the author (their
   * rows stay for readers' annotations, but no stage may show them). No marker is left behind to
   * find them by, so the stages hear of them here: concepts are re-counted without them, their
   * documents leave Meilisearch, and their cached pages (by the slug they had) expire.
   */
  deleted: { id: number; slug: string }[];
  /** The author's concept rules changed: concepts are re-derived though no issue changed. */
  conceptRules?: boolean;
};

/** A run with nothing new to tell: each stage catches up from its own markers. */
export const noChanges = (): RunChanges => ({ changed: [], deleted: [] });

/** Start over instead of catching up. */
type Rebuild = {
  /** Re-read every issue's text for concepts, ignoring the cached candidates (`npm run concepts -- rebuild`). */
  concepts?: boolean;
  /** Rebuild every search index whole and swap it in (`npm run reindex`). */
  search?: boolean;
};

/** How far a stage's long step has got: `done` of `total` (issues, documents…), for a progress bar. */
export type StageProgress = (step: string, done: number, total: number) => void;

export type StageEvents = {
  onMessage?: (message: string) => void;
  onProgress?: (stage: string, step: string, done: number, total: number) => void;
  /**
   * A stage finished (or failed) after `ms` milliseconds; "pages" is the cached pages' refresh.
   * `steps`: where a stage that times its steps spent them (milliseconds by step).
   */
  onStageDone?: (stage: string, ms: number, steps?: Record<string, number>) => void;
};

export type StageOptions = StageEvents & {
  rebuild?: Rebuild;
  /**
   * A run whose only changes are a few added or edited issues may place their concepts quickly
   * and leave the corpus-wide re-derivation due (lib/concepts/quick.ts), for the caller to run
   * after (the ingest command starts it in the background).
   */
  quickConcepts?: boolean;
};

/** What one stage is handed. */
export type StageRun = {
  changes: RunChanges;
  rebuild: Rebuild;
  /** See StageOptions.quickConcepts. */
  quick?: boolean;
  /**
   * Set when the stages before this one changed derived data of these issues only (a quick
   * concepts run): a stage may look for stale work among them instead of the whole archive.
   * Undefined: anything may have changed.
   */
  scope?: number[];
  report: (message: string) => void;
  progress: StageProgress;
};

/** What a stage did, where later steps care: whether any concept data was rewritten (its pages are then stale). */
export type StageOutcome = {
  conceptsChanged?: boolean;
  steps?: Record<string, number>;
  /** The stage changed derived data of these issues only (see StageRun.scope). */
  onlyIssues?: number[];
};
