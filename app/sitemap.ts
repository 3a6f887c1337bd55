// GET /sitemap.xml — every issue and concept page readers can see.
import type { MetadataRoute } from "next";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { conceptUrl, listConcepts } from "@/lib/concepts/queries";
import { issueUrl } from "@/lib/issues/json";
import { listIssueSlugs } from "@/lib/issues/queries";
import { getSite, siteOrigin } from "@/lib/site";

export const dynamic = "force-dynamic";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  // Headers only when no public address is configured.
  const origin = getSite().url ?? siteOrigin(await headers());
  const [issueRows, { items: concepts }] = await Promise.all([listIssueSlugs(getDb()), listConcepts(getDb())]);
  const latest = issueRows.reduce<Date | undefined>((l, i) => (!l || i.updatedAt > l ? i.updatedAt : l), undefined);
  return [
    { url: `${origin}/`, ...(latest ? { lastModified: latest } : {}), changeFrequency: "weekly", priority: 1 },
    { url: `${origin}/issues`, ...(latest ? { lastModified: latest } : {}), changeFrequency: "weekly", priority: 0.8 },
    { url: `${origin}/concepts`, changeFrequency: "weekly", priority: 0.8 },
    ...issueRows.map((i) => ({ url: `${origin}${issueUrl(i.slug)}`, lastModified: i.updatedAt, priority: 0.7 })),
    ...concepts.map((c) => ({ url: `${origin}${conceptUrl(c.slug)}`, priority: 0.5 })),
  ];
}
