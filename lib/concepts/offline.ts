/**
 * Extraction straight from source files, without a database: the same parse,
 * clean and normalise steps as ingest, then candidates and concepts. For the
 * benchmark, the corpus quality tests and `npm run concepts -- preview`.
 */
import { parseSource, prepareIssue } from "@/lib/ingest/pipeline";
import { discoverSources, readSource } from "@/lib/ingest/sources";
import { extractIssueCandidates } from "./candidates";
import { extractConcepts } from "./extract";
import type { ExtractionResult, IssueCandidates, IssueText } from "./types";

export type OfflineIssue = IssueText & { sourcePath: string; number: number | null };

/** Every issue under `paths`, numbered 1… in discovery order (as a database would). */
export async function readIssueTexts(paths: string[]): Promise<OfflineIssue[]> {
  const { files } = await discoverSources(paths);
  const issues: OfflineIssue[] = [];
  for (const file of files) {
    for (const parsed of parseSource(await readSource(file))) {
      const doc = prepareIssue(parsed);
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

export function extractOffline(issues: IssueText[]): { candidates: Map<number, IssueCandidates>; result: ExtractionResult } {
  const candidates = new Map(issues.map((i) => [i.id, extractIssueCandidates(i)]));
  return { candidates, result: extractConcepts({ issues, candidates }) };
}
