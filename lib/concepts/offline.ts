/**
 * Extraction straight from source files, without a database: the same parse,
 * clean and normalise steps as ingest, then candidates and concepts. For the
 * benchmark, the corpus quality tests and `npm run concepts -- preview`.
 */
import { DEFAULT_BOILERPLATE_PATTERNS, baseId, findRecurringBlocks, isBoilerplateText } from "@/lib/ingest/boilerplate";
import type { DropBlock } from "@/lib/ingest/normalise";
import { parseSource } from "@/lib/ingest/parse";
import { prepareIssue } from "@/lib/ingest/pipeline";
import { discoverSources, groupSources } from "@/lib/ingest/sources";
import { readIssueCandidates } from "./candidates";
import { extractConcepts } from "./extract";
import type { ExtractionResult, IssueCandidates, IssueText } from "./types";

export type OfflineIssue = IssueText & { sourcePath: string; number: number | null };

/**
 * Every issue under `paths`, numbered 1… in discovery order (as a database
 * would), cleaned as ingest cleans them (boilerplate phrases and blocks that
 * recur across a folder or a book are dropped).
 */
export async function readIssueTexts(paths: string[]): Promise<OfflineIssue[]> {
  const { sources } = await discoverSources(paths);
  const issues: OfflineIssue[] = [];
  const phraseDrop: DropBlock = (text) =>
    !/[\p{L}\p{N}]/u.test(text) || isBoilerplateText(text, DEFAULT_BOILERPLATE_PATTERNS) ? "boilerplate" : undefined;
  for (const group of groupSources(sources)) {
    const parsedIssues = [];
    for (const source of group) {
      for (const parsed of await parseSource(source)) if (!parsed.failure) parsedIssues.push(parsed);
    }
    let docs = parsedIssues.map((p) => prepareIssue(p, phraseDrop));
    const recurring = findRecurringBlocks(docs);
    if (recurring.size > 0) {
      const drop: DropBlock = (text, id, kind) =>
        recurring.has(baseId(id)) || recurring.has(id) ? "recurring" : phraseDrop(text, id, kind);
      docs = parsedIssues.map((p) => prepareIssue(p, drop));
    }
    for (const doc of docs) {
      issues.push({
        id: issues.length + 1,
        slug: doc.slug,
        title: doc.title,
        publishedAt: doc.publishedAt,
        blocks: doc.blocks,
        html: doc.html,
        sourcePath: doc.sourcePath,
        number: doc.number,
      });
    }
  }
  return issues;
}

export function extractOffline(issues: IssueText[]): {
  candidates: Map<number, IssueCandidates>;
  result: ExtractionResult;
} {
  const candidates = new Map(issues.map((i) => [i.id, readIssueCandidates(i)]));
  return { candidates, result: extractConcepts({ issues, candidates }) };
}
