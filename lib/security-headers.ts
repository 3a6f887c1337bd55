/** The policy of a response that loads nothing: the API's JSON, and the plain-text refusals (lib/api/refusal.ts). */
export const NOTHING_TO_LOAD_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers every response gets: Next adds them to its own (next.config.ts), and scripts/server.ts to
 * the few it answers itself. Pages kept for signed-out readers replay the ones Next sent. The pages'
 * Content-Security-Policy carries a nonce per request, so it is set in proxy.ts (lib/cache/csp.ts).
 */
export const SECURITY_HEADERS: { key: string; value: string }[] = [
  // Nobody may frame the site (clickjacking); frame-ancestors 'none' in the CSP says the same to newer browsers.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Full referrer within the site, none to other sites (image hosts, links in issues and notes). Not
  // "no-referrer": with it browsers send `Origin: null` on same-site POSTs, which the origin checks refuse.
  { key: "Referrer-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
