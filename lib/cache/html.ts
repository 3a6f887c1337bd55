/**
 * Whole pages for signed-out readers, kept in memory by the app's own server (scripts/server.ts):
 * the HTML Next rendered for one signed-out reader is served again to the next ones until any
 * expiry (lib/cache/expire.ts, revalidateTag/revalidatePath anywhere in the app) drops every copy.
 * Only pages that can't differ between signed-out readers are kept: no credentials on the way in
 * (no cookie that isn't on the harmless list, no Authorization), no cookie on the way out, a 200
 * of text/html; and the nonce is swapped for the hashes of the page's inline scripts (csp.ts).
 *
 * Expiry is all-or-nothing, not per tag: a page reads many tagged entries (its issue, the lists,
 * concept data, public notes) and nothing records which, so any expiry drops every page. Pages are
 * re-rendered once each on their next view; the data cache below them stays per tag.
 */
import { gzipSync } from "node:zlib";
import { LRUCache } from "lru-cache";
import { getBotType } from "next/dist/shared/lib/router/utils/is-bot";
import { withoutNonce } from "./csp";
import { firstForwarded } from "@/lib/forwarded";

/** A stored page: what Next sent, minus what belongs to one response (date, length, nonce policy). */
export type StoredPage = {
  headers: [string, string][];
  body: Buffer;
  gzip: Buffer;
  scriptHashes: string[];
  styleHashes: string[];
};

/** Pages are also re-rendered after this long, for what changes without an expiry (a change made while the app was down). */
const PAGE_TTL_MS = 5 * 60_000;
/** A page larger than this is served as rendered, never kept (none of ours comes near). */
export const MAX_PAGE_BYTES = 4 * 1024 * 1024;

// The pages that look the same to every signed-out reader. Search results, sign-in, the reader's
// own pages, the author's, and the API are left to Next on every request (search answers have their own store: answers.ts).
const CACHEABLE_PATH = /^\/(?:(?:issues|concepts)(?:\/[^/?#]+)?\/?)?$/;

// Auth.js sets these for a sign-in under way; no page reads them.
const HARMLESS_COOKIES = new Set([
  "authjs.csrf-token",
  "__Host-authjs.csrf-token",
  "authjs.callback-url",
  "__Secure-authjs.callback-url",
]);

// Requests for the RSC payload (client navigation, prefetch) or a server action: they get a
// different body from the same address, so they are never answered from or stored as a page.
const NEXT_REQUEST_HEADERS = [
  "rsc",
  "next-router-prefetch",
  "next-router-state-tree",
  "next-router-segment-prefetch",
  "next-action",
  "next-url",
  "next-hmr-refresh",
];

/** Headers that belong to one response, never to a stored copy (answers.ts keeps the rest too). */
export const PER_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
  "x-concordance-cache",
]);

// Those, and the one this module rewrites (a stored page never has a cookie).
const NOT_STORED = new Set([...PER_RESPONSE_HEADERS, "content-security-policy", "set-cookie"]);

export type RequestLike = { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };

function header(request: RequestLike, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether a request carries anything that can make its page differ from another signed-out reader's. */
export function hasCredentials(request: RequestLike): boolean {
  if (request.headers.authorization !== undefined) return true;
  const cookie = request.headers.cookie;
  if (cookie === undefined) return false;
  for (const part of (Array.isArray(cookie) ? cookie.join("; ") : cookie).split(";")) {
    const name = part.split("=")[0]!.trim();
    if (name && !HARMLESS_COOKIES.has(name)) return true;
  }
  return false;
}

/**
 * The key a request's page is kept under (its whole address: scheme, host and the path and query
 * exactly as sent), or undefined when the request must go to Next.
 */
export function pageCacheKey(request: RequestLike): string | undefined {
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  const url = request.url ?? "";
  if (!url.startsWith("/")) return undefined;
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  if (!CACHEABLE_PATH.test(path)) return undefined;
  if (q >= 0 && /(?:^|&)_rsc=/.test(url.slice(q + 1))) return undefined;
  if (NEXT_REQUEST_HEADERS.some((h) => request.headers[h] !== undefined)) return undefined;
  if (hasCredentials(request)) return undefined;
  // Pages build absolute addresses (metadata) from these, as lib/site.ts's siteOrigin does.
  const host = firstForwarded(request.headers["x-forwarded-host"]) || header(request, "host") || "";
  const proto = firstForwarded(request.headers["x-forwarded-proto"]) || "http";
  // Next streams metadata to browsers but puts it in the head for crawlers that don't run scripts:
  // the HTML differs by the kind of client, so each kind has its own copy.
  const bot = getBotType(header(request, "user-agent") ?? "");
  return `${proto}://${host}${url}${bot ? ` (${bot} bot)` : ""}`;
}

/** A response Next sent, as the server captured it. */
export type RenderedPage = {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Buffer;
};

/** The page made shareable, or undefined when this response must not be served to anyone else. */
export function toStoredPage(rendered: RenderedPage): StoredPage | undefined {
  if (rendered.status !== 200) return undefined;
  const get = (name: string) => {
    const v = rendered.headers[name];
    return Array.isArray(v) ? v.join(", ") : v === undefined ? undefined : String(v);
  };
  if (!/^text\/html\b/i.test(get("content-type") ?? "")) return undefined;
  if (rendered.headers["set-cookie"] !== undefined) return undefined;
  // Encoded bodies aren't rewritten (the server asks Next for identity ones).
  if (get("content-encoding") && get("content-encoding") !== "identity") return undefined;
  if (rendered.body.length > MAX_PAGE_BYTES) return undefined;
  const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(get("content-security-policy") ?? "")?.[1];
  // Only pages whose policy we know how to restate (proxy.ts) are kept.
  if (!nonce) return undefined;
  const { html, scriptHashes, styleHashes } = withoutNonce(rendered.body.toString("utf8"), nonce);
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(rendered.headers)) {
    if (value === undefined || NOT_STORED.has(name.toLowerCase())) continue;
    // Next repeats the nonce on its preload Link header.
    for (const v of Array.isArray(value) ? value : [String(value)])
      headers.push([name.toLowerCase(), v.split(`; nonce="${nonce}"`).join("").split(nonce).join("")]);
  }
  const body = Buffer.from(html, "utf8");
  return { headers, body, gzip: gzipSync(body), scriptHashes, styleHashes };
}

function sizeOf(page: StoredPage, key: string): number {
  let size = page.body.length + page.gzip.length + key.length + 256;
  for (const [n, v] of page.headers) size += n.length + v.length;
  for (const h of page.scriptHashes) size += h.length;
  for (const h of page.styleHashes) size += h.length;
  return size;
}

/**
 * The pages, least recently served dropped first once their bytes pass `maxBytes`. A page rendered
 * before the latest drop is refused: its data may be older than the change that caused the drop.
 */
export class PageCache {
  private readonly pages: LRUCache<string, StoredPage>;
  /** Counts drops; a render remembers the value it started under. */
  private generation = 0;

  constructor(
    readonly maxBytes: number,
    ttlMs = PAGE_TTL_MS,
  ) {
    this.pages = new LRUCache<string, StoredPage>({
      maxSize: maxBytes,
      sizeCalculation: (page, key) => sizeOf(page, key),
      ttl: ttlMs,
      ttlAutopurge: false,
    });
  }

  get(key: string): StoredPage | undefined {
    return this.pages.get(key);
  }

  /** The generation a render starting now belongs to. */
  begin(): number {
    return this.generation;
  }

  /** Keep a page rendered in `generation`; false when it was refused (stale, or too large for the whole cache). */
  set(key: string, page: StoredPage, generation: number): boolean {
    if (generation !== this.generation) return false;
    // lru-cache refuses (and doesn't keep) a page larger than maxSize by itself.
    this.pages.set(key, page);
    return this.pages.has(key);
  }

  /** Forget every page, and refuse those whose render is under way. */
  dropAll(): void {
    this.generation += 1;
    this.pages.clear();
  }

  get size(): number {
    return this.pages.size;
  }

  get bytes(): number {
    return this.pages.calculatedSize;
  }
}

const REGISTRY = Symbol.for("concordance.page-cache");
type Registry = { [REGISTRY]?: PageCache };

/** Make `cache` the one the app's expiries drop (the server does this once, before serving). */
export function registerPageCache(cache: PageCache): void {
  (globalThis as Registry)[REGISTRY] = cache;
}

/**
 * Drop every stored page. The app's expiries reach the cache through Next's tag manifest (the
 * server watches it); this is called as well by the expiry paths we own, and does nothing where
 * no page cache runs (`next dev`, tests).
 */
export function dropCachedPages(): void {
  (globalThis as Registry)[REGISTRY]?.dropAll();
}
