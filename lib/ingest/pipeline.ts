/**
 * The ingest pipeline: sources → parse → clean → normalise → store → after-commit
 * stages. Each stage is a plain function; a failure in one source is recorded
 * against that source and the run goes on with the rest.
 */
import type { Db } from "@/db";
import { sanitizeIssueHtml } from "./clean";
import { normaliseIssue } from "./normalise";
import { parseMarkdown } from "./parse/markdown";
import { discoverSources, readSource } from "./sources";
import { derivedStages } from "./stages";
import { planIssue, storeIssue } from "./store";
import type { IngestOutcome, NormalisedIssue, ParsedIssue, SourceFile } from "./types";

export type IngestOptions = {
  dryRun?: boolean;
};

export type IngestEvents = {
  onStart?: (totalFiles: number) => void;
  onOutcome?: (outcome: IngestOutcome) => void;
  onFileDone?: (file: string) => void;
  /** Progress of the derived stages (concepts, search) after the issues are stored. */
  onStageMessage?: (message: string) => void;
};

export type IngestSummary = {
  outcomes: IngestOutcome[];
  counts: Record<IngestOutcome["status"], number>;
  durationMs: number;
};

export function parseSource(file: SourceFile): ParsedIssue[] {
  if (file.bytes.length === 0) throw new Error("file is empty");
  return parseMarkdown(file);
}

export function prepareIssue(parsed: ParsedIssue): NormalisedIssue {
  const doc = normaliseIssue(parsed, sanitizeIssueHtml(parsed.html));
  if (!doc.text) throw new Error("no text left after cleaning");
  return doc;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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

  const changed: number[] = [];
  const { files, missing } = await discoverSources(inputs);
  for (const m of missing) record({ status: "failed", source: m, error: "no such file or directory" });
  events.onStart?.(files.length);

  for (const file of files) {
    let parsed: ParsedIssue[];
    try {
      parsed = parseSource(await readSource(file));
    } catch (err) {
      record({ status: "failed", source: file, error: message(err) });
      events.onFileDone?.(file);
      continue;
    }
    for (const issue of parsed) {
      const source = issue.sourceLabel ? `${file} (${issue.sourceLabel})` : file;
      try {
        const doc = prepareIssue(issue);
        if (options.dryRun) {
          record({ status: await planIssue(db, doc), source, slug: doc.slug, title: doc.title });
          continue;
        }
        const { status, issue: row } = await storeIssue(db, doc);
        if (status !== "unchanged") changed.push(row.id);
        record({ status, source, slug: row.slug, title: doc.title, revision: row.revision, issueId: row.id });
      } catch (err) {
        record({ status: "failed", source, title: issue.title, error: message(err) });
      }
    }
    events.onFileDone?.(file);
  }

  if (!options.dryRun) {
    for (const stage of derivedStages) {
      await stage.afterRun(db, { changed, deleted: [] }, (m) => events.onStageMessage?.(`${stage.name}: ${m}`));
    }
  }

  const counts = { new: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const o of outcomes) counts[o.status] += 1;
  return { outcomes, counts, durationMs: performance.now() - started };
}
