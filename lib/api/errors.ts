/**
 * One typed error for the API and one wrapper that turns it (or anything
 * unexpected) into `{ error: { code, message } }` with a fitting status.
 */
import { NextResponse } from "next/server";
import type { z } from "zod";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/db/errors";
import { findUnsafeCharacter } from "./text";

export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "internal"
  | "unavailable";

const statusOf: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** Seconds a client is asked to wait before retrying a 503: the embedded database restarts within a few. */
const RETRY_AFTER_SECONDS = 5;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Seconds until a rate-limited request may be repeated: sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

function errorResponse(code: ApiErrorCode, message: string, retryAfterSeconds?: number): NextResponse {
  const wait = retryAfterSeconds ?? (code === "unavailable" ? RETRY_AFTER_SECONDS : undefined);
  const headers = wait === undefined ? undefined : { "retry-after": String(Math.max(1, Math.ceil(wait))) };
  return NextResponse.json({ error: { code, message } }, { status: statusOf[code], headers });
}

/** A zod failure as one line, each complaint naming its field (or `root` for the whole value). */
export function issuesToMessage(error: z.ZodError, root: string): string {
  return error.issues.map((i) => `${i.path.join(".") || root}: ${i.message}`).join("; ");
}

/** A path segment such as a slug or id (already decoded by Next): text without control characters, of a sane length. */
export function parseRouteParam(value: string, name: string, maxLength = 200): string {
  const unsafe = findUnsafeCharacter(value);
  if (unsafe) throw new ApiError("bad_request", `${name}: contains ${unsafe}.`);
  if (value.length === 0 || value.length > maxLength)
    throw new ApiError("bad_request", `${name}: must be 1 to ${maxLength} characters.`);
  return value;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The first string anywhere in `value` (keys included) with a character text may not contain. */
function findUnsafeInJson(value: unknown, path: string): string | null {
  if (typeof value === "string") {
    const unsafe = findUnsafeCharacter(value, { allowNewlines: true });
    return unsafe && `${path || "body"}: contains ${unsafe}`;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnsafeInJson(item, `${path}.${i}`);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = findUnsafeCharacter(key);
      if (keyProblem) return `${path || "body"}: a key contains ${keyProblem}`;
      const found = findUnsafeInJson(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/**
 * A JSON request body validated by `schema`. Each failure is a 400 with its
 * reason: too large, not UTF-8, not JSON, a NUL or control character in any
 * string, or what the schema says.
 */
export async function parseJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
  maxBytes = 64 * 1024,
): Promise<z.infer<T>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new ApiError("bad_request", `body: at most ${maxBytes} bytes.`);
  const bytes = new Uint8Array(await request.arrayBuffer().catch(() => new ArrayBuffer(0)));
  if (bytes.byteLength > maxBytes) throw new ApiError("bad_request", `body: at most ${maxBytes} bytes.`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ApiError("bad_request", "body: is not valid UTF-8.");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "body: send a JSON object (Content-Type: application/json).");
  }
  const unsafe = findUnsafeInJson(json, "");
  if (unsafe) throw new ApiError("bad_request", `${unsafe}.`);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError("bad_request", issuesToMessage(parsed.error, "body"));
  return parsed.data;
}

/**
 * An error as it may be logged: a failed query's message carries its
 * parameters (a reader's note, an email), so any failed query in the error or
 * its causes is replaced by its query text and the database's own reason.
 */
export function redactForLog(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error) || depth > 5) return err;
  const withQuery = err as Error & { query?: unknown; params?: unknown };
  if (typeof withQuery.query === "string" && "params" in withQuery) {
    const cause = err.cause instanceof Error ? `${err.cause.name}: ${err.cause.message}` : String(err.cause ?? "");
    const redacted = new Error(
      `Failed query (parameters not logged): ${withQuery.query}${cause ? `\n  cause: ${cause}` : ""}`,
    );
    redacted.name = err.name;
    const frames = (err.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
    redacted.stack = [`${redacted.name}: ${redacted.message}`, ...frames].join("\n");
    // Next.js's reference for the error page ("digest") stays, so logs and pages still match.
    const digest = (err as Error & { digest?: unknown }).digest;
    if (digest !== undefined) Object.assign(redacted, { digest });
    return redacted;
  }
  if (err.cause === undefined) return err;
  let cause: unknown;
  if (err.cause instanceof Error) {
    cause = redactForLog(err.cause, depth + 1);
  } else if (typeof err.cause === "object" && err.cause !== null && "err" in err.cause) {
    // Auth.js wraps the original error as { err, ...details }; the details can hold a request body.
    const inner = redactForLog((err.cause as { err: unknown }).err, depth + 1);
    cause = inner;
  } else {
    cause = err.cause;
  }
  if (cause === err.cause) return err;
  const copy = new Error(err.message, { cause });
  copy.name = err.name;
  copy.stack = err.stack;
  return copy;
}

/** The error of class `type` in `err`'s causes (Auth.js wraps them as `{ err }`), if any. */
export function findCause<T extends Error>(err: unknown, type: new (...args: never[]) => T): T | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof type) return e;
    const cause: unknown = (e as { cause?: unknown }).cause;
    e = cause && typeof cause === "object" && "err" in cause ? (cause as { err: unknown }).err : cause;
  }
  return null;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

export function withApi<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (err) {
      if (err instanceof ApiError) return errorResponse(err.code, err.message, err.retryAfterSeconds);
      if (isDatabaseUnavailable(err)) {
        // One line: the failed query's text and parameters (which may hold a reader's note) stay out of the log.
        console.error(`${request.method} ${new URL(request.url).pathname}: database unavailable`);
        return errorResponse("unavailable", DATABASE_UNAVAILABLE_MESSAGE);
      }
      console.error(`${request.method} ${new URL(request.url).pathname} failed`, redactForLog(err));
      return errorResponse("internal", "Something went wrong on our side.");
    }
  };
}
