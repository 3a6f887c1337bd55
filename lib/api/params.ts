/**
 * Query strings, read the same way by every API route. Each route lists the
 * parameters it accepts as a zod object; a parameter it doesn't know (a typo
 * such as `limt=5`, or one that belongs to another endpoint) is a 400 that
 * names what the route accepts, since ignoring it would answer a question the
 * client didn't ask. Lists all page alike: `limit` and `offset` in; `total`,
 * `limit`, `offset` and `next` (the address of the following page, or null)
 * out, with `next` also sent as a `Link: <…>; rel="next"` header.
 */
import { NextResponse } from "next/server";
import { z } from "zod";
import { ApiError, issuesToMessage } from "./errors";
import { findUrlProblem } from "./text";

/** Deepest offset a list accepts (search has its own, lower, bound). */
export const MAX_OFFSET = 1_000_000;

type QueryShape = Record<string, z.ZodType>;

/**
 * `limit` and `offset` for a list: optional here, so a route can tell whether
 * they were given; `resolvePage` applies the defaults.
 */
export function pagingShape(options: { maxLimit: number; maxOffset?: number }) {
  return {
    limit: z.coerce.number().int().min(1).max(options.maxLimit).optional(),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .max(options.maxOffset ?? MAX_OFFSET)
      .optional(),
  };
}

/**
 * The query string of `url`, checked against `schema`. Refused with a 400 and
 * its reason: a component that isn't UTF-8 or holds a control character, a
 * parameter the route doesn't accept, one given twice, or a value the schema
 * refuses. An empty value (`year=`) counts as not given, as HTML forms send it.
 */
export function parseQuery<S extends QueryShape>(url: URL | string, schema: z.ZodObject<S>): z.output<z.ZodObject<S>> {
  const parsedUrl = new URL(url);
  const problem = findUrlProblem(parsedUrl);
  if (problem) throw new ApiError("bad_request", problem);
  const accepted = Object.keys(schema.shape);
  const seen = new Set<string>();
  const values: Record<string, string> = {};
  for (const [name, value] of parsedUrl.searchParams) {
    const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
    if (!accepted.includes(name)) {
      const list = accepted.length > 0 ? `it accepts ${accepted.join(", ")}` : "it takes no query parameters";
      throw new ApiError("bad_request", `Unknown query parameter ${shown}: ${list}.`);
    }
    if (seen.has(name)) throw new ApiError("bad_request", `${name}: given more than once.`);
    seen.add(name);
    if (value !== "") values[name] = value;
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new ApiError("bad_request", issuesToMessage(parsed.error, "query"));
  return parsed.data;
}

/** For routes that take no query parameters: any parameter is refused. */
export const NO_QUERY = z.object({});

export type PageRequest = { limit: number; offset: number };

/**
 * The page a list request asks for. `perPage` and `page` are the deprecated
 * names `/api/issues` used to take: still understood, but not beside the
 * names that replace them.
 */
export function resolvePage(
  query: { limit?: number; offset?: number; perPage?: number; page?: number },
  defaultLimit: number,
): PageRequest {
  if (query.perPage !== undefined && query.limit !== undefined) {
    throw new ApiError("bad_request", "perPage: is the deprecated name of limit; give limit alone.");
  }
  if (query.page !== undefined && query.offset !== undefined) {
    throw new ApiError("bad_request", "page: is deprecated; give offset (the number of items to skip) alone.");
  }
  const limit = query.limit ?? query.perPage ?? defaultLimit;
  const offset = query.offset ?? ((query.page ?? 1) - 1) * limit;
  // `offset` itself is bounded by its schema; one worked out from `page` must keep to the same bound.
  if (offset > MAX_OFFSET)
    throw new ApiError(
      "bad_request",
      `page: ${query.page} at ${limit} per page skips past item ${MAX_OFFSET}, the furthest a list pages.`,
    );
  return { limit, offset };
}

/** Query parameters replaced by `limit`/`offset`; the next page's address uses the new names. */
const DEPRECATED_PAGING = ["page", "perPage"];

/**
 * The address of the page after this one (relative to the site), or null when
 * this is the last page or the next one lies beyond what `schema` accepts.
 * Every other parameter of the request is kept.
 */
export function nextPageUrl<S extends QueryShape>(
  url: URL | string,
  page: PageRequest & { total: number },
  schema: z.ZodObject<S>,
): string | null {
  const nextOffset = page.offset + page.limit;
  if (nextOffset >= page.total) return null;
  const current = new URL(url);
  const params = new URLSearchParams();
  for (const [name, value] of current.searchParams) {
    if (value !== "" && !DEPRECATED_PAGING.includes(name) && name !== "limit" && name !== "offset")
      params.set(name, value);
  }
  params.set("limit", String(page.limit));
  params.set("offset", String(nextOffset));
  if (!schema.safeParse(Object.fromEntries(params)).success) return null;
  return `${current.pathname}?${params}`;
}

export type PageFields = { total: number; limit: number; offset: number; next: string | null };

/** The paging fields every list carries. */
export function pageFields<S extends QueryShape>(
  url: URL | string,
  page: PageRequest & { total: number },
  schema: z.ZodObject<S>,
): PageFields {
  return { total: page.total, limit: page.limit, offset: page.offset, next: nextPageUrl(url, page, schema) };
}

/** A list as JSON, with its next page also as a `Link` header. */
export function listResponse(
  body: { next: string | null } & Record<string, unknown>,
  init: { headers?: Record<string, string> } = {},
): NextResponse {
  const headers: Record<string, string> = { ...init.headers };
  if (body.next) headers.link = `<${body.next}>; rel="next"`;
  return NextResponse.json(body, { headers });
}
