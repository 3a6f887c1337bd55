// GET /feed.xml — an Atom feed of the newest issues.
import { getDb } from "@/db";
import { withApi } from "@/lib/api/errors";
import { ATOM_CONTENT_TYPE, buildAtomFeed } from "@/lib/issues/feed";
import { listFeedIssues } from "@/lib/issues/queries";
import { getSite, siteOrigin } from "@/lib/site";

export const dynamic = "force-dynamic";

export const GET = withApi(async (request) => {
  const site = getSite();
  const xml = buildAtomFeed({
    site,
    origin: siteOrigin(request.headers),
    selfPath: "/feed.xml",
    pagePath: "/",
    title: site.name,
    issues: await listFeedIssues(getDb(), { limit: 30 }),
  });
  return new Response(xml, { headers: { "content-type": ATOM_CONTENT_TYPE, "cache-control": "public, max-age=300" } });
});
