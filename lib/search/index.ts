/**
 * Search, for the rest of the app. Chooses the engine from the environment
 * (Meilisearch when MEILI_HOST is set, the built-in engine otherwise);
 * answers from the built-in engine, marked `degraded`, when Meilisearch can't be
 * reached; puts the concept a query names first; suggests a correction when
 * nothing matches.
 */
import { and, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { issues } from "@/db/schema";
import { getEnv } from "@/lib/env";
import {
  SearchConfigError,
  SearchUnavailableError,
  type EngineName,
  type EngineResult,
  type SearchEngine,
  type SearchHit,
  type SearchRequest,
  type SearchResponse,
} from "./engine";
import { checkMeiliServer, createMeiliEngine, type MeiliEngine } from "./meilisearch";
import { createBuiltInEngine, type BuiltInEngine } from "./builtin";
import { emptyResult } from "./lookup";

export type Engines = {
  /** The engine searches go to first. */
  primary: SearchEngine;
  /** Always present: the fallback, and the index the app's own features read. */
  builtIn: BuiltInEngine;
  meili?: MeiliEngine;
};

export function getConfiguredEngineName(): EngineName {
  return getEnv().MEILI_HOST ? "meilisearch" : "postgres";
}

export function getEngines(db: Db): Engines {
  const env = getEnv();
  const builtIn = createBuiltInEngine(db);
  if (!env.MEILI_HOST) return { primary: builtIn, builtIn };
  const meili = createMeiliEngine(
    {
      host: env.MEILI_HOST,
      apiKey: env.MEILI_API_KEY,
      indexPrefix: env.MEILI_INDEX_PREFIX,
      searchTimeoutMs: env.MEILI_SEARCH_TIMEOUT_MS,
    },
    db,
  );
  return { primary: meili, builtIn, meili };
}

/**
 * The start-up check of the configured engine: one line to print. Throws
 * SearchConfigError (the caller refuses to start) for an unsupported
 * Meilisearch or a key it rejects; an unreachable one is only a warning, since
 * the built-in engine answers until it is back.
 */
export async function checkSearchEngine(): Promise<string> {
  const env = getEnv();
  if (!env.MEILI_HOST) return "search: the built-in engine";
  try {
    const { version } = await checkMeiliServer({
      host: env.MEILI_HOST,
      apiKey: env.MEILI_API_KEY,
      indexPrefix: env.MEILI_INDEX_PREFIX,
    });
    return `search: Meilisearch ${version} at ${env.MEILI_HOST}`;
  } catch (err) {
    if (!(err instanceof SearchUnavailableError)) throw err;
    return `search: ${err.message}; the built-in engine answers until it is back`;
  }
}

/** What readers are told when the configured engine refuses us (the operator finds the reason in the log). */
export const SEARCH_REFUSED_MESSAGE =
  "Search isn't working right now: the search engine refused this site's configuration. The site's operator will find the reason in the server log.";

/** A refusal is logged once per distinct reason (it repeats on every search until someone fixes it). */
const reportedRefusals = new Set<string>();
function reportRefusal(err: SearchConfigError): void {
  if (reportedRefusals.has(err.message)) return;
  reportedRefusals.add(err.message);
  console.error(`[search] ${err.message}`);
}

/** After Meilisearch fails, searches skip it for a while instead of each waiting on it. */
const RETRY_AFTER_MS = 15_000;
const outages = new Map<string, number>();

function isDown(host: string): boolean {
  const until = outages.get(host);
  return until !== undefined && until > Date.now();
}

function recordOutage(host: string, err: unknown): void {
  if (!outages.has(host)) {
    const reason = err instanceof Error ? err.message : String(err);
    console.warn(`[search] Meilisearch at ${host} is unreachable (${reason}); answering from the built-in engine.`);
  }
  outages.set(host, Date.now() + RETRY_AFTER_MS);
}

function recordRecovery(host: string): void {
  if (outages.delete(host)) console.warn(`[search] Meilisearch at ${host} is answering again.`);
}

const HAS_WORD = /[\p{L}\p{N}]/u;

/** Past this many results, a page of a query that names a concept is read without looking for the concept before it. */
const NAMED_SCAN_LIMIT = 1000;

/**
 * The window of results a page needs when the named concept leads the list.
 * The whole list reads: the named concept, then the engine's results without
 * it. The concept is itself one of the engine's results (its name holds the
 * query's words, or their completion), so the total stays the engine's and a
 * page past the first starts one result earlier in the engine's order unless
 * the concept came before it. Both depend on where the engine ranked it, so
 * the results up to the page are read in one request; only pages beyond
 * NAMED_SCAN_LIMIT take the concept to rank before them.
 */
export function namedWindow(request: SearchRequest, scanLimit = NAMED_SCAN_LIMIT): SearchRequest {
  if (request.offset === 0) return request;
  if (request.offset + request.limit <= scanLimit)
    return { ...request, offset: 0, limit: request.offset + request.limit };
  return { ...request, offset: request.offset - 1, limit: request.limit + 1 };
}

/** The page `request` asks for, from the engine's results for `window` (namedWindow). */
export function placeNamedFirst(
  request: SearchRequest,
  window: SearchRequest,
  hits: SearchHit[],
  named: SearchHit,
): SearchHit[] {
  const at = hits.findIndex((h) => h.kind === "concept" && h.slug === named.slug);
  const rest = at < 0 ? hits : [...hits.slice(0, at), ...hits.slice(at + 1)];
  if (request.offset === 0) return [named, ...rest].slice(0, request.limit);
  // rest[i] is the engine's (window.offset + i)-th result once the concept is taken out; the page's
  // first result is that list's (offset - 1)-th. A deep window without the concept: it ranked before.
  const start = request.offset - 1 - window.offset + (at < 0 && window.offset > 0 ? 1 : 0);
  return rest.slice(start, start + request.limit);
}

/** The page with the named concept placed first (see namedWindow), and the total it belongs to. */
function withNamedFirst(
  request: SearchRequest,
  window: SearchRequest,
  result: EngineResult,
  namedHit: SearchHit | null,
): { total: number; hits: SearchHit[] } {
  if (!namedHit) return { total: result.total, hits: result.hits };
  // An engine whose copy lags behind (a concept named since its last sync): the concept alone.
  if (result.total === 0) return { total: 1, hits: request.offset === 0 ? [{ ...namedHit, score: 1 }] : [] };
  return {
    total: result.total,
    hits: placeNamedFirst(request, window, result.hits, { ...namedHit, score: result.hits[0]?.score ?? 1 }),
  };
}

export async function search(db: Db, request: SearchRequest): Promise<SearchResponse> {
  const answer = await searchEngines(db, request);
  return { ...answer, hits: await withDatePrecision(db, answer.hits) };
}

/**
 * Issue hits with how much of their date is known ("2020" for the undated chapters of a book,
 * not "January 1, 2020"), read from the issues in one query: neither engine's documents carry it.
 */
async function withDatePrecision(db: Db, hits: SearchHit[]): Promise<SearchHit[]> {
  const slugs = hits.filter((h) => h.kind === "issue" && h.publishedAt).map((h) => h.slug);
  if (slugs.length === 0) return hits;
  const found = await db
    .select({ slug: issues.slug, datePrecision: issues.datePrecision })
    .from(issues)
    .where(and(inArray(issues.slug, slugs), isNull(issues.withdrawnAt)));
  const precisionOf = new Map(found.map((f) => [f.slug, f.datePrecision]));
  return hits.map((h) =>
    h.kind === "issue" && h.publishedAt ? { ...h, datePrecision: precisionOf.get(h.slug) ?? "day" } : h,
  );
}

async function searchEngines(db: Db, request: SearchRequest): Promise<SearchResponse> {
  const started = performance.now();
  const engines = getEngines(db);
  const host = getEnv().MEILI_HOST ?? "";
  const hasWords = HAS_WORD.test(request.q);

  // The concept a query names (by name or alias, or as its last word is being typed) leads to
  // that concept's page: first in the list, looked up before the engine is asked for the page.
  const mayShowConcept = request.kind !== "issue" && request.year === undefined && request.concept === undefined;
  const respond = (
    engine: EngineName,
    degraded: boolean,
    page: { total: number; hits: SearchHit[] },
    result: EngineResult,
    didYouMean: string | null,
  ): SearchResponse => ({
    query: request.q,
    engine,
    degraded,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
    total: page.total,
    hits: page.hits,
    facets: result.facets,
    didYouMean,
  });

  if (!engines.meili) {
    // The built-in engine alone: the named concept, the page and a suggestion read from one copy of
    // the index, so the request costs one freshness check, not one per lookup.
    const answer = await engines.builtIn.read((view) => {
      const named = mayShowConcept && hasWords ? view.namedConcept(request.q) : null;
      const namedHit: SearchHit | null = named ? { kind: "concept", ...named, score: 0 } : null;
      const window = namedHit ? namedWindow(request) : request;
      const result = hasWords ? view.search(window) : emptyResult();
      const page = withNamedFirst(request, window, result, namedHit);
      return { page, result, didYouMean: page.total === 0 && hasWords ? view.suggest(request.q) : null };
    });
    return respond("postgres", false, answer.page, answer.result, answer.didYouMean);
  }

  const named = mayShowConcept && hasWords ? await engines.builtIn.namedConcept(request.q) : null;
  const namedHit: SearchHit | null = named ? { kind: "concept", ...named, score: 0 } : null;
  const window = namedHit ? namedWindow(request) : request;

  let engine: EngineName = engines.primary.name;
  let degraded = false;
  let result: EngineResult | undefined;
  if (!hasWords) {
    result = emptyResult();
  } else if (isDown(host)) {
    degraded = true;
  } else {
    try {
      result = await engines.meili.search(window);
      recordRecovery(host);
    } catch (err) {
      // A refusal (wrong key, rejected setting) is not an outage: answering from the built-in engine would hide it.
      if (err instanceof SearchConfigError) reportRefusal(err);
      if (!(err instanceof SearchUnavailableError)) throw err;
      recordOutage(host, err);
      degraded = true;
    }
  }
  if (!result) {
    engine = "postgres";
    result = await engines.builtIn.search(window);
  }
  const page = withNamedFirst(request, window, result, namedHit);
  const didYouMean = page.total === 0 && hasWords ? await engines.builtIn.suggest(request.q) : null;
  return respond(engine, degraded, page, result, didYouMean);
}

/**
 * Read the built-in index into this process's memory ahead of the first
 * search (the server calls it at start). Failing is harmless: the first search
 * tries again.
 */
export async function warmSearchIndex(db: Db): Promise<void> {
  const started = performance.now();
  try {
    const documents = await getEngines(db).builtIn.warm();
    console.info(`[search] index of ${documents} documents ready in ${Math.round(performance.now() - started)} ms`);
  } catch (err) {
    console.warn(
      `[search] could not load the search index yet (${err instanceof Error ? err.message : String(err)}); the first search will`,
    );
  }
}

export type { SearchRequest, SearchResponse, SearchHit, SearchKind } from "./engine";
