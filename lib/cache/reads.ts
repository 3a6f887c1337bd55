/**
 * The pages' reads, cached in the app's data cache (Next.js `unstable_cache`, in memory only:
 * next.config.ts turns off writing it to disk, where entries would outlive the process and miss
 * the expiries another run of the tools sent while it was down) and tagged so that a change
 * expires exactly the entries it affects (lib/cache/tags.ts, lib/cache/expire.ts).
 *
 * Pages Next renders carry a fresh CSP nonce (proxy.ts) and the reader's own header, so they
 * stay dynamic and share their data through here; only signed-out readers' pages are kept whole,
 * outside Next (lib/cache/html.ts, scripts/server.ts). Nothing here depends on who is asking — per-reader data (the signed-in header, one's own and shared
 * annotations) is read per request, outside this module.
 */
import "server-only";
import { unstable_cache } from "next/cache";
import { getDb } from "@/db";
import type { Issue } from "@/db/schema";
import { ISSUE_CONCEPTS_SHOWN } from "@/lib/concepts/evaluate";
import {
  countConceptsByKind,
  getConceptBySlug,
  getConceptDetail,
  listConcepts,
  listIssueConcepts,
  listIssueMentions,
  listKeyConcepts,
} from "@/lib/concepts/queries";
import { listIssueAnnotations } from "@/lib/annotations/queries";
import { countIssues, getIssueBySlug, getIssueNeighbours, listIssues, listIssueYears } from "@/lib/issues/queries";
import { CACHE_TAGS } from "./tags";

/**
 * A backstop: an entry older than this is refreshed in the background even if no expiry reached
 * the app (a change made while the tools couldn't reach it, e.g. another host with DATABASE_URL).
 */
const BACKSTOP_SECONDS = 600;

// Entries are stored as JSON; dates are tagged so that they come back as dates. The value is boxed:
// "not found" (undefined) has no JSON of its own.
function encode(value: unknown): string {
  return JSON.stringify({ value }, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.getTime() } : v;
  });
}

function decode<T>(json: string): T {
  const boxed = JSON.parse(json, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === "$date") return new Date((v as { $date: number }).$date);
    }
    return v;
  }) as { value: T };
  return boxed.value;
}

/** Decoded entries kept per read, so a hit that returns the same JSON again isn't parsed again. */
const DECODED_PER_READ = 256;

/**
 * `read` cached under `name` and its arguments, with the tags `tagsOf` gives for those arguments.
 * Callers share the decoded value between requests: they must not change it.
 */
function cachedRead<A extends unknown[], R>(
  name: string,
  read: (...args: A) => Promise<R>,
  tagsOf: (args: A) => string[],
): (...args: A) => Promise<R> {
  const decoded = new Map<string, { json: string; value: R }>();
  return async (...args: A) => {
    const key = JSON.stringify(args);
    const load = unstable_cache(async () => encode(await read(...args)), [name, key], {
      tags: tagsOf(args),
      revalidate: BACKSTOP_SECONDS,
    });
    const json = await load();
    const known = decoded.get(key);
    if (known && known.json === json) return known.value;
    const value = decode<R>(json);
    decoded.delete(key);
    decoded.set(key, { json, value });
    // Oldest first in a Map's order: drop it once the memo is full.
    if (decoded.size > DECODED_PER_READ) decoded.delete(decoded.keys().next().value!);
    return value;
  };
}

const issueList = () => [CACHE_TAGS.issueList];
const conceptData = () => [CACHE_TAGS.concepts];

export const getCachedIssue = cachedRead(
  "issue",
  (slug: string) => getIssueBySlug(getDb(), slug),
  ([slug]) => [CACHE_TAGS.issue(slug), CACHE_TAGS.issueBodies],
);
const neighboursOf = cachedRead(
  "issue-neighbours",
  (issue: Pick<Issue, "id" | "number" | "series" | "publishedAt">) => getIssueNeighbours(getDb(), issue),
  issueList,
);
/** An issue's previous and next; keyed by what decides them, not by the whole issue. */
export function getCachedIssueNeighbours(issue: Pick<Issue, "id" | "number" | "series" | "publishedAt">) {
  return neighboursOf({ id: issue.id, number: issue.number, series: issue.series, publishedAt: issue.publishedAt });
}
export const listCachedIssues = cachedRead(
  "issues",
  (options?: Parameters<typeof listIssues>[1]) => listIssues(getDb(), options),
  issueList,
);
export const listCachedIssueYears = cachedRead("issue-years", () => listIssueYears(getDb()), issueList);
export const countCachedIssues = cachedRead("issue-count", () => countIssues(getDb()), issueList);

export const listCachedConcepts = cachedRead(
  "concepts",
  (options?: Parameters<typeof listConcepts>[1]) => listConcepts(getDb(), options),
  conceptData,
);
export const countCachedConceptsByKind = cachedRead("concept-kinds", () => countConceptsByKind(getDb()), conceptData);
export const listCachedKeyConcepts = cachedRead(
  "key-concepts",
  (limit?: number) => listKeyConcepts(getDb(), limit),
  conceptData,
);

/** A concept page's data: the concept (or where a merged slug moved to) and its details. */
export const getCachedConceptPage = cachedRead(
  "concept-page",
  async (slug: string) => {
    const db = getDb();
    const found = await getConceptBySlug(db, slug);
    if (!found) return undefined;
    if (found.movedTo) return { movedTo: found.movedTo, concept: found.concept, detail: undefined };
    return { movedTo: undefined, concept: found.concept, detail: await getConceptDetail(db, found.concept) };
  },
  conceptData,
);

/** The concepts an issue page lists and highlights. */
export const getCachedIssueConcepts = cachedRead(
  "issue-concepts",
  async (issueId: number) => {
    const db = getDb();
    const concepts = await listIssueConcepts(db, issueId, ISSUE_CONCEPTS_SHOWN);
    const mentions =
      concepts.length > 0
        ? await listIssueMentions(
            db,
            issueId,
            concepts.map((c) => c.slug),
          )
        : [];
    return { concepts, mentions };
  },
  conceptData,
);

/** An issue's public annotations as a signed-out reader sees them: the same for every such reader. */
export const listCachedPublicAnnotations = cachedRead(
  "public-annotations",
  (issueId: number) => listIssueAnnotations(getDb(), issueId, null),
  ([issueId]) => [CACHE_TAGS.publicAnnotations(issueId), CACHE_TAGS.allPublicAnnotations],
);
