/**
 * Cross-site request protection for cookie-authenticated mutations: a
 * POST/PATCH/DELETE must come from a page of this site. Browsers send `Origin`
 * on such requests (and `Sec-Fetch-Site`); another site's page can't forge
 * either. Session cookies are SameSite=Lax as well; this check doesn't rely on it.
 */
import { ApiError } from "./errors";
import { firstForwarded } from "@/lib/forwarded";

/** This app's own origin as the client reached it (the proxy's forwarded host and scheme when behind one). */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = firstForwarded(request.headers.get("x-forwarded-host")) || request.headers.get("host") || url.host;
  const proto = firstForwarded(request.headers.get("x-forwarded-proto")) || url.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}

export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (origin) {
    if (origin !== requestOrigin(request))
      throw new ApiError("forbidden", "Cross-site requests can't change annotations.");
    return;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site !== "same-origin") {
    throw new ApiError("forbidden", "Send an Origin header from this site to change annotations.");
  }
}
