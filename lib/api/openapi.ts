/**
 * The public API, described once: served at /api/openapi.json, and the
 * document tests/e2e/openapi.spec.ts holds the running app to (every route
 * file documented, every documented operation called, every JSON answer
 * validated against its schema here). Response schemas are written out by
 * hand and closed (`additionalProperties: false`), so a renamed or new field
 * fails that test until it is described here; request bodies are generated
 * from the zod schemas the handlers validate with, so they can't drift.
 */
import { z } from "zod";
import { annotationCreateSchema, annotationUpdateSchema, replyCreateSchema, replyUpdateSchema } from "@/lib/annotations/actions";
import { MAX_OFFSET } from "./params";

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const orNull = (schema: Schema): Schema => ({ anyOf: [schema, { type: "null" }] });
const str: Schema = { type: "string" };
const int: Schema = { type: "integer" };
const bool: Schema = { type: "boolean" };
const dateTime: Schema = { type: "string", format: "date-time" };
/** A path on this site (`/issues/decision-log`, `/issues/x#b-1a2b`). */
const sitePath: Schema = { type: "string", pattern: "^/" };

/** A closed object: every property listed, all required unless named in `optional`. */
function obj(properties: Record<string, Schema>, optional: string[] = [], description?: string): Schema {
  return {
    type: "object",
    ...(description ? { description } : {}),
    additionalProperties: false,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  };
}

/** What every list answers besides its items. */
const pageProperties: Record<string, Schema> = {
  total: { type: "integer", minimum: 0, description: "How many items the whole list holds." },
  limit: { type: "integer", minimum: 1, description: "The page size used." },
  offset: { type: "integer", minimum: 0, description: "How many items were skipped." },
  next: {
    anyOf: [sitePath, { type: "null" }],
    description: "The address of the next page (all other parameters kept), or null on the last page. Also sent as a `Link: <…>; rel=\"next\"` header.",
  },
};

function list(item: Schema, extra: Record<string, Schema> = {}, optional: string[] = []): Schema {
  return obj({ items: { type: "array", items: item }, ...pageProperties, ...extra }, optional);
}

/** A request body schema from the zod schema its handler parses with. */
function bodySchema(schema: z.ZodType): Schema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Schema;
  return json;
}

type Parameter = { name: string; in: "query" | "path"; description: string; required?: boolean; deprecated?: boolean; schema: Schema; example?: unknown };

function pagingParameters(defaultLimit: number, maxLimit: number, maxOffset = MAX_OFFSET): Parameter[] {
  return [
    { name: "limit", in: "query", description: `Page size (default ${defaultLimit}).`, schema: { type: "integer", minimum: 1, maximum: maxLimit, default: defaultLimit }, example: 2 },
    { name: "offset", in: "query", description: "How many items to skip (default 0).", schema: { type: "integer", minimum: 0, maximum: maxOffset, default: 0 }, example: 1 },
  ];
}

const slugParameter = (what: string, example: string): Parameter => ({ name: "slug", in: "path", required: true, description: `The ${what}'s slug.`, schema: { type: "string", minLength: 1, maxLength: 200 }, example });
const idParameter: Parameter = { name: "id", in: "path", required: true, description: "The annotation's id.", schema: { type: "string", format: "uuid" } };
const replyIdParameter: Parameter = { name: "replyId", in: "path", required: true, description: "The reply's id.", schema: { type: "string", format: "uuid" } };

function json(description: string, schema: Schema, headers?: Record<string, unknown>) {
  return { description, ...(headers ? { headers } : {}), content: { "application/json": { schema } } };
}

const linkHeader = { link: { description: 'The next page, when there is one: `<address>; rel="next"`.', schema: { type: "string" } } };

const error = (description: string) => json(description, ref("Error"));
const badRequest = error("A parameter or the body was refused; `message` says which and why (an unknown query parameter included).");
const unauthorized = error("Not signed in (or the session has ended).");
const forbidden = error("Not allowed: someone else's annotation, or a request from another site (`Origin`).");
const notFound = error("Nothing by that slug or id, or nothing this caller may see.");
const unavailable = error("The database (or the configured search engine) isn't answering; try again after `Retry-After` seconds.");
const conflict = error("Refused in the annotation's current state: a passage no longer in the issue's text, a private or deleted annotation's thread, a public annotation with replies made private…");
const rateLimited = error("Too many of these in a short time; `Retry-After` says when to try again.");

const cookieAuth = [{ sessionCookie: [] }];

const schemas: Record<string, Schema> = {
  Error: obj({
    error: obj({
      code: { type: "string", enum: ["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "rate_limited", "internal", "unavailable"] },
      message: { type: "string", description: "What went wrong, in a sentence a person can act on." },
    }),
  }),
  IssueSummary: obj({
    slug: str,
    url: sitePath,
    number: orNull(int),
    series: orNull(str),
    title: str,
    subtitle: orNull(str),
    publishedAt: orNull(dateTime),
    datePrecision: { ...orNull({ type: "string", enum: ["day", "month", "year"] }), description: "How much of `publishedAt` is known (it is then the first day of that month or year); null when undated." },
    sourceUrl: orNull(str),
    excerpt: str,
  }),
  Block: obj(
    {
      id: { type: "string", description: "Stable across revisions: derived from the block's own text." },
      kind: { type: "string", enum: ["p", "h2", "h3", "h4", "li", "quote", "pre", "figure"] },
      text: str,
      start: { type: "integer", minimum: 0 },
      end: { type: "integer", minimum: 0 },
    },
    [],
    "One paragraph-level unit; `start`/`end` are offsets into the issue's `text`.",
  ),
  Neighbour: obj({ slug: str, title: str, number: orNull(int), series: orNull(str) }),
  IssueConcept: obj({ rank: { type: "integer", minimum: 1 }, slug: str, name: str, kind: ref("ConceptKind"), url: sitePath, mentions: { type: "integer", minimum: 1 } }),
  Issue: obj({
    slug: str,
    url: sitePath,
    number: orNull(int),
    series: orNull(str),
    title: str,
    subtitle: orNull(str),
    publishedAt: orNull(dateTime),
    datePrecision: orNull({ type: "string", enum: ["day", "month", "year"] }),
    sourceUrl: orNull(str),
    revision: { type: "integer", minimum: 1 },
    html: { type: "string", description: "Sanitized HTML; each block element carries `id=<block id>`." },
    text: { type: "string", description: "The normalised plain text: the blocks' texts joined by blank lines." },
    blocks: { type: "array", items: ref("Block") },
    updatedAt: dateTime,
    previous: orNull(ref("Neighbour")),
    next: orNull(ref("Neighbour")),
    concepts: { type: "array", items: ref("IssueConcept"), description: "Its ranked concepts as its page lists them (at most 10, hidden ones left out)." },
  }),
  IssueList: list(ref("IssueSummary"), {
    page: { type: "integer", minimum: 1, deprecated: true, description: "Deprecated: the page number of this page at `limit` per page." },
    perPage: { type: "integer", minimum: 1, deprecated: true, description: "Deprecated: equals `limit`." },
    pageCount: { type: "integer", minimum: 1, deprecated: true, description: "Deprecated: pages at `limit` per page." },
  }),
  ConceptKind: { type: "string", enum: ["framework", "tension", "term", "acronym", "other"] },
  ConceptSummary: obj({
    slug: str,
    url: sitePath,
    name: str,
    kind: ref("ConceptKind"),
    aliases: { type: "array", items: str },
    mentionCount: { type: "integer", minimum: 0 },
    issueCount: { type: "integer", minimum: 0 },
    firstSeenAt: orNull(dateTime),
  }),
  ConceptList: list(ref("ConceptSummary"), { sort: { type: "string", enum: ["name", "frequency", "first"] }, kind: orNull(ref("ConceptKind")) }),
  Concept: obj({
    slug: str,
    url: sitePath,
    name: str,
    kind: ref("ConceptKind"),
    aliases: { type: "array", items: str },
    mentionCount: { type: "integer", minimum: 0 },
    issueCount: { type: "integer", minimum: 0 },
    firstSeenAt: orNull(dateTime),
    definition: orNull(obj({ text: str, issue: orNull(obj({ slug: str, title: str })), url: orNull(sitePath) })),
    countsByYear: { type: "object", additionalProperties: { type: "integer", minimum: 0 }, description: "Mentions per year (`\"2020\": 14`)." },
    mentions: {
      type: "array",
      items: obj({
        issue: obj({ slug: str, title: str, publishedAt: orNull(dateTime) }),
        blockId: str,
        start: { type: "integer", minimum: 0 },
        end: { type: "integer", minimum: 0 },
        surface: str,
        context: str,
        url: sitePath,
      }),
    },
    related: {
      type: "array",
      items: obj({
        slug: str,
        url: sitePath,
        name: str,
        kind: ref("ConceptKind"),
        aliases: { type: "array", items: str },
        mentionCount: { type: "integer", minimum: 0 },
        issueCount: { type: "integer", minimum: 0 },
        firstSeenAt: orNull(dateTime),
        score: { type: "number", description: "Log-likelihood (G²) of the two concepts appearing together." },
      }),
    },
    relatedIssues: { type: "array", items: obj({ slug: str, url: sitePath, title: str, publishedAt: orNull(dateTime), mentions: { type: "integer", minimum: 0 } }) },
  }),
  SearchHit: obj(
    {
      kind: { type: "string", enum: ["issue", "concept"] },
      slug: str,
      title: str,
      url: sitePath,
      snippet: { type: "string", description: "HTML whose only tags are `<mark>`; everything else is escaped." },
      number: int,
      series: { type: "string", description: "The series an issue's number belongs to (`TBM`)." },
      label: { type: "string", description: "How the issue's number reads on its page (`TBM 21`, `#125`)." },
      publishedAt: dateTime,
      score: { type: "number" },
    },
    ["number", "series", "label", "publishedAt"],
  ),
  SearchResult: obj({
    query: str,
    engine: { type: "string", enum: ["postgres", "meilisearch"], description: "`postgres` is the built-in engine." },
    degraded: { type: "boolean", description: "True when Meilisearch was unreachable and the built-in engine answered." },
    tookMs: { type: "number", minimum: 0 },
    hits: { type: "array", items: ref("SearchHit"), description: "This page of the results (the list is called `hits` here)." },
    facets: obj({
      kind: { type: "array", items: obj({ value: { type: "string", enum: ["issue", "concept"] }, count: int }) },
      year: { type: "array", items: obj({ value: { anyOf: [int, { const: "undated" }] }, count: int }), description: "Newest first; undated issues last." },
      concept: { type: "array", items: obj({ value: str, label: str, count: int }), description: "Most frequent first; `label` is the concept's name." },
    }),
    didYouMean: { ...orNull(str), description: "With no hits: the query with its unknown words replaced by the closest indexed words." },
    ...pageProperties,
  }),
  Author: obj({ name: str, former: { type: "boolean", description: "The reader deleted their account and left this public without their name." } }),
  Selector: {
    oneOf: [
      obj({ type: { const: "TextQuoteSelector" }, exact: str, prefix: str, suffix: str }),
      obj({ type: { const: "TextPositionSelector" }, start: int, end: int }),
      obj({ type: { const: "FragmentSelector" }, conformsTo: { const: "http://tools.ietf.org/rfc/rfc3986" }, value: str }),
    ],
  },
  Reply: obj({
    id: { type: "string", format: "uuid" },
    annotationId: { type: "string", format: "uuid" },
    note: str,
    noteHtml: { type: "string", description: "The note rendered from Markdown and sanitized when it was written." },
    author: ref("Author"),
    mine: bool,
    hidden: { type: "boolean", description: "Hidden by an author (seen only by its writer and authors)." },
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  Annotation: obj({
    id: { type: "string", format: "uuid" },
    issue: obj({ slug: str, title: str, url: sitePath, revision: int, withdrawn: { type: "boolean", description: "The author took the issue away from readers; its owner's annotations stay theirs." } }),
    exact: { type: "string", description: "The quoted passage." },
    prefix: str,
    suffix: str,
    start: { type: "integer", minimum: 0, description: "Offsets in the issue's current `text`; meaningless when `status` is `orphaned`." },
    end: { type: "integer", minimum: 0 },
    blockId: orNull(str),
    selectors: { type: "array", items: ref("Selector"), description: "The passage as W3C Web Annotation selectors." },
    note: str,
    noteHtml: str,
    tags: { type: "array", items: str },
    visibility: { type: "string", enum: ["private", "public"] },
    hidden: { type: "boolean", description: "A public annotation an author hid from other readers." },
    status: { type: "string", enum: ["anchored", "orphaned"], description: "`orphaned`: the passage is no longer in the issue's text." },
    author: ref("Author"),
    mine: bool,
    deleted: { type: "boolean", description: "Deleted by its reader, kept as the passage alone for the replies others made to it." },
    replies: { type: "array", items: ref("Reply"), description: "The replies this caller may see, oldest first." },
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  AnnotationList: list(ref("Annotation")),
  ReplyList: list(ref("Reply")),
  AnnotationCollection: {
    type: "object",
    description: "A W3C Web Annotation collection (JSON-LD): every annotation, and its replies, in one page.",
    required: ["@context", "type", "label", "total", "first"],
    properties: {
      "@context": { type: "array" },
      type: { const: "AnnotationCollection" },
      label: str,
      total: { type: "integer", minimum: 0 },
      first: { type: "object", required: ["type", "startIndex", "items"], properties: { type: { const: "AnnotationPage" }, startIndex: { const: 0 }, items: { type: "array", items: { type: "object", required: ["id", "type"] } } } },
    },
  },
  Session: obj({
    user: obj({ id: str, name: orNull(str), email: orNull(str), image: orNull(str), role: { type: "string", enum: ["reader", "author"] } }, ["image"]),
    expires: dateTime,
  }),
};

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Concordance API",
    version: "1.0.0",
    description: [
      "Read the archive (issues, concepts, search) and read and write annotations.",
      "",
      "**Errors** are `{ \"error\": { \"code\", \"message\" } }` with a fitting status; 503 `unavailable` comes with `Retry-After`.",
      "",
      "**Query parameters**: each GET operation (Auth.js's own aside) accepts exactly the parameters listed; any other, or one given twice, is a 400 naming the ones it accepts. An empty value (`year=`) counts as not given.",
      "",
      "**Lists** page with `limit` and `offset`, and answer `total`, `limit`, `offset` and `next`: the address of the next page, or null on the last one (also sent as a `Link` header). `page` and `perPage` on `/api/issues` are deprecated names, still understood.",
      "",
      "**Writes** need a signed-in session (the `authjs.session-token` cookie) and a request from this site (`Origin`).",
    ].join("\n"),
  },
  servers: [{ url: "/" }],
  tags: [
    { name: "archive", description: "Issues and concepts." },
    { name: "search" },
    { name: "annotations", description: "Highlights, notes and their replies." },
    { name: "operations", description: "Health, cache revalidation for the command-line tools, this document." },
    { name: "auth", description: "Auth.js's own endpoints that a client may call, with Auth.js's own rules (sign-in and sign-up happen in the site's pages)." },
  ],
  paths: {
    "/api/issues": {
      get: {
        tags: ["archive"],
        operationId: "listIssues",
        summary: "Issues, newest first",
        parameters: [
          { name: "year", in: "query", description: "Only issues of this year, or `undated`: those without a date.", schema: { anyOf: [{ type: "integer", minimum: 1900, maximum: 2200 }, { const: "undated" }] }, example: 2024 },
          ...pagingParameters(20, 100),
          { name: "perPage", in: "query", deprecated: true, description: "Deprecated name of `limit`.", schema: { type: "integer", minimum: 1, maximum: 100 } },
          { name: "page", in: "query", deprecated: true, description: "Deprecated: the page number at `limit` per page (`offset` = (page − 1) × limit).", schema: { type: "integer", minimum: 1, maximum: 100000 } },
        ],
        responses: { 200: json("A page of issues.", ref("IssueList"), linkHeader), 400: badRequest, 503: unavailable },
      },
    },
    "/api/issues/{slug}": {
      get: {
        tags: ["archive"],
        operationId: "getIssue",
        summary: "One issue: its HTML, text blocks, neighbours and concepts",
        parameters: [slugParameter("issue", "decision-log")],
        responses: { 200: json("The issue.", ref("Issue")), 400: badRequest, 404: notFound, 503: unavailable },
      },
    },
    "/api/concepts": {
      get: {
        tags: ["archive"],
        operationId: "listConcepts",
        summary: "Visible concepts with their counts",
        parameters: [
          { name: "kind", in: "query", description: "Only concepts of this kind.", schema: ref("ConceptKind"), example: "term" },
          { name: "sort", in: "query", description: "`name` (A–Z, the default), `frequency` (most mentioned first) or `first` (earliest first).", schema: { type: "string", enum: ["name", "frequency", "first"], default: "name" }, example: "frequency" },
          ...pagingParameters(100, 1000),
        ],
        responses: { 200: json("A page of concepts.", ref("ConceptList"), linkHeader), 400: badRequest, 503: unavailable },
      },
    },
    "/api/concepts/{slug}": {
      get: {
        tags: ["archive"],
        operationId: "getConcept",
        summary: "One concept: definition, every mention with its context, related concepts and issues",
        parameters: [slugParameter("concept", "decision-log")],
        responses: { 200: json("The concept.", ref("Concept")), 400: badRequest, 404: notFound, 503: unavailable },
      },
    },
    "/api/search": {
      get: {
        tags: ["search"],
        operationId: "search",
        summary: "Issues and concepts matching a query",
        parameters: [
          { name: "q", in: "query", description: "The query (typos, prefixes and issue numbers are understood).", schema: { type: "string", maxLength: 256, default: "" }, example: "decision" },
          { name: "kind", in: "query", description: "What to search.", schema: { type: "string", enum: ["all", "issue", "concept"], default: "all" }, example: "issue" },
          { name: "year", in: "query", description: "Only issues of this year, or `undated`.", schema: { anyOf: [{ type: "integer", minimum: 1000, maximum: 9999 }, { const: "undated" }] }, example: 2024 },
          { name: "concept", in: "query", description: "A concept's slug: only issues about it.", schema: { type: "string", maxLength: 200 }, example: "decision-log" },
          ...pagingParameters(10, 50, 10_000),
        ],
        responses: { 200: json("A page of results, with facets.", ref("SearchResult"), linkHeader), 400: badRequest, 503: unavailable },
      },
    },
    "/api/annotations": {
      get: {
        tags: ["annotations"],
        operationId: "listAnnotations",
        summary: "An issue's annotations the caller may see (`issue=`), or the caller's own (with filters and exports)",
        description: "With `issue` (and without `mine`): that issue's annotations visible to the caller, in reading order — signed out, the public ones. Otherwise the signed-in caller's own, newest first, filtered by `tag`, `issue`, `q` and `status`; `format=jsonld|markdown` exports all of them (with the caller's replies on other readers' annotations when unfiltered).",
        parameters: [
          { name: "issue", in: "query", description: "An issue's slug.", schema: { type: "string", minLength: 1, maxLength: 200 }, example: "decision-log" },
          { name: "mine", in: "query", description: "`1`/`true`: the caller's own annotations (of `issue`, when given).", schema: { type: "string", enum: ["1", "true", "0", "false"] }, example: "1" },
          { name: "tag", in: "query", description: "Only the caller's annotations with this tag.", schema: { type: "string", maxLength: 40 }, example: "roadmap" },
          { name: "q", in: "query", description: "Only the caller's annotations whose quote or note contains these words.", schema: { type: "string", maxLength: 200 }, example: "decision" },
          { name: "status", in: "query", description: "Only the caller's anchored, or orphaned, annotations.", schema: { type: "string", enum: ["anchored", "orphaned"] }, example: "anchored" },
          { name: "format", in: "query", description: "`json` (a page of the list), or an export of every annotation: `jsonld` (W3C Web Annotation collection) or `markdown`.", schema: { type: "string", enum: ["json", "jsonld", "markdown"], default: "json" }, example: "json" },
          ...pagingParameters(100, 1000),
        ],
        security: [{}, ...cookieAuth],
        responses: {
          200: {
            description: "A page of annotations, or the export.",
            headers: linkHeader,
            content: {
              "application/json": { schema: ref("AnnotationList") },
              "application/ld+json": { schema: ref("AnnotationCollection") },
              "text/markdown": { schema: { type: "string" } },
            },
          },
          400: badRequest,
          401: unauthorized,
          404: notFound,
          503: unavailable,
        },
      },
      post: {
        tags: ["annotations"],
        operationId: "createAnnotation",
        summary: "Highlight a passage, with an optional note and tags",
        description: "`start`/`end` are offsets in the issue's `text` and `exact` the passage as the caller's page showed it; it is checked against the issue's current text.",
        security: cookieAuth,
        requestBody: { required: true, content: { "application/json": { schema: bodySchema(annotationCreateSchema) } } },
        responses: {
          201: json("The new annotation.", ref("Annotation"), { location: { description: "The annotation's address.", schema: { type: "string" } } }),
          400: badRequest,
          401: unauthorized,
          403: forbidden,
          404: notFound,
          409: conflict,
          429: rateLimited,
          503: unavailable,
        },
      },
    },
    "/api/annotations/{id}": {
      get: {
        tags: ["annotations"],
        operationId: "getAnnotation",
        summary: "One annotation, with its replies",
        parameters: [idParameter],
        security: [{}, ...cookieAuth],
        responses: { 200: json("The annotation.", ref("Annotation")), 400: badRequest, 404: notFound, 503: unavailable },
      },
      patch: {
        tags: ["annotations"],
        operationId: "updateAnnotation",
        summary: "Change the note, tags or visibility (its owner), or hide it (an author)",
        parameters: [idParameter],
        security: cookieAuth,
        requestBody: { required: true, content: { "application/json": { schema: bodySchema(annotationUpdateSchema) } } },
        responses: { 200: json("The annotation as it now is.", ref("Annotation")), 400: badRequest, 401: unauthorized, 403: forbidden, 404: notFound, 409: conflict, 429: rateLimited, 503: unavailable },
      },
      delete: {
        tags: ["annotations"],
        operationId: "deleteAnnotation",
        summary: "Delete one's own annotation",
        parameters: [idParameter],
        security: cookieAuth,
        responses: { 204: { description: "Deleted." }, 400: badRequest, 401: unauthorized, 403: forbidden, 404: notFound, 409: conflict, 503: unavailable },
      },
    },
    "/api/annotations/{id}/replies": {
      get: {
        tags: ["annotations"],
        operationId: "listReplies",
        summary: "The thread of a public annotation, oldest first",
        parameters: [idParameter, ...pagingParameters(100, 1000)],
        security: [{}, ...cookieAuth],
        responses: { 200: json("A page of replies.", ref("ReplyList"), linkHeader), 400: badRequest, 404: notFound, 503: unavailable },
      },
      post: {
        tags: ["annotations"],
        operationId: "createReply",
        summary: "Reply to a public annotation",
        parameters: [idParameter],
        security: cookieAuth,
        requestBody: { required: true, content: { "application/json": { schema: bodySchema(replyCreateSchema) } } },
        responses: {
          201: json("The new reply.", ref("Reply"), { location: { description: "The reply's address.", schema: { type: "string" } } }),
          400: badRequest,
          401: unauthorized,
          403: forbidden,
          404: notFound,
          409: conflict,
          429: rateLimited,
          503: unavailable,
        },
      },
    },
    "/api/annotations/{id}/replies/{replyId}": {
      get: {
        tags: ["annotations"],
        operationId: "getReply",
        summary: "One reply",
        parameters: [idParameter, replyIdParameter],
        security: [{}, ...cookieAuth],
        responses: { 200: json("The reply.", ref("Reply")), 400: badRequest, 404: notFound, 503: unavailable },
      },
      patch: {
        tags: ["annotations"],
        operationId: "updateReply",
        summary: "Edit one's own reply, or hide it (an author)",
        parameters: [idParameter, replyIdParameter],
        security: cookieAuth,
        requestBody: { required: true, content: { "application/json": { schema: bodySchema(replyUpdateSchema) } } },
        responses: { 200: json("The reply as it now is.", ref("Reply")), 400: badRequest, 401: unauthorized, 403: forbidden, 404: notFound, 409: conflict, 503: unavailable },
      },
      delete: {
        tags: ["annotations"],
        operationId: "deleteReply",
        summary: "Delete one's own reply",
        parameters: [idParameter, replyIdParameter],
        security: cookieAuth,
        responses: { 204: { description: "Deleted." }, 400: badRequest, 401: unauthorized, 403: forbidden, 404: notFound, 409: conflict, 503: unavailable },
      },
    },
    "/api/health": {
      get: {
        tags: ["operations"],
        operationId: "health",
        summary: "Whether the app can reach its database",
        responses: { 200: json("It can.", obj({ status: { const: "ok" } })), 400: badRequest, 503: unavailable },
      },
    },
    "/api/revalidate": {
      post: {
        tags: ["operations"],
        operationId: "revalidate",
        summary: "Expire cached page data (used by the command-line tools after they change the archive)",
        security: [{ revalidateSecret: [] }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: obj({ tags: { type: "array", items: { type: "string", minLength: 1, maxLength: 256 }, minItems: 1, maxItems: 1000 } }) } },
        },
        responses: {
          200: json("The tags were expired.", obj({ revalidated: { type: "integer", minimum: 1 } })),
          400: badRequest,
          401: error("No `Authorization: Bearer <secret>` header."),
          403: error("Not this app's revalidation secret."),
        },
      },
    },
    "/api/openapi.json": {
      get: {
        tags: ["operations"],
        operationId: "openApi",
        summary: "This document",
        responses: { 200: json("The OpenAPI document.", { type: "object", required: ["openapi", "info", "paths"] }), 400: badRequest },
      },
    },
    "/api/auth/session": {
      get: {
        tags: ["auth"],
        operationId: "getSession",
        summary: "The caller's session: who is signed in, or null",
        security: [{}, ...cookieAuth],
        responses: { 200: json("The session, or null when signed out.", orNull(ref("Session"))) },
      },
    },
    "/api/auth/csrf": {
      get: {
        tags: ["auth"],
        operationId: "getCsrfToken",
        summary: "A token to send with `POST /api/auth/signout` (also set as a cookie)",
        responses: { 200: json("The token.", obj({ csrfToken: str })) },
      },
    },
    "/api/auth/providers": {
      get: {
        tags: ["auth"],
        operationId: "getProviders",
        summary: "The ways of signing in this deployment offers",
        responses: {
          200: json(
            "By provider id: `credentials` always, `github` and `nodemailer` when configured.",
            { type: "object", additionalProperties: obj({ id: str, name: str, type: str, signinUrl: str, callbackUrl: str }) },
          ),
        },
      },
    },
    "/api/auth/signout": {
      post: {
        tags: ["auth"],
        operationId: "signOut",
        summary: "End the caller's session",
        requestBody: {
          required: true,
          content: { "application/x-www-form-urlencoded": { schema: obj({ csrfToken: str, callbackUrl: str }, ["callbackUrl"]) } },
        },
        responses: { 302: { description: "Signed out (when there was a session); redirects to `callbackUrl` or the home page.", headers: { location: { schema: { type: "string" } } } } },
      },
    },
  },
  components: {
    schemas,
    securitySchemes: {
      sessionCookie: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "Set by signing in on the site (`__Secure-authjs.session-token` over HTTPS)." },
      revalidateSecret: { type: "http", scheme: "bearer", description: "`REVALIDATE_SECRET`, or the one generated into the data directory." },
    },
  },
};
