/**
 * Which methods each API path serves, read from the OpenAPI document (tests/e2e/openapi.spec.ts holds
 * it to the route files), so scripts/server.ts can answer any other method with a 405 that names them:
 * Next's own 405 carries neither an `Allow` header (RFC 9110 asks for one) nor a reason.
 */
import { openApiDocument } from "./openapi";

type Route = { pattern: RegExp; methods: string[] };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Auth.js's paths are its own: its handler serves more methods and paths than the document lists. */
const ROUTES: Route[] = Object.entries(openApiDocument.paths as Record<string, Record<string, unknown>>)
  .filter(([template]) => !template.startsWith("/api/auth/"))
  .map(([template, operations]) => {
    const declared = Object.keys(operations).map((m) => m.toUpperCase());
    return {
      pattern: new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map(escapeRegExp)
          .join("[^/]+")}$`,
      ),
      methods: [...declared, ...(declared.includes("GET") ? ["HEAD"] : []), "OPTIONS"],
    };
  });

/** The methods the API path `pathname` serves, or null when it is no documented path (Next decides). */
export function allowedMethods(pathname: string): string[] | null {
  return ROUTES.find((route) => route.pattern.test(pathname))?.methods ?? null;
}
