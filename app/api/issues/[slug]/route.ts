// GET /api/issues/{slug} — one issue with its sanitized HTML, text blocks and neighbours.
import { NextResponse } from "next/server";
import { ApiError, parseRouteParam, withApi } from "@/lib/api/errors";
import { toIssueJson } from "@/lib/issues/json";
import { getIssueBySlug, getIssueNeighbours } from "@/lib/issues/queries";

export const GET = withApi(async (_request, { params }: { params: Promise<{ slug: string }> }) => {
  const slug = parseRouteParam((await params).slug, "slug");
  const issue = await getIssueBySlug(slug);
  if (!issue) throw new ApiError("not_found", `No issue with slug "${slug}".`);
  const { previous, next } = await getIssueNeighbours(issue);
  return NextResponse.json({ ...toIssueJson(issue), previous: previous ?? null, next: next ?? null });
});
