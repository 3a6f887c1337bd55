// GET /api/issues/{slug} — one issue with its sanitized HTML, text blocks, neighbours and ranked concepts.
import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { ApiError, parseRouteParam, withApi } from "@/lib/api/errors";
import { NO_QUERY, parseQuery } from "@/lib/api/params";
import { listIssueConcepts } from "@/lib/concepts/queries";
import { toIssueConceptJson, toIssueJson } from "@/lib/issues/json";
import { getIssueBySlug, getIssueNeighbours } from "@/lib/issues/queries";

export const GET = withApi(async (request, { params }: { params: Promise<{ slug: string }> }) => {
  const slug = parseRouteParam((await params).slug, "slug");
  parseQuery(request.url, NO_QUERY);
  const issue = await getIssueBySlug(getDb(), slug);
  if (!issue) throw new ApiError("not_found", `No issue with slug "${slug}".`);
  const [{ previous, next }, concepts] = await Promise.all([
    getIssueNeighbours(getDb(), issue),
    listIssueConcepts(getDb(), issue.id),
  ]);
  return NextResponse.json({
    ...toIssueJson(issue),
    previous: previous ?? null,
    next: next ?? null,
    // As the issue page lists them: most central first, hidden concepts left out.
    concepts: concepts.map(toIssueConceptJson),
  });
});
