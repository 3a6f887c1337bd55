/**
 * The ingest pipeline: sources → parse → clean → normalise → boilerplate → store
 * → after-commit stages. A failure in one source (or one issue of a multi-issue
 * source) is recorded against it and the run goes on with the rest.
 *
 * Sources are processed in groups (a folder of files, or one multi-issue
 * source) because boilerplate is recognised by recurring across a group's
 * issues; each issue is still written in its own transaction.
 */
import type { Db } from "@/db";
import { getMediaDir } from "@/lib/media";
import {
  DEFAULT_BOILERPLATE_PATTERNS,
  isBoilerplateText,
  keepBoilerplate,
  loadLearnedBoilerplate,
} from "./boilerplate";
import {
  ingestGroup,
  message,
  pendingSamples,
  type IngestEvents,
  type IngestOptions,
  type LearnedBlock,
} from "./group";
import { describePending, readDerivation } from "@/lib/concepts/derivation";
import { finishIngestRun, startIngestRun } from "./history";
import type { MediaStore } from "./images";
import type { DropBlock } from "./normalise";
import { discoverSources, groupSources } from "./sources";
import type { RunChanges } from "./stage-types";
import { runDerivedStages } from "./stages";
import type { IngestOutcome, IngestStatus } from "./types";

export { prepareIssue, type IngestEvents, type IngestOptions } from "./group";

export type IngestSummary = {
  runId?: number;
  outcomes: IngestOutcome[];
  counts: Record<IngestStatus, number>;
  /** Errors of derived stages (the issues themselves are stored). */
  stageErrors: string[];
  /** Blocks learned as boilerplate in this run (recurring at the edges of a group's issues), and in how many. */
  learnedBoilerplate: LearnedBlock[];
  /** Learned boilerplate the author kept as writing in this run (`keepBoilerplate`). */
  keptBoilerplate: string[];
  /** Images issues point to that were not found beside their sources (each issue's are in its outcome). */
  missingImages: { images: number; issues: number };
  /** The sample issues this run removed to make way for the author's own (in a dry run: would remove). */
  samplesRemoved?: { deleted: string[]; withdrawn: string[] };
  durationMs: number;
  /**
   * The corpus-wide concept re-derivation is due (a quick run placed the changed issues' concepts,
   * or an earlier one's re-derivation never finished): since when and why.
   */
  conceptsPending?: { since: string; reason: string | null; message: string };
  /**
   * Where the time went: reading and storing the issues, then each derived stage, and the steps
   * of the stages that time theirs (milliseconds).
   */
  timings: { storeMs: number; stagesMs: Record<string, number>; stageSteps: Record<string, Record<string, number>> };
};

export async function ingestPaths(
  db: Db,
  inputs: string[],
  options: IngestOptions = {},
  events: IngestEvents = {},
): Promise<IngestSummary> {
  const started = performance.now();
  const outcomes: IngestOutcome[] = [];
  const record = (o: IngestOutcome) => {
    outcomes.push(o);
    events.onOutcome?.(o);
  };
  // What to keep is settled first: a prefix that matches nothing stops the run before it starts.
  const { learned, kept } = await loadLearnedBoilerplate(db);
  const keptBoilerplate: string[] = [];
  for (const [id, text] of await keepBoilerplate(db, options.keepBoilerplate ?? [], !!options.dryRun)) {
    learned.delete(id);
    kept.add(id);
    keptBoilerplate.push(text);
  }
  const runId = options.dryRun ? undefined : await startIngestRun(db, inputs);
  const stageErrors: string[] = [];
  const learnedBoilerplate: IngestSummary["learnedBoilerplate"] = [];
  const changed: number[] = [];
  const deleted: RunChanges["deleted"] = [];
  const timings: IngestSummary["timings"] = { storeMs: 0, stagesMs: {}, stageSteps: {} };
  const samples = await pendingSamples(db);
  const media: MediaStore = { dir: options.mediaDir ?? getMediaDir(), dryRun: options.dryRun, cache: new Map() };

  try {
    const { sources, missing } = await discoverSources(inputs);
    for (const m of missing) record({ status: "failed", source: m.path, error: m.reason });
    events.onStart?.(sources.length);

    const patterns = [...DEFAULT_BOILERPLATE_PATTERNS, ...(options.boilerplatePatterns ?? [])];
    const patternDrop: DropBlock = (text, id) => {
      if (learned.has(id)) return "recurring boilerplate";
      // "." or "* * *" left as a paragraph of its own: no words to read or search.
      if (!/[\p{L}\p{N}]/u.test(text)) return "no words";
      return isBoilerplateText(text, patterns) ? "boilerplate phrase" : undefined;
    };
    // A slug may be claimed by one issue per run: a second, different claim takes its numbered
    // fallback if it has one (see NormalisedIssue.numberedSlug), else it is an error, not an overwrite.
    const claimed = new Map<string, { source: string; contentHash: string }>();

    for (const group of groupSources(sources)) {
      await ingestGroup(db, group, {
        options,
        learned,
        kept,
        learnedBoilerplate,
        patternDrop,
        claimed,
        record,
        changed,
        deleted,
        samples,
        media,
        events,
      });
    }

    timings.storeMs = performance.now() - started;
    if (!options.dryRun) {
      stageErrors.push(
        ...(await runDerivedStages(
          db,
          { changed, deleted },
          {
            quickConcepts: options.quickConcepts,
            onMessage: events.onStageMessage,
            onProgress: events.onStageProgress,
            onStageDone: (stage, ms, steps) => {
              timings.stagesMs[stage] = ms;
              if (steps) timings.stageSteps[stage] = steps;
            },
          },
        )),
      );
    }
  } catch (err) {
    if (runId != null) await finishIngestRun(db, runId, outcomes, message(err)).catch(() => {});
    throw err;
  }

  const derivation = options.dryRun ? undefined : await readDerivation(db);
  const counts: Record<IngestStatus, number> = { new: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const o of outcomes) counts[o.status] += 1;
  const summary: IngestSummary = {
    runId,
    outcomes,
    counts,
    stageErrors,
    learnedBoilerplate,
    keptBoilerplate,
    missingImages: {
      images: outcomes.reduce((n, o) => n + (o.missingImages?.length ?? 0), 0),
      issues: outcomes.filter((o) => o.missingImages?.length).length,
    },
    ...(samples.removed
      ? { samplesRemoved: { deleted: samples.removed.deleted, withdrawn: samples.removed.withdrawn } }
      : {}),
    ...(derivation?.pendingSince
      ? {
          conceptsPending: {
            since: derivation.pendingSince.toISOString(),
            reason: derivation.pendingReason,
            message: describePending(derivation)!,
          },
        }
      : {}),
    durationMs: performance.now() - started,
    timings,
  };
  if (runId != null)
    await finishIngestRun(db, runId, outcomes, stageErrors.length ? stageErrors.join("; ") : undefined);
  return summary;
}
