// GET /api/concepts/{slug} — one concept: definition passage, every mention with context, related concepts and issues.
import { getDb } from "@/db";
import { NextResponse } from "next/server";
import { ApiError, parseRouteParam, withApi } from "@/lib/api/errors";
import { NO_QUERY, parseQuery } from "@/lib/api/params";
import { toConceptJson } from "@/lib/concepts/json";
import { getConceptBySlug, getConceptDetail } from "@/lib/concepts/queries";

export const GET = withApi(async (request, { params }: { params: Promise<{ slug: string }> }) => {
  const slug = parseRouteParam((await params).slug, "slug");
  parseQuery(request.url, NO_QUERY);
  const db = getDb();
  const found = await getConceptBySlug(db, slug);
  if (!found) throw new ApiError("not_found", `No concept with slug "${slug}".`);
  const detail = await getConceptDetail(db, found.concept);
  return NextResponse.json(toConceptJson(detail));
});
