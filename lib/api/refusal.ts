/**
 * A refusal given before any route sees the request — proxy.ts's 400 for an address that isn't clean text,
 * scripts/server.ts's 405 for a method the address doesn't serve: the API's error shape on /api/ paths, one
 * line of plain text elsewhere, never cached, loading nothing.
 */
import { NOTHING_TO_LOAD_CSP } from "@/lib/security-headers";

export function refusal(
  pathname: string,
  code: string,
  message: string,
): { headers: Record<string, string>; body: string } {
  const api = pathname.startsWith("/api/");
  return {
    headers: {
      "content-type": api ? "application/json" : "text/plain; charset=utf-8",
      "content-security-policy": NOTHING_TO_LOAD_CSP,
      "cache-control": "no-store",
    },
    body: api ? JSON.stringify({ error: { code, message } }) : `${message}\n`,
  };
}
