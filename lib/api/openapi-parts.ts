/**
 * The building blocks of the OpenAPI document (lib/api/openapi.ts): JSON Schema shorthands, the
 * closed-object helper, paging, parameters and the error answers every operation shares.
 */
import { z } from "zod";
import { MAX_OFFSET } from "./params";
import { CONTROL_NO_BREAKS, CONTROL_WITH_BREAKS } from "./text";

export type Schema = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const orNull = (schema: Schema): Schema => ({ anyOf: [schema, { type: "null" }] });
export const str: Schema = { type: "string" };
export const int: Schema = { type: "integer" };
export const bool: Schema = { type: "boolean" };
export const dateTime: Schema = { type: "string", format: "date-time" };
/** A path on this site (`/issues/decision-log`, `/issues/x#b-1a2b`). */
export const sitePath: Schema = { type: "string", pattern: "^/" };

/** A closed object: every property listed, all required unless named in `optional`. */
export function obj(properties: Record<string, Schema>, optional: string[] = [], description?: string): Schema {
  return {
    type: "object",
    ...(description ? { description } : {}),
    additionalProperties: false,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  };
}

/** What every list answers besides its items. */
export const pageProperties: Record<string, Schema> = {
  total: { type: "integer", minimum: 0, description: "How many items the whole list holds." },
  limit: { type: "integer", minimum: 1, description: "The page size used." },
  offset: { type: "integer", minimum: 0, description: "How many items were skipped." },
  next: {
    anyOf: [sitePath, { type: "null" }],
    description:
      'The address of the next page (all other parameters kept), or null on the last page. Also sent as a `Link: <…>; rel="next"` header.',
  },
};

export function list(item: Schema, extra: Record<string, Schema> = {}, optional: string[] = []): Schema {
  return obj({ items: { type: "array", items: item }, ...pageProperties, ...extra }, optional);
}

/** A request body schema from the zod schema its handler parses with. */
export function bodySchema(schema: z.ZodType): Schema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Schema;
  return json;
}

export type Parameter = {
  name: string;
  in: "query" | "path";
  description: string;
  required?: boolean;
  deprecated?: boolean;
  schema: Schema;
  example?: unknown;
};

export function pagingParameters(defaultLimit: number, maxLimit: number, maxOffset = MAX_OFFSET): Parameter[] {
  return [
    {
      name: "limit",
      in: "query",
      description: `Page size (default ${defaultLimit}).`,
      schema: { type: "integer", minimum: 1, maximum: maxLimit, default: defaultLimit },
      example: 2,
    },
    {
      name: "offset",
      in: "query",
      description: "How many items to skip (default 0).",
      schema: { type: "integer", minimum: 0, maximum: maxOffset, default: 0 },
      example: 1,
    },
  ];
}

/**
 * Text the app accepts in a path segment and in a query parameter's value: no NUL or control
 * characters (line breaks allowed in a query value), as lib/api/text.ts checks; anything else is a 400.
 */
const pathText = { type: "string", pattern: `^[^${CONTROL_NO_BREAKS}]*$` } as const;
export const queryText = { type: "string", pattern: `^[^${CONTROL_WITH_BREAKS}]*$` } as const;

export const slugParameter = (what: string, example: string): Parameter => ({
  name: "slug",
  in: "path",
  required: true,
  description: `The ${what}'s slug.`,
  schema: { ...pathText, minLength: 1, maxLength: 200 },
  example,
});
export const idParameter: Parameter = {
  name: "id",
  in: "path",
  required: true,
  description: "The annotation's id.",
  schema: { type: "string", format: "uuid" },
};
export const replyIdParameter: Parameter = {
  name: "replyId",
  in: "path",
  required: true,
  description: "The reply's id.",
  schema: { type: "string", format: "uuid" },
};

export function json(description: string, schema: Schema, headers?: Record<string, unknown>) {
  return { description, ...(headers ? { headers } : {}), content: { "application/json": { schema } } };
}

export const linkHeader = {
  link: { description: 'The next page, when there is one: `<address>; rel="next"`.', schema: { type: "string" } },
};

export const error = (description: string) => json(description, ref("Error"));
export const badRequest = error(
  "A parameter or the body was refused; `message` says which and why (an unknown query parameter included).",
);
export const unauthorized = error("Not signed in (or the session has ended).");
const forbidden = error("Not allowed: someone else's annotation, or a request from another site (`Origin`).");
export const notFound = error("Nothing by that slug or id, or nothing this caller may see.");
export const unavailable = error(
  "The database (or the configured search engine) isn't answering; try again after `Retry-After` seconds.",
);
const conflict = error(
  "Refused in the annotation's current state: a passage no longer in the issue's text, a private or deleted annotation's thread, a public annotation with replies made private…",
);
export const rateLimited = error("Too many of these in a short time; `Retry-After` says when to try again.");

export const cookieAuth = [{ sessionCookie: [] }];

/** The answers every read of one thing or list may give besides its own. */
export const readErrors = { 400: badRequest, 404: notFound, 503: unavailable };

/** The answers every write may give besides its own: a refused body, who is asking, the annotation's state. */
export const writeErrors = {
  400: badRequest,
  401: unauthorized,
  403: forbidden,
  404: notFound,
  409: conflict,
  503: unavailable,
};

/** A 201 with the new resource and its address. */
export function created(description: string, schema: Schema, what: string) {
  return json(description, schema, { location: { description: `The ${what}'s address.`, schema: { type: "string" } } });
}
