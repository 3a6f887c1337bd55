/**
 * The built-in engine's answers, kept for a minute per distinct search. An answer never depends on
 * who asks (the search API reads no session), so identical searches share one. Each is filed
 * under the index generation it was computed at (search_stats.generation, which every write to
 * the index raises, an ingest in another process included): once the index changes, a search
 * reads the new generation and misses every older answer, so no answer outlives the index it
 * came from. Identical searches arriving together share one computation.
 *
 * With Meilisearch configured nothing is kept: its copy syncs after Postgres's generation moves,
 * so the generation doesn't say when its answers change.
 */
import { LRUCache } from "lru-cache";
import type { Db } from "@/db";
import { getConfiguredEngineName, search } from "@/lib/search";
import { readGeneration } from "@/lib/search/builtin-cache";
import type { SearchRequest, SearchResponse } from "@/lib/search/engine";

const ANSWER_TTL_MS = 60_000;
const MAX_ANSWERS = 2000;

const answers = new LRUCache<string, SearchResponse>({ max: MAX_ANSWERS, ttl: ANSWER_TTL_MS });
const pending = new Map<string, Promise<SearchResponse>>();

/** The request's fields in a fixed order, so the same search always has the same key. */
function keyOf(generation: number, request: SearchRequest): string {
  const fields = request as Record<string, unknown>;
  return `${generation}|${JSON.stringify(
    Object.keys(fields)
      .sort()
      .map((k) => [k, fields[k]]),
  )}`;
}

/**
 * `search(db, request)`, answered from a recent identical search at the index's current generation when
 * there is one. Callers must not change the answer: it is shared.
 */
export async function searchCached(db: Db, request: SearchRequest): Promise<SearchResponse> {
  if (getConfiguredEngineName() === "meilisearch") return search(db, request);
  const key = keyOf(await readGeneration(db), request);
  const known = answers.get(key);
  if (known) return known;
  let running = pending.get(key);
  if (!running) {
    running = search(db, request).finally(() => pending.delete(key));
    pending.set(key, running);
    // A degraded answer (an engine down) isn't worth keeping.
    void running.then(
      (answer) => !answer.degraded && answers.set(key, answer),
      () => {},
    );
  }
  return running;
}
