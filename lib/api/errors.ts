/**
 * One typed error for the API and one wrapper that turns it (or anything
 * unexpected) into `{ error: { code, message } }` with a fitting status.
 */
import { NextResponse } from "next/server";
import { z } from "zod";

export type ApiErrorCode = "bad_request" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "rate_limited" | "internal";

const statusOf: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
};

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function errorResponse(code: ApiErrorCode, message: string): NextResponse {
  return NextResponse.json({ error: { code, message } }, { status: statusOf[code] });
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
      console.error(`${request.method} ${new URL(request.url).pathname} failed`, err);
      return errorResponse("internal", "Something went wrong on our side.");
    }
  };
}
