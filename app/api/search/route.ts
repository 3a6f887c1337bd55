// GET /api/search?q=&kind=all|issue|concept&year=&concept=&limit=&offset= — issues and concepts matching a query.
import { NextResponse } from "next/server";
import { ApiError, parseSearchParams, withApi } from "@/lib/api/errors";
import { search, SEARCH_REFUSED_MESSAGE } from "@/lib/search";
import { SearchConfigError } from "@/lib/search/engine";
import { searchParamsSchema } from "@/lib/search/params";

export const GET = withApi(async (request) => {
  const params = parseSearchParams(request.url, searchParamsSchema);
  try {
    return NextResponse.json(await search(params));
  } catch (err) {
    // The reason (a rejected key, a setting) is in the server log; readers get a plain 503.
    if (err instanceof SearchConfigError) throw new ApiError("unavailable", SEARCH_REFUSED_MESSAGE);
    throw err;
  }
});
