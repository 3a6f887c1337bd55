/**
 * The public API, described once: served at /api/openapi.json, and the
 * document tests/e2e/openapi.spec.ts holds the running app to (every route
 * file documented, every documented operation called, every JSON answer
 * validated against its schema here). Response schemas are written out by
 * hand and closed (`additionalProperties: false`), so a renamed or new field
 * fails that test until it is described here; request bodies are generated
 * from the zod schemas the handlers validate with, so they can't drift.
 */
import {
  annotationCreateSchema,
  annotationUpdateSchema,
  replyCreateSchema,
  replyUpdateSchema,
} from "@/lib/annotations/actions";
import {
  badRequest,
  bodySchema,
  cookieAuth,
  created,
  error,
  idParameter,
  json,
  linkHeader,
  notFound,
  obj,
  orNull,
  pagingParameters,
  rateLimited,
  readErrors,
  ref,
  replyIdParameter,
  slugParameter,
  str,
  unauthorized,
  unavailable,
  writeErrors,
} from "./openapi-parts";
import { schemas } from "./openapi-schemas";
import { revalidateBodySchema } from "./revalidate";

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Concordance API",
    version: "1.0.0",
    description: [
      "Read the archive (issues, concepts, search) and read and write annotations.",
      "",
      '**Errors** are `{ "error": { "code", "message" } }` with a fitting status; 503 `unavailable` comes with `Retry-After`.',
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
    {
      name: "auth",
      description:
        "Auth.js's own endpoints that a client may call, with Auth.js's own rules (sign-in and sign-up happen in the site's pages).",
    },
  ],
  paths: {
    "/api/issues": {
      get: {
        tags: ["archive"],
        operationId: "listIssues",
        summary: "Issues, newest first",
        parameters: [
          {
            name: "year",
            in: "query",
            description: "Only issues of this year, or `undated`: those without a date.",
            schema: { anyOf: [{ type: "integer", minimum: 1900, maximum: 2200 }, { const: "undated" }] },
            example: 2024,
          },
          ...pagingParameters(20, 100),
          {
            name: "perPage",
            in: "query",
            deprecated: true,
            description: "Deprecated name of `limit`.",
            schema: { type: "integer", minimum: 1, maximum: 100 },
          },
          {
            name: "page",
            in: "query",
            deprecated: true,
            description: "Deprecated: the page number at `limit` per page (`offset` = (page − 1) × limit).",
            schema: { type: "integer", minimum: 1, maximum: 100000 },
          },
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
        responses: { 200: json("The issue.", ref("Issue")), ...readErrors },
      },
    },
    "/api/concepts": {
      get: {
        tags: ["archive"],
        operationId: "listConcepts",
        summary: "Visible concepts with their counts",
        parameters: [
          {
            name: "kind",
            in: "query",
            description: "Only concepts of this kind.",
            schema: ref("ConceptKind"),
            example: "term",
          },
          {
            name: "sort",
            in: "query",
            description: "`name` (A–Z, the default), `frequency` (most mentioned first) or `first` (earliest first).",
            schema: { type: "string", enum: ["name", "frequency", "first"], default: "name" },
            example: "frequency",
          },
          ...pagingParameters(100, 1000),
        ],
        responses: {
          200: json("A page of concepts.", ref("ConceptList"), linkHeader),
          400: badRequest,
          503: unavailable,
        },
      },
    },
    "/api/concepts/{slug}": {
      get: {
        tags: ["archive"],
        operationId: "getConcept",
        summary: "One concept: definition, every mention with its context, related concepts and issues",
        parameters: [slugParameter("concept", "decision-log")],
        responses: { 200: json("The concept.", ref("Concept")), ...readErrors },
      },
    },
    "/api/search": {
      get: {
        tags: ["search"],
        operationId: "search",
        summary: "Issues and concepts matching a query",
        parameters: [
          {
            name: "q",
            in: "query",
            description: "The query (typos, prefixes and issue numbers are understood).",
            schema: { type: "string", maxLength: 256, default: "" },
            example: "decision",
          },
          {
            name: "kind",
            in: "query",
            description: "What to search.",
            schema: { type: "string", enum: ["all", "issue", "concept"], default: "all" },
            example: "issue",
          },
          {
            name: "year",
            in: "query",
            description: "Only issues of this year, or `undated`.",
            schema: { anyOf: [{ type: "integer", minimum: 1000, maximum: 9999 }, { const: "undated" }] },
            example: 2024,
          },
          {
            name: "concept",
            in: "query",
            description: "A concept's slug: only issues about it.",
            schema: { type: "string", maxLength: 200 },
            example: "decision-log",
          },
          ...pagingParameters(10, 50, 10_000),
        ],
        responses: {
          200: json("A page of results, with facets.", ref("SearchResult"), linkHeader),
          400: badRequest,
          503: unavailable,
        },
      },
    },
    "/api/annotations": {
      get: {
        tags: ["annotations"],
        operationId: "listAnnotations",
        summary: "An issue's annotations the caller may see (`issue=`), or the caller's own (with filters and exports)",
        description:
          "With `issue` (and without `mine`): that issue's annotations visible to the caller, in reading order — signed out, the public ones. Otherwise the signed-in caller's own, newest first, filtered by `tag`, `issue`, `q` and `status`; `format=jsonld|markdown` exports all of them (with the caller's replies on other readers' annotations when unfiltered).",
        parameters: [
          {
            name: "issue",
            in: "query",
            description: "An issue's slug.",
            schema: { type: "string", minLength: 1, maxLength: 200 },
            example: "decision-log",
          },
          {
            name: "mine",
            in: "query",
            description: "`1`/`true`: the caller's own annotations (of `issue`, when given).",
            schema: { type: "string", enum: ["1", "true", "0", "false"] },
            example: "1",
          },
          {
            name: "tag",
            in: "query",
            description: "Only the caller's annotations with this tag.",
            schema: { type: "string", maxLength: 40 },
            example: "roadmap",
          },
          {
            name: "q",
            in: "query",
            description: "Only the caller's annotations whose quote or note contains these words.",
            schema: { type: "string", maxLength: 200 },
            example: "decision",
          },
          {
            name: "status",
            in: "query",
            description: "Only the caller's anchored, or orphaned, annotations.",
            schema: { type: "string", enum: ["anchored", "orphaned"] },
            example: "anchored",
          },
          {
            name: "format",
            in: "query",
            description:
              "`json` (a page of the list), or an export of every annotation: `jsonld` (W3C Web Annotation collection) or `markdown`.",
            schema: { type: "string", enum: ["json", "jsonld", "markdown"], default: "json" },
            example: "json",
          },
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
        description:
          "`start`/`end` are offsets in the issue's `text` and `exact` the passage as the caller's page showed it; it is checked against the issue's current text.",
        security: cookieAuth,
        requestBody: {
          required: true,
          content: { "application/json": { schema: bodySchema(annotationCreateSchema) } },
        },
        responses: {
          201: created("The new annotation.", ref("Annotation"), "annotation"),
          ...writeErrors,
          429: rateLimited,
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
        responses: { 200: json("The annotation.", ref("Annotation")), ...readErrors },
      },
      patch: {
        tags: ["annotations"],
        operationId: "updateAnnotation",
        summary: "Change the note, tags or visibility (its owner), or hide it (an author)",
        parameters: [idParameter],
        security: cookieAuth,
        requestBody: {
          required: true,
          content: { "application/json": { schema: bodySchema(annotationUpdateSchema) } },
        },
        responses: { 200: json("The annotation as it now is.", ref("Annotation")), ...writeErrors, 429: rateLimited },
      },
      delete: {
        tags: ["annotations"],
        operationId: "deleteAnnotation",
        summary: "Delete one's own annotation",
        parameters: [idParameter],
        security: cookieAuth,
        responses: { 204: { description: "Deleted." }, ...writeErrors },
      },
    },
    "/api/annotations/{id}/replies": {
      get: {
        tags: ["annotations"],
        operationId: "listReplies",
        summary: "The thread of a public annotation, oldest first",
        parameters: [idParameter, ...pagingParameters(100, 1000)],
        security: [{}, ...cookieAuth],
        responses: { 200: json("A page of replies.", ref("ReplyList"), linkHeader), ...readErrors },
      },
      post: {
        tags: ["annotations"],
        operationId: "createReply",
        summary: "Reply to a public annotation",
        parameters: [idParameter],
        security: cookieAuth,
        requestBody: { required: true, content: { "application/json": { schema: bodySchema(replyCreateSchema) } } },
        responses: { 201: created("The new reply.", ref("Reply"), "reply"), ...writeErrors, 429: rateLimited },
      },
    },
    "/api/annotations/{id}/replies/{replyId}": {
      get: {
        tags: ["annotations"],
        operationId: "getReply",
        summary: "One reply",
        parameters: [idParameter, replyIdParameter],
        security: [{}, ...cookieAuth],
        responses: { 200: json("The reply.", ref("Reply")), ...readErrors },
      },
      patch: {
        tags: ["annotations"],
        operationId: "updateReply",
        summary: "Edit one's own reply, or hide it (an author)",
        parameters: [idParameter, replyIdParameter],
        security: cookieAuth,
        requestBody: { required: true, content: { "application/json": { schema: bodySchema(replyUpdateSchema) } } },
        responses: { 200: json("The reply as it now is.", ref("Reply")), ...writeErrors },
      },
      delete: {
        tags: ["annotations"],
        operationId: "deleteReply",
        summary: "Delete one's own reply",
        parameters: [idParameter, replyIdParameter],
        security: cookieAuth,
        responses: { 204: { description: "Deleted." }, ...writeErrors },
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
          content: { "application/json": { schema: bodySchema(revalidateBodySchema) } },
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
        responses: {
          200: json("The OpenAPI document.", { type: "object", required: ["openapi", "info", "paths"] }),
          400: badRequest,
        },
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
          200: json("By provider id: `credentials` always, `github` and `nodemailer` when configured.", {
            type: "object",
            additionalProperties: obj({ id: str, name: str, type: str, signinUrl: str, callbackUrl: str }),
          }),
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
          content: {
            "application/x-www-form-urlencoded": { schema: obj({ csrfToken: str, callbackUrl: str }, ["callbackUrl"]) },
          },
        },
        responses: {
          302: {
            description: "Signed out (when there was a session); redirects to `callbackUrl` or the home page.",
            headers: { location: { schema: { type: "string" } } },
          },
        },
      },
    },
  },
  components: {
    schemas,
    securitySchemes: {
      sessionCookie: {
        type: "apiKey",
        in: "cookie",
        name: "authjs.session-token",
        description: "Set by signing in on the site (`__Secure-authjs.session-token` over HTTPS).",
      },
      revalidateSecret: {
        type: "http",
        scheme: "bearer",
        description: "`REVALIDATE_SECRET`, or the one generated into the data directory.",
      },
    },
  },
};
