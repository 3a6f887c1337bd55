/**
 * Runs before every request (Next.js 16's proxy, formerly middleware):
 *  - refuses an address whose path or query isn't UTF-8 or holds NUL or
 *    control characters, with a 400 that says so, before any page or route
 *    handler (or Next's own parameter decoding) sees it;
 *  - gives every page a Content-Security-Policy with a fresh nonce, which
 *    Next.js reads back from the request header and puts on its own scripts
 *    (lib/cache/csp.ts; the copies scripts/server.ts keeps for signed-out
 *    readers get the hashes of their inline scripts instead).
 * The headers that don't change per request are in lib/security-headers.ts (added by next.config.ts).
 */
import { NextResponse, type NextRequest } from "next/server";
import { refusal } from "@/lib/api/refusal";
import { findUrlProblem } from "@/lib/api/text";
import { pageContentSecurityPolicy } from "@/lib/cache/csp";
import { getEnv } from "@/lib/env";
import { forwardedHttps } from "@/lib/forwarded";

function badRequest(request: NextRequest, message: string): NextResponse {
  const { headers, body } = refusal(request.nextUrl.pathname, "bad_request", message);
  return new NextResponse(body, { status: 400, headers });
}

export function proxy(request: NextRequest) {
  const problem = findUrlProblem(new URL(request.url));
  if (problem) return badRequest(request, problem);
  const path = request.nextUrl.pathname;
  // API responses are JSON with their own strict policy (next.config.ts); prefetches need none.
  if (path.startsWith("/api/") || request.headers.has("next-router-prefetch")) return NextResponse.next();

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const env = getEnv();
  const csp = pageContentSecurityPolicy(
    { nonce },
    {
      dev: env.NODE_ENV === "development",
      https: forwardedHttps(request.headers.get("x-forwarded-proto")) || request.nextUrl.protocol === "https:",
      github: !!(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET),
    },
  );
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
