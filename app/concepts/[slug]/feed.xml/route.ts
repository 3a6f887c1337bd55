// GET /concepts/{slug}/feed.xml — an Atom feed of the newest issues about one concept.
import { getDb } from "@/db";
import { ApiError, withApi } from "@/lib/api/errors";
import { conceptUrl, getConceptBySlug } from "@/lib/concepts/queries";
import { ATOM_CONTENT_TYPE, buildAtomFeed } from "@/lib/issues/feed";
import { listFeedIssues } from "@/lib/issues/queries";
import { getSite, siteOrigin } from "@/lib/site";

export const dynamic = "force-dynamic";

export const GET = withApi(async (request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const found = await getConceptBySlug(getDb(), slug);
  if (!found) throw new ApiError("not_found", `No concept with slug "${slug}".`);
  const { concept } = found;
  // A merged concept's old feed address keeps working, under the concept's current name.
  const site = getSite();
  const xml = buildAtomFeed({
    site,
    origin: siteOrigin(request.headers),
    selfPath: `${conceptUrl(concept.slug)}/feed.xml`,
    pagePath: conceptUrl(concept.slug),
    title: `${site.name}: new issues about ${concept.name}`,
    description: concept.definitionText ?? `Issues of ${site.name} about ${concept.name}.`,
    issues: await listFeedIssues(getDb(), { limit: 30, conceptId: concept.id }),
  });
  return new Response(xml, { headers: { "content-type": ATOM_CONTENT_TYPE, "cache-control": "public, max-age=300" } });
});
