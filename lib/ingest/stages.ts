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
import { conceptsStage } from "@/lib/concepts/stage";
import { searchStage } from "@/lib/search/sync";

export type RunChanges = {
  /** Issues written (new or updated) in this run. */
  changed: number[];
  /** Issues deleted in this run. */
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
