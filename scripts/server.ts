/**
 * The production web server `npm start` runs (scripts/start.ts): Next's own request handler
 * behind a page cache for signed-out readers (lib/cache/html.ts). A page a signed-out reader
 * asks for is rendered by Next once, then served from memory to every signed-out reader after
 * them, with a policy that lists its inline scripts' hashes instead of the one reader's nonce,
 * until anything in the app expires cached data. Search answers (`GET /api/search`) are kept the
 * same way, per index generation (lib/cache/answers.ts). Everything else — signed-in readers,
 * writes, the rest of the API, RSC requests — goes to Next exactly as with `next start`.
 *
 *   node --import tsx scripts/server.ts --port 3000 [--page-cache-mb 64]
 */
import http from "node:http";
import { createRequire } from "node:module";
import { Command } from "commander";
import next from "next";
import { getDb } from "@/db";
import { AnswerCache, answerKey, MAX_ANSWER_BYTES, toStoredAnswer, type StoredAnswer } from "@/lib/cache/answers";
import { pageContentSecurityPolicy } from "@/lib/cache/csp";
import {
  MAX_PAGE_BYTES,
  PageCache,
  pageCacheKey,
  registerPageCache,
  toStoredPage,
  type StoredPage,
} from "@/lib/cache/html";
import { refusal } from "@/lib/api/refusal";
import { getEnv } from "@/lib/env";
import { forwardedHttps } from "@/lib/forwarded";
import { readGeneration } from "@/lib/search/builtin-cache";
import { SECURITY_HEADERS } from "@/lib/security-headers";

const opts = new Command()
  .name("server")
  .option("-p, --port <port>", "port to listen on", process.env.PORT ?? "3000")
  .option("--page-cache-mb <mb>", "memory for signed-out readers' pages (0: none)", "64")
  .parse()
  .opts<{ port: string; pageCacheMb: string }>();

const say = (line: string) => process.stderr.write(`${line}\n`);

const port = Number(opts.port);
const cacheBytes = Math.max(0, Number(opts.pageCacheMb)) * 1024 * 1024;
if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--port: ${opts.port} is not a port number`);
if (!Number.isFinite(cacheBytes)) throw new Error(`--page-cache-mb: ${opts.pageCacheMb} is not a number`);

/**
 * Every expiry in the app — revalidateTag, revalidatePath, from a server action, a route handler or
 * POST /api/revalidate — ends in an entry written to Next's tag manifest, in this process. Any write
 * drops every stored page. Without that manifest (a Next.js that moved it), no page is kept at all:
 * a page that outlives a change is worse than a slower one.
 */
function watchExpiries(cache: PageCache): boolean {
  try {
    const require = createRequire(__filename);
    const { tagsManifest } = require("next/dist/server/lib/incremental-cache/tags-manifest.external") as {
      tagsManifest?: Map<string, unknown>;
    };
    if (!(tagsManifest instanceof Map)) return false;
    const set = tagsManifest.set.bind(tagsManifest);
    tagsManifest.set = (tag, value) => {
      cache.dropAll();
      return set(tag, value);
    };
    return true;
  } catch {
    return false;
  }
}

const env = getEnv();
const policyOptions = { dev: false, github: !!(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) };

/**
 * The methods the site's pages and API serve. Any other is refused here with a 405: Next builds a
 * Fetch Request for every request, which can't carry TRACE, so it answered TRACE with a 500 (and
 * TRACE would echo a request's cookies back: cross-site tracing); pages answered WebDAV methods
 * (PROPFIND, MKCOL…) as if they were GETs. An API path refuses the methods it doesn't serve here
 * too, naming those it does (lib/api/allowed-methods.ts): Next's own 405 says neither.
 */
const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** The methods `req`'s path serves when `req.method` isn't one of them, else null. */
function refusedFor(req: http.IncomingMessage, allowedMethods: (pathname: string) => string[] | null): string[] | null {
  const method = req.method ?? "";
  if (!SERVED_METHODS.includes(method)) return SERVED_METHODS;
  const url = req.url ?? "/";
  if (!url.startsWith("/api/")) return null;
  const allowed = allowedMethods(url.split("?")[0]!);
  return allowed && !allowed.includes(method) ? allowed : null;
}

function refuseMethod(req: http.IncomingMessage, res: http.ServerResponse, allowed: string[]): void {
  const pathname = (req.url ?? "/").split("?")[0]!;
  const message = pathname.startsWith("/api/")
    ? `${req.method} is not a method of this address; it serves ${allowed.join(", ")}.`
    : `${req.method} is not a method this site serves.`;
  const { headers, body } = refusal(pathname, "method_not_allowed", message);
  for (const { key, value } of SECURITY_HEADERS) res.setHeader(key, value);
  res.writeHead(405, { ...headers, allow: allowed.join(", "), "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function acceptsGzip(req: http.IncomingMessage): boolean {
  return /\bgzip\b/i.test(String(req.headers["accept-encoding"] ?? ""));
}

function serveStored(req: http.IncomingMessage, res: http.ServerResponse, page: StoredPage): void {
  const gzip = acceptsGzip(req);
  const body = gzip ? page.gzip : page.body;
  for (const [name, value] of page.headers) res.appendHeader(name, value);
  res.setHeader(
    "content-security-policy",
    pageContentSecurityPolicy(
      { scriptHashes: page.scriptHashes, styleHashes: page.styleHashes },
      { ...policyOptions, https: forwardedHttps(req.headers["x-forwarded-proto"]) },
    ),
  );
  if (gzip) res.setHeader("content-encoding", "gzip");
  res.setHeader("content-length", body.length);
  res.setHeader("x-concordance-cache", "hit");
  res.writeHead(200);
  res.end(req.method === "HEAD" ? undefined : body);
}

function serveAnswer(req: http.IncomingMessage, res: http.ServerResponse, answer: StoredAnswer): void {
  const gzip = acceptsGzip(req);
  const body = gzip ? answer.gzip : answer.body;
  for (const [name, value] of answer.headers) res.appendHeader(name, value);
  if (gzip) res.setHeader("content-encoding", "gzip");
  res.setHeader("content-length", body.length);
  res.setHeader("x-concordance-cache", "hit");
  res.writeHead(200);
  res.end(req.method === "HEAD" ? undefined : body);
}

/**
 * A search answered from memory when the same one was answered at the index's current
 * generation; else by Next, keeping a copy. The generation is read for every request (one small
 * query), so an ingest in another process is seen by the very next search.
 */
async function answerSearch(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  answers: AnswerCache,
  key: string,
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
): Promise<void> {
  let generation: number;
  try {
    generation = await readGeneration(getDb());
  } catch {
    // The database is away: Next answers (with its 503) and nothing is kept.
    return handle(req, res);
  }
  const known = answers.get(generation, key);
  if (known) return serveAnswer(req, res, known);
  if (req.method === "HEAD") return handle(req, res);
  delete req.headers["accept-encoding"];
  capture(
    res,
    (status, headers, body) => {
      const answer = toStoredAnswer(status, headers, body);
      if (answer) answers.set(generation, key, answer);
    },
    MAX_ANSWER_BYTES,
  );
  res.setHeader("x-concordance-cache", "miss");
  return handle(req, res);
}

/** Let Next answer, and keep a copy of what it sent; `done` gets it once the response has gone out whole. */
function capture(
  res: http.ServerResponse,
  done: (status: number, headers: http.OutgoingHttpHeaders, body: Buffer) => void,
  maxBytes = MAX_PAGE_BYTES,
): void {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let overflow = false;
  let headHeaders: http.OutgoingHttpHeaders = {};
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (overflow || chunk == null || typeof chunk === "function") return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array);
    bytes += buffer.length;
    if (bytes > maxBytes) overflow = true;
    else chunks.push(buffer);
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as typeof res.end;
  // Headers given to writeHead directly aren't all visible through getHeaders() afterwards.
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const given = rest.find((r) => r && typeof r === "object") as
      | http.OutgoingHttpHeaders
      | [string, string][]
      | undefined;
    if (Array.isArray(given)) for (const [n, v] of given) headHeaders[n.toLowerCase()] = v;
    else if (given) for (const [n, v] of Object.entries(given)) headHeaders[n.toLowerCase()] = v;
    return writeHead(status, ...rest);
  }) as typeof res.writeHead;
  res.once("finish", () => {
    if (overflow) return;
    headHeaders = { ...res.getHeaders(), ...headHeaders };
    done(res.statusCode, headHeaders, Buffer.concat(chunks));
  });
}

async function main(): Promise<void> {
  const app = next({ dev: false, dir: process.cwd(), port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Loaded once Next is ready: the OpenAPI document reaches modules that need Next's request storage.
  const { allowedMethods } = await import("@/lib/api/allowed-methods");

  let cache: PageCache | undefined;
  if (cacheBytes > 0) {
    cache = new PageCache(cacheBytes);
    if (watchExpiries(cache)) registerPageCache(cache);
    else {
      say(
        "warning: Next's tag manifest was not found; signed-out readers' pages are not kept (each is rendered per request).",
      );
      cache = undefined;
    }
  }

  // The built-in engine's answers only: Meilisearch's copy syncs after the generation moves.
  const answers = cache && !getEnv().MEILI_HOST ? new AnswerCache(cacheBytes / 4) : undefined;

  const server = http.createServer((req, res) => {
    const refused = refusedFor(req, allowedMethods);
    if (refused) return refuseMethod(req, res, refused);
    const searchKey = answers && answerKey(req);
    if (answers && searchKey)
      return void answerSearch(req, res, answers, searchKey, handle).catch((err: unknown) => {
        // Never an unhandled rejection (it would stop the server): this one request fails, as the API says.
        say(`GET /api/search failed in the answer store: ${err instanceof Error ? err.message : String(err)}`);
        if (res.headersSent) return void res.end();
        res.writeHead(500, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(JSON.stringify({ error: { code: "internal", message: "Something went wrong on our side." } }));
      });
    const key = cache && pageCacheKey(req);
    if (!cache || !key) return void handle(req, res);
    const stored = cache.get(key);
    if (stored) return serveStored(req, res, stored);
    if (req.method === "HEAD") return void handle(req, res);
    // The copy kept must be plain HTML; this one reader's response goes out uncompressed.
    delete req.headers["accept-encoding"];
    const generation = cache.begin();
    const pages = cache;
    capture(res, (status, headers, body) => {
      const page = toStoredPage({ status, headers, body });
      if (page) pages.set(key, page, generation);
    });
    res.setHeader("x-concordance-cache", "miss");
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeIdleConnections();
    // Requests under way get a moment to finish; the launcher gives up on us after that anyway.
    setTimeout(() => server.closeAllConnections(), 5000).unref();
    void app.close().finally(() => process.exit(0));
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);
  // The launcher (scripts/start.ts) killed outright: don't keep serving on its port.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop(), 1000).unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  say(`Ready on port ${port}${cache ? ` (signed-out readers' pages kept in up to ${opts.pageCacheMb} MB)` : ""}`);
}

main().catch((err: unknown) => {
  say(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
