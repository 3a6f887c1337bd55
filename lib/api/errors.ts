/**
 * One typed error for the API and one wrapper that turns it (or anything
 * unexpected) into `{ error: { code, message } }` with a fitting status.
 */
import { NextResponse } from "next/server";
import { z } from "zod";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/db/errors";

export type ApiErrorCode = "bad_request" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "rate_limited" | "internal" | "unavailable";

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
  ) {
    super(message);
  }
}

export function errorResponse(code: ApiErrorCode, message: string): NextResponse {
  const headers = code === "unavailable" ? { "retry-after": String(RETRY_AFTER_SECONDS) } : undefined;
  return NextResponse.json({ error: { code, message } }, { status: statusOf[code], headers });
}

/** Query parameters → object, validated by `schema`; failures become a 400 naming the parameter. */
export function parseSearchParams<T extends z.ZodType>(url: URL | string, schema: T): z.infer<T> {
  const params = Object.fromEntries(new URL(url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ");
    throw new ApiError("bad_request", reason);
  }
  return parsed.data;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

export function withApi<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (err) {
      if (err instanceof ApiError) return errorResponse(err.code, err.message);
      if (isDatabaseUnavailable(err)) {
        // One line: the failed query's text and parameters (which may hold a reader's note) stay out of the log.
        console.error(`${request.method} ${new URL(request.url).pathname}: database unavailable`);
        return errorResponse("unavailable", DATABASE_UNAVAILABLE_MESSAGE);
      }
      console.error(`${request.method} ${new URL(request.url).pathname} failed`, err);
      return errorResponse("internal", "Something went wrong on our side.");
    }
  };
}
