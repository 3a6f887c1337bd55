/**
 * Search answers for readers, kept by the app's own server (scripts/server.ts) in front of Next,
 * as whole signed-out pages are (html.ts): `GET /api/search?…` answered once by Next, then served
 * from memory to every request for the same address at the same index generation. Next's route
 * handling costs several times what the search answer itself does once lib/cache/search.ts keeps
 * it, so under load the API was served far slower than any page.
 *
 * Exact like lib/cache/search.ts: every answer is filed under the index generation
 * (search_stats.generation, raised by every write to the index, an ingest in another process
 * included) read when its request came in, and a request reads the generation again before it is
 * answered from memory, so no answer outlives the index it came from. Only the built-in engine's
 * answers are kept (Meilisearch syncs after the generation moves), never a degraded one, and only
 * for requests with no credentials (the search API reads no session today; if it ever does, its
 * answers to signed-in readers must not be shared).
 */
import { gzipSync } from "node:zlib";
import { LRUCache } from "lru-cache";
import { hasCredentials, PER_RESPONSE_HEADERS, type RequestLike } from "./html";

/** An answer as Next sent it, minus what belongs to one response. */
export type StoredAnswer = { headers: [string, string][]; body: Buffer; gzip: Buffer };

/** Answers are forgotten after this long unused, and the memory they may take (bounded by bytes). */
const ANSWER_TTL_MS = 60_000;
/** One answer larger than this is served as Next sent it, never kept. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** The key for a search request's answer (its address as sent), or undefined when it must go to Next. */
export function answerKey(request: RequestLike): string | undefined {
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  const url = request.url ?? "";
  if (!url.startsWith("/api/search?") && url !== "/api/search") return undefined;
  if (hasCredentials(request)) return undefined;
  return url;
}

/** The answer made shareable, or undefined when it must not be served to anyone else. */
export function toStoredAnswer(
  status: number,
  headers: Record<string, unknown>,
  body: Buffer,
): StoredAnswer | undefined {
  if (status !== 200 || body.length > MAX_ANSWER_BYTES) return undefined;
  const get = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v.join(", ") : v === undefined ? undefined : String(v);
  };
  if (!/^application\/json\b/i.test(get("content-type") ?? "")) return undefined;
  if (headers["set-cookie"] !== undefined) return undefined;
  if (get("content-encoding") && get("content-encoding") !== "identity") return undefined;
  try {
    // An answer given while an engine was down isn't worth keeping (lib/cache/search.ts doesn't either).
    if ((JSON.parse(body.toString("utf8")) as { degraded?: unknown }).degraded !== false) return undefined;
  } catch {
    return undefined;
  }
  const kept: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || PER_RESPONSE_HEADERS.has(name.toLowerCase())) continue;
    for (const v of Array.isArray(value) ? value : [String(value)]) kept.push([name.toLowerCase(), String(v)]);
  }
  return { headers: kept, body, gzip: gzipSync(body) };
}

/** Answers by generation and address, least recently used dropped first past `maxBytes`. */
export class AnswerCache {
  private readonly answers: LRUCache<string, StoredAnswer>;

  constructor(maxBytes: number) {
    this.answers = new LRUCache<string, StoredAnswer>({
      maxSize: maxBytes,
      sizeCalculation: (a, key) => a.body.length + a.gzip.length + key.length + 256,
      ttl: ANSWER_TTL_MS,
      ttlAutopurge: false,
    });
  }

  get(generation: number, key: string): StoredAnswer | undefined {
    return this.answers.get(`${generation} ${key}`);
  }

  set(generation: number, key: string, answer: StoredAnswer): void {
    this.answers.set(`${generation} ${key}`, answer);
  }

  get size(): number {
    return this.answers.size;
  }
}
