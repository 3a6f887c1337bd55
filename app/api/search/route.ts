// GET /api/search?q=&kind=all|issue|concept&year=&concept=&limit=&offset= — issues and concepts matching a query.
import { getDb } from "@/db";
import { ApiError, withApi } from "@/lib/api/errors";
import { listResponse, pageFields, parseQuery } from "@/lib/api/params";
import { searchCached } from "@/lib/cache/search";
import { SEARCH_REFUSED_MESSAGE } from "@/lib/search";
import { SearchConfigError } from "@/lib/search/engine";
import { searchParamsSchema } from "@/lib/search/params";

export const GET = withApi(async (request) => {
  const params = parseQuery(request.url, searchParamsSchema);
  try {
    // Identical searches at the same index generation share one answer (lib/cache/search.ts).
    const result = await searchCached(getDb(), params);
    // The list is `hits` here (the contract predates the other lists); the paging fields are theirs.
    return listResponse({
      ...result,
      ...pageFields(
        request.url,
        { limit: params.limit, offset: params.offset, total: result.total },
        searchParamsSchema,
      ),
    });
  } catch (err) {
    // The reason (a rejected key, a setting) is in the server log; readers get a plain 503.
    if (err instanceof SearchConfigError) throw new ApiError("unavailable", SEARCH_REFUSED_MESSAGE);
    throw err;
  }
});
