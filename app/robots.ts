// GET /robots.txt — readers' pages are open to crawlers; accounts, the admin page and the API are not.
import type { MetadataRoute } from "next";
import { headers } from "next/headers";
import { getSite, siteOrigin } from "@/lib/site";

export const dynamic = "force-dynamic";

export default async function robots(): Promise<MetadataRoute.Robots> {
  // Headers only when no public address is configured.
  const origin = getSite().url ?? siteOrigin(await headers());
  return {
    rules: [{ userAgent: "*", allow: "/", disallow: ["/api/", "/admin", "/me/", "/login", "/signup", "/search"] }],
    sitemap: `${origin}/sitemap.xml`,
  };
}
