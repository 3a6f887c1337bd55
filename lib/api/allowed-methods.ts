/**
 * Which methods each API path serves, read from the OpenAPI document (tests/e2e/openapi.spec.ts holds
 * it to the route files), so scripts/server.ts can answer any other method with a 405 that names them:
 * Next's own 405 carries neither an `Allow` header (RFC 9110 asks for one) nor a reason.
 */
import { openApiDocument } from "./openapi";

type Route = { pattern: RegExp; methods: string[] };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A template's path parameters ("{slug}") each match one segment. */
const templatePattern = (template: string) =>
  new RegExp(
    `^${template
      .split(/\{[^}]+\}/)
      .map(escapeRegExp)
      .join("[^/]+")}$`,
  );

const withImplied = (methods: string[]) => [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"];

/**
 * Every path under /api/auth/ is Auth.js's one catch-all route (app/api/auth/[...nextauth]/route.ts), which
 * exports GET and POST: it serves more paths than the document lists (callbacks, sign-in), each with both.
 */
export const AUTH_ROUTE_METHODS = ["GET", "POST"];

const ROUTES: Route[] = [
  ...Object.entries(openApiDocument.paths as Record<string, Record<string, unknown>>)
    .filter(([template]) => !template.startsWith("/api/auth/"))
    .map(([template, operations]) => ({
      pattern: templatePattern(template),
      methods: withImplied(Object.keys(operations).map((m) => m.toUpperCase())),
    })),
  { pattern: /^\/api\/auth\/./, methods: withImplied(AUTH_ROUTE_METHODS) },
];

/** The methods the API path `pathname` serves, or null when it is no path of the API (Next decides). */
export function allowedMethods(pathname: string): string[] | null {
  return ROUTES.find((route) => route.pattern.test(pathname))?.methods ?? null;
}
