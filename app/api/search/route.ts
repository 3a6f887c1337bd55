// GET /api/search?q=&kind=all|issue|concept&year=&concept=&limit=&offset= — issues and concepts matching a query.
import { NextResponse } from "next/server";
import { parseSearchParams, withApi } from "@/lib/api/errors";
import { search } from "@/lib/search";
import { searchParamsSchema } from "@/lib/search/params";

export const GET = withApi(async (request) => {
  const params = parseSearchParams(request.url, searchParamsSchema);
  return NextResponse.json(await search(params));
});
