/**
 * The public API, described once: served at /api/openapi.json, and the
 * document tests/e2e/openapi.spec.ts holds the running app to (every route
 * file documented, every documented operation called, every JSON answer
 * validated against its schema here). Response schemas are written out by
 * hand and closed (`additionalProperties: false`), so a renamed or new field
 * fails that test until it is described here; request bodies are generated
 * from the zod schemas the handlers validate with, so they can't drift.
 *
 * Assembled here from its parts: the archive's paths (openapi-archive.ts),
 * the annotation paths (openapi-annotations.ts), the operations and Auth.js
 * paths below, the component schemas (openapi-schemas.ts) and the helpers
 * they are all written with (openapi-parts.ts).
 */
import { annotationPaths } from "./openapi-annotations";
import { archivePaths } from "./openapi-archive";
import { badRequest, bodySchema, cookieAuth, error, json, obj, orNull, ref, str, unavailable } from "./openapi-parts";
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
      '**Errors** are `{ "error": { "code", "message" } }` with a fitting status; 503 `unavailable` comes with `Retry-After`. A method an address does not serve is a 405 `method_not_allowed` whose `Allow` header names those it does.',
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
    ...archivePaths,
    ...annotationPaths,
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
