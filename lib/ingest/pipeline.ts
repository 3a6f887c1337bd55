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
import {
  DEFAULT_BOILERPLATE_PATTERNS,
  baseId,
  findRecurringBlocks,
  isBoilerplateText,
  loadLearnedBoilerplate,
  rememberBoilerplate,
} from "./boilerplate";
import { sanitizeIssueHtml, type Removal } from "./clean";
import { finishIngestRun, startIngestRun } from "./history";
import { normaliseIssue, type DropBlock } from "./normalise";
import { parseSource, type InputFormat } from "./parse";
import { discoverSources, groupSources, type Source } from "./sources";
import { derivedStages } from "./stages";
import { findStoredIdentities, planIssue, storeIssue, type StoredIdentity } from "./store";
import type { IngestOutcome, IngestStatus, NormalisedIssue, ParsedIssue } from "./types";

export type IngestOptions = {
  dryRun?: boolean;
  /** Skip detection and read every input as this format. */
  format?: InputFormat;
  /** Extra boilerplate phrases (regular expressions), added to the defaults. */
  boilerplatePatterns?: RegExp[];
};

export type IngestEvents = {
  onStart?: (totalSources: number) => void;
  onOutcome?: (outcome: IngestOutcome) => void;
  /** A source has been read and all its issues have been stored (or failed). */
  onSourceDone?: (source: string) => void;
  /** Progress of reading a group's sources, before its issues are stored. */
  onReading?: (done: number, total: number) => void;
  /** Progress of the derived stages (concepts, search) after the issues are stored. */
  onStageMessage?: (message: string) => void;
};

export type IngestSummary = {
  runId?: number;
  outcomes: IngestOutcome[];
  counts: Record<IngestStatus, number>;
  /** Errors of derived stages (the issues themselves are stored). */
  stageErrors: string[];
  durationMs: number;
};

/** One issue ready to store, with where it came from and what cleaning removed. */
type Prepared = { doc: NormalisedIssue; parsed: ParsedIssue; label: string; source: Source; removed: Removal[] };

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function describe(source: Source, parsed: ParsedIssue): string {
  return parsed.sourceLabel ? `${source.path} (${parsed.sourceLabel})` : source.path;
}

/** One parsed issue through cleaning and normalisation; `drop` names boilerplate blocks. */
export function prepareIssue(parsed: ParsedIssue, drop?: DropBlock): NormalisedIssue & { removed: Removal[] } {
  const removals: Removal[] = [];
  const sanitized = sanitizeIssueHtml(parsed.html, removals);
  const doc = normaliseIssue(parsed, sanitized, drop);
  if (!doc.text) throw new Error("no text left after cleaning");
  return { ...doc, removed: [...removals, ...doc.removed] };
}

function withoutRemoved<T extends NormalisedIssue & { removed?: Removal[] }>(doc: T): NormalisedIssue {
  const { removed: _removed, ...rest } = doc;
  return rest;
}

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
  const runId = options.dryRun ? undefined : await startIngestRun(db, inputs);
  const stageErrors: string[] = [];
  const changed: number[] = [];

  try {
    const { sources, missing } = await discoverSources(inputs);
    for (const m of missing) record({ status: "failed", source: m.path, error: m.reason });
    events.onStart?.(sources.length);

    const patterns = [...DEFAULT_BOILERPLATE_PATTERNS, ...(options.boilerplatePatterns ?? [])];
    const learned = await loadLearnedBoilerplate(db);
    const patternDrop: DropBlock = (text, id) => {
      if (learned.has(id)) return "recurring boilerplate";
      // "." or "* * *" left as a paragraph of its own: no words to read or search.
      if (!/[\p{L}\p{N}]/u.test(text)) return "no words";
      return isBoilerplateText(text, patterns) ? "boilerplate phrase" : undefined;
    };
    // A slug may be claimed by one issue per run: a second, different claim is an error, not an overwrite.
    const claimed = new Map<string, { source: string; contentHash: string }>();

    for (const group of groupSources(sources)) {
      const prepared: Prepared[] = [];
      const issuesPerSource = new Map<Source, Prepared[]>();
      let read = 0;
      for (const source of group) {
        issuesPerSource.set(source, []);
        let parsedIssues: ParsedIssue[];
        try {
          parsedIssues = await parseSource(source, options.format);
          if (parsedIssues.length === 0) throw new Error("no issues found");
        } catch (err) {
          record({ status: "failed", source: source.path, error: message(err) });
          issuesPerSource.delete(source);
          events.onSourceDone?.(source.path);
          continue;
        }
        for (const parsed of parsedIssues) {
          const label = describe(source, parsed);
          if (parsed.failure) {
            record({ status: "failed", source: label, title: parsed.title || undefined, error: parsed.failure });
            continue;
          }
          try {
            const doc = prepareIssue(parsed, patternDrop);
            const item = { doc, parsed, label, source, removed: doc.removed };
            prepared.push(item);
            issuesPerSource.get(source)!.push(item);
          } catch (err) {
            record({ status: "failed", source: label, title: parsed.title, error: message(err) });
          }
        }
        events.onReading?.((read += 1), group.length);
      }

      // Blocks recurring across this group's issues are furniture: take them out and re-normalise.
      const recurring = findRecurringBlocks(prepared.map((p) => p.doc));
      if (recurring.size > 0) {
        const drop: DropBlock = (text, id, kind) => (recurring.has(id) ? "recurring boilerplate" : patternDrop(text, id, kind));
        for (const item of prepared) {
          if (!item.doc.blocks.some((b) => recurring.has(baseId(b.id)))) continue;
          const doc = prepareIssue(item.parsed, drop);
          item.doc = doc;
          item.removed = doc.removed;
        }
        if (!options.dryRun) await rememberBoilerplate(db, recurring);
        for (const [id, { text }] of recurring) learned.set(id, text);
      }

      const stored = await findStoredIdentities(db, prepared.map((p) => p.doc));
      for (const [source, items] of issuesPerSource) {
        for (const item of items) {
          const outcome = await storeOne(db, item, stored, claimed, !!options.dryRun);
          if (outcome.status !== "unchanged" && outcome.status !== "failed" && outcome.issueId != null) changed.push(outcome.issueId);
          record(outcome);
        }
        events.onSourceDone?.(source.path);
      }
    }

    if (!options.dryRun) {
      for (const stage of derivedStages) {
        try {
          await stage.afterRun(db, { changed, deleted: [] }, (m) => events.onStageMessage?.(`${stage.name}: ${m}`));
        } catch (err) {
          // The issues are committed; the stage catches up on its own marker next run.
          stageErrors.push(`${stage.name}: ${message(err)}`);
          events.onStageMessage?.(`${stage.name} failed: ${message(err)}`);
        }
      }
    }
  } catch (err) {
    if (runId != null) await finishIngestRun(db, runId, outcomes, message(err)).catch(() => {});
    throw err;
  }

  const counts: Record<IngestStatus, number> = { new: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const o of outcomes) counts[o.status] += 1;
  const summary: IngestSummary = { runId, outcomes, counts, stageErrors, durationMs: performance.now() - started };
  if (runId != null) await finishIngestRun(db, runId, outcomes, stageErrors.length ? stageErrors.join("; ") : undefined);
  return summary;
}

async function storeOne(
  db: Db,
  item: Prepared,
  stored: Map<string, StoredIdentity>,
  claimed: Map<string, { source: string; contentHash: string }>,
  dryRun: boolean,
): Promise<IngestOutcome> {
  const { doc, label, removed } = item;
  const base = { source: label, slug: doc.slug, title: doc.title, removed: removed.length ? removed : undefined };
  const earlier = claimed.get(doc.slug);
  if (earlier) {
    if (earlier.contentHash === doc.contentHash) return { ...base, status: "unchanged" };
    return { ...base, status: "failed", error: `slug "${doc.slug}" is also claimed by ${earlier.source} in this run` };
  }
  claimed.set(doc.slug, { source: label, contentHash: doc.contentHash });
  try {
    // Most re-runs change little: an issue whose stored hash matches needs no transaction at all.
    const known = stored.get(doc.sourceUrl ?? doc.slug) ?? stored.get(doc.slug);
    if (known && known.contentHash === doc.contentHash && known.slug === doc.slug && (known.sourceUrl ?? null) === doc.sourceUrl) {
      return { ...base, status: "unchanged", revision: known.revision, issueId: known.id };
    }
    const clean = withoutRemoved(doc);
    if (dryRun) return { ...base, status: await planIssue(db, clean) };
    const { status, issue } = await storeIssue(db, clean);
    return { ...base, status, slug: issue.slug, revision: issue.revision, issueId: issue.id };
  } catch (err) {
    return { ...base, status: "failed", error: message(err) };
  }
}
