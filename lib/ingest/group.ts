/**
 * One group of sources through the pipeline (lib/ingest/pipeline.ts runs the groups): read,
 * clean and normalise each source's issues, learn the blocks that recur across the group as
 * boilerplate, and store the issues chunk by chunk, each in its own transaction.
 */
import path from "node:path";
import pLimit from "p-limit";
import type { Db } from "@/db";
import { listLiveSamples, removeSamples, type SampleRemoval } from "@/lib/issues/archive";
import { RecurrenceCounter, baseId, rememberBoilerplate } from "./boilerplate";
import { sanitizeIssueHtml, type Removal } from "./clean";
import type { PartialDate } from "./dates";
import { localiseImages, type MediaStore } from "./images";
import { normaliseIssue, type DropBlock } from "./normalise";
import { parseSource } from "./parse";
import type { Source } from "./sources";
import type { RunChanges } from "./stage-types";
import {
  amendIssue,
  findStoredIdentities,
  planFromStored,
  planIssue,
  slugCandidates,
  storeIssue,
  type StoredIdentity,
} from "./store";
import type { IngestOutcome, InputFormat, NormalisedIssue, ParsedIssue } from "./types";

export type IngestOptions = {
  dryRun?: boolean;
  /** Skip detection and read every input as this format. */
  format?: InputFormat;
  /** Extra boilerplate phrases (regular expressions), added to the defaults. */
  boilerplatePatterns?: RegExp[];
  /** Learned boilerplate to keep as writing from now on, by the start of its text (`--keep-boilerplate`). */
  keepBoilerplate?: string[];
  /** Issues stored per chunk (memory vs. how early boilerplate is recognised); for tuning and tests. */
  chunkSize?: number;
  /**
   * The date (or only the year or month) of every issue read in this run that carries none of
   * its own (`--date`, `--year`); it wins over a date the source implies (a book's year).
   */
  date?: PartialDate;
  /** Where images found beside the sources are copied (default: the data directory's media/). */
  mediaDir?: string;
  /**
   * A few added or edited issues get their concepts placed quickly, the corpus-wide re-derivation
   * left due (`conceptsPending` in the summary) for the caller to run (lib/concepts/quick.ts).
   */
  quickConcepts?: boolean;
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
  /** A derived stage's long step: `done` of `total` (for a progress bar). */
  onStageProgress?: (stage: string, step: string, done: number, total: number) => void;
};

/** A block learned as boilerplate in a run, and in how many of the group's issues it recurs. */
export type LearnedBlock = { text: string; issues: number };

/** A normalised issue, what cleaning removed from it (for `--verbose`) and what the author should hear about. */
type PreparedDoc = NormalisedIssue & { removed: Removal[]; warnings: string[] };
/** One issue ready to store, with where it came from. */
type Prepared = { doc: PreparedDoc; parsed: ParsedIssue; label: string; source: Source };

/** Issues are stored in chunks of about this many, so memory doesn't grow with a folder's size. */
const CHUNK_ISSUES = 500;
/** Issue transactions in flight at once: enough to keep Postgres busy while this process parses. */
const STORE_CONCURRENCY = 4;

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Undated issues take the run's date (`--date`, `--year`), else the one their source implies. */
function applyDates(parsed: ParsedIssue, date: PartialDate | undefined): ParsedIssue {
  if (parsed.publishedAt) return parsed;
  const fallback = date ?? parsed.sourceDate;
  return fallback ? { ...parsed, publishedAt: fallback.date, datePrecision: fallback.precision } : parsed;
}

/** A source's issues as the rest of the pipeline needs them: parsed, dated, their local images copied. */
async function readSource(source: Source, options: IngestOptions, media: MediaStore): Promise<ParsedIssue[]> {
  const parsed = await parseSource(source, options.format);
  const sourceDir =
    source.kind === "file" && !/\.zip$/i.test(source.path) ? path.dirname(path.resolve(source.path)) : undefined;
  const out: ParsedIssue[] = [];
  for (const p of parsed) out.push(await localiseImages(applyDates(p, options.date), sourceDir, media));
  return out;
}

function describe(source: Source, parsed: ParsedIssue): string {
  return parsed.sourceLabel ? `${source.path} (${parsed.sourceLabel})` : source.path;
}

/** One parsed issue through cleaning and normalisation; `drop` names boilerplate blocks. */
export function prepareIssue(parsed: ParsedIssue, drop?: DropBlock): PreparedDoc {
  const removals: Removal[] = [];
  const sanitized = sanitizeIssueHtml(parsed.html, removals);
  const doc = normaliseIssue(parsed, sanitized, drop);
  if (!doc.text) throw new Error("no text left after cleaning");
  return { ...doc, removed: [...(parsed.removed ?? []), ...removals, ...doc.removed] };
}

function withoutRemoved(doc: PreparedDoc): NormalisedIssue {
  const { removed: _removed, warnings: _warnings, ...rest } = doc;
  return rest;
}

async function storeOne(
  db: Db,
  item: Prepared,
  stored: Map<string, StoredIdentity>,
  claimed: Map<string, { source: string; contentHash: string }>,
  dryRun: boolean,
): Promise<IngestOutcome> {
  const { doc, label } = item;
  const base = {
    source: label,
    slug: doc.slug,
    title: doc.title,
    removed: doc.removed.length ? doc.removed : undefined,
    ...(item.parsed.missingImages ? { missingImages: item.parsed.missingImages } : {}),
    warnings: doc.warnings.length ? doc.warnings : undefined,
  };
  const candidates = slugCandidates(doc);
  // The same document twice in one run (a file named twice, a feed repeating an item) is one issue.
  const twin = candidates.find((s) => claimed.get(s)?.contentHash === doc.contentHash);
  if (twin) return { ...base, slug: twin, status: "unchanged" };
  const earlier = claimed.get(doc.slug);
  if (earlier && candidates.every((s) => claimed.has(s))) {
    return { ...base, status: "failed", error: `slug "${doc.slug}" is also claimed by ${earlier.source} in this run` };
  }
  try {
    // Most re-runs change little: an issue whose stored hash matches needs no transaction at all.
    // Planned synchronously, so the slug is claimed before the next issue's turn.
    const plan = planFromStored(stored, doc, (s) => !claimed.has(s));
    claimed.set(plan.slug, { source: label, contentHash: doc.contentHash });
    if (plan.existing?.withdrawnAt) {
      // The author deleted it; re-ingesting the folder it came from doesn't bring it back.
      return {
        ...base,
        slug: plan.existing.slug,
        status: "unchanged",
        withdrawn: true,
        revision: plan.existing.revision,
        issueId: plan.existing.id,
      };
    }
    if (plan.status === "unchanged" && plan.existing) {
      return {
        ...base,
        slug: plan.existing.slug,
        status: "unchanged",
        revision: plan.existing.revision,
        issueId: plan.existing.id,
      };
    }
    if (dryRun) return { ...base, slug: plan.slug, status: plan.status };
    // The slug chosen here is final: the write must not fall back to another one (claims are per run).
    const { status, issue } = await storeIssue(db, { ...withoutRemoved(doc), slug: plan.slug, numberedSlug: null });
    return { ...base, status, slug: issue.slug, revision: issue.revision, issueId: issue.id };
  } catch (err) {
    return { ...base, status: "failed", error: message(err) };
  }
}

export type GroupContext = {
  options: IngestOptions;
  /** Boilerplate block ids → text: from earlier runs, and learned in this one. */
  learned: Map<string, string>;
  /** What this run learned, for the summary. */
  learnedBoilerplate: LearnedBlock[];
  /** Blocks the author said are writing: never learned. */
  kept: ReadonlySet<string>;
  patternDrop: DropBlock;
  claimed: Map<string, { source: string; contentHash: string }>;
  record: (o: IngestOutcome) => void;
  changed: number[];
  deleted: RunChanges["deleted"];
  samples: PendingSamples;
  media: MediaStore;
  events: IngestEvents;
};

/** The sample issues still shown, until the run meets an issue of the author's own. */
export type PendingSamples = { keys: Set<string>; removed?: SampleRemoval };

export async function pendingSamples(db: Db): Promise<PendingSamples> {
  const live = await listLiveSamples(db);
  return { keys: new Set(live.flatMap((s) => (s.sourceUrl ? [s.slug, s.sourceUrl] : [s.slug]))) };
}

/** An issue that is one of the samples (an edited sample re-ingested), not the author's own. */
function isSample(doc: NormalisedIssue, samples: PendingSamples): boolean {
  return (
    (doc.sourceUrl != null && samples.keys.has(doc.sourceUrl)) || slugCandidates(doc).some((s) => samples.keys.has(s))
  );
}

/**
 * The first time a run is about to store an issue of the author's own, the samples go: before
 * it is written, so it can take a slug a sample had.
 */
async function removeSamplesFor(db: Db, items: Prepared[], ctx: GroupContext): Promise<void> {
  const { samples } = ctx;
  if (samples.keys.size === 0 || samples.removed || !items.some((i) => !isSample(i.doc, samples))) return;
  samples.removed = await removeSamples(db, { dryRun: ctx.options.dryRun });
  ctx.deleted.push(...samples.removed.changes.deleted);
  samples.keys.clear();
}

/** An issue of the group already through storeOne, remembered in case a later block turns out to be boilerplate. */
type Settled = { source: Source; label: string; blockIds: string[]; outcome: IngestOutcome };

/**
 * One group of sources (a folder's files, or one multi-issue source): read and
 * prepare issues, learn blocks that recur across them, store them chunk by
 * chunk. A block that only reaches the recurrence threshold after some issues
 * were stored is taken out of those issues at the end of the group.
 */
export async function ingestGroup(db: Db, group: Source[], ctx: GroupContext): Promise<void> {
  const { options, learned, patternDrop, record, events } = ctx;
  const dryRun = !!options.dryRun;
  const counter = new RecurrenceCounter();
  const learnedHere = new Map<string, string>();
  const settled: Settled[] = [];
  let chunk: { source: Source; items: Prepared[] }[] = [];
  let chunkSize = 0;
  let read = 0;

  const learn = async (items: Prepared[]): Promise<Set<string>> => {
    const fresh = counter.recurring(learned, ctx.kept);
    if (fresh.size === 0) return new Set();
    const texts = new Map<string, { text: string; n: number }>();
    for (const item of items)
      for (const b of item.doc.blocks)
        if (fresh.has(baseId(b.id))) texts.set(baseId(b.id), { text: b.text, n: fresh.get(baseId(b.id))! });
    // An id whose text isn't in this chunk can't be shown or stored; it is learned from a later chunk.
    for (const [id, { text }] of texts) {
      learned.set(id, text);
      learnedHere.set(id, text);
    }
    if (!dryRun) await rememberBoilerplate(db, texts);
    return new Set(texts.keys());
  };

  const flush = async (current: typeof chunk): Promise<void> => {
    const items = current.flatMap((c) => c.items);
    await learn(items);
    // Anything learned so far that is still in an issue was learned after it was prepared
    // (in this flush, or an earlier one that ran while this chunk was being read).
    if (learned.size > 0) {
      for (const item of items) {
        if (!item.doc.blocks.some((b) => learned.has(baseId(b.id)))) continue;
        item.doc = prepareIssue(item.parsed, patternDrop);
      }
    }
    await removeSamplesFor(db, items, ctx);
    const stored = await findStoredIdentities(
      db,
      items.map((i) => i.doc),
    );
    // Several issues are written at once (each still in its own transaction) and
    // reported in input order; slugs are claimed in that order too, as each write starts
    // (p-limit starts queued tasks first in, first out).
    const limit = pLimit(STORE_CONCURRENCY);
    const pending = current.map(({ items: sourceItems }) =>
      sourceItems.map((item) => limit(() => storeOne(db, item, stored, ctx.claimed, dryRun))),
    );
    for (const [c, { source, items: sourceItems }] of current.entries()) {
      for (const [k, item] of sourceItems.entries()) {
        const outcome = await pending[c]![k]!;
        if ((outcome.status === "new" || outcome.status === "updated") && outcome.issueId != null)
          ctx.changed.push(outcome.issueId);
        record(outcome);
        if (outcome.status !== "failed")
          settled.push({ source, label: item.label, blockIds: item.doc.blocks.map((b) => baseId(b.id)), outcome });
      }
      events.onSourceDone?.(source.path);
    }
  };

  // While one chunk is being written, the next is read: Postgres and this process work
  // in parallel. At most one chunk is in flight, so memory stays bounded.
  let inFlight: Promise<void> = Promise.resolve();
  const startFlush = async (): Promise<void> => {
    const current = chunk;
    chunk = [];
    chunkSize = 0;
    await inFlight;
    inFlight = flush(current);
    inFlight.catch(() => {}); // awaited (and rethrown) by the next startFlush or at the end
  };

  for (const source of group) {
    let parsedIssues: ParsedIssue[];
    try {
      parsedIssues = await readSource(source, options, ctx.media);
      if (parsedIssues.length === 0) throw new Error("no issues found");
    } catch (err) {
      record({ status: "failed", source: source.path, error: message(err) });
      events.onSourceDone?.(source.path);
      continue;
    }
    const items: Prepared[] = [];
    for (const parsed of parsedIssues) {
      const label = describe(source, parsed);
      if (parsed.failure) {
        record({ status: "failed", source: label, title: parsed.title || undefined, error: parsed.failure });
        continue;
      }
      try {
        const doc = prepareIssue(parsed, patternDrop);
        counter.add(doc.blocks);
        items.push({ doc, parsed, label, source });
      } catch (err) {
        record({ status: "failed", source: label, title: parsed.title, error: message(err) });
      }
    }
    chunk.push({ source, items });
    chunkSize += items.length;
    events.onReading?.((read += 1), group.length);
    if (chunkSize >= (options.chunkSize ?? CHUNK_ISSUES)) await startFlush();
  }
  await startFlush();
  await inFlight;
  await settleLateBoilerplate(db, settled, ctx);
  for (const [id, text] of learnedHere) ctx.learnedBoilerplate.push({ text, issues: counter.count(id) });
}

/** Re-read and re-store the group's issues that carry a block learned after they were stored. */
async function settleLateBoilerplate(db: Db, settled: Settled[], ctx: GroupContext): Promise<void> {
  const late = settled.filter((s) => s.blockIds.some((id) => ctx.learned.has(id)));
  if (late.length === 0) return;
  const bySource = new Map<Source, Settled[]>();
  for (const s of late) bySource.set(s.source, [...(bySource.get(s.source) ?? []), s]);
  for (const [source, entries] of bySource) {
    let parsedIssues: ParsedIssue[];
    try {
      parsedIssues = await readSource(source, ctx.options, ctx.media);
    } catch {
      continue; // Read fine minutes ago; if it's gone now, the stored text stands until the next run.
    }
    const byLabel = new Map(parsedIssues.map((p) => [describe(source, p), p]));
    for (const entry of entries) {
      const parsed = byLabel.get(entry.label);
      if (!parsed) continue;
      const doc = prepareIssue(parsed, ctx.patternDrop);
      const { outcome } = entry;
      outcome.removed = doc.removed.length ? doc.removed : undefined;
      const clean = withoutRemoved(doc);
      if (ctx.options.dryRun) {
        if (outcome.status === "unchanged") outcome.status = await planIssue(db, clean);
        continue;
      }
      try {
        if (
          (outcome.status === "new" || outcome.status === "updated") &&
          outcome.issueId != null &&
          outcome.revision != null
        ) {
          await amendIssue(db, outcome.issueId, outcome.revision, clean);
        } else {
          const { status, issue } = await storeIssue(db, clean);
          Object.assign(outcome, { status, revision: issue.revision, issueId: issue.id });
          if (status !== "unchanged") ctx.changed.push(issue.id);
        }
      } catch (err) {
        Object.assign(outcome, { status: "failed", error: message(err) });
      }
    }
  }
}
