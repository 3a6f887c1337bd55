// GET /api/issues?year=&limit=&offset= — issues, newest first, a page at a time (`year=undated`: those without a date).
import { z } from "zod";
import { getDb } from "@/db";
import { withApi } from "@/lib/api/errors";
import { listResponse, pageFields, pagingShape, parseQuery, resolvePage } from "@/lib/api/params";
import { toIssueSummaryJson } from "@/lib/issues/json";
import { listIssues } from "@/lib/issues/queries";

const MAX_LIMIT = 100;

const querySchema = z.object({
  year: z.union([z.literal("undated"), z.coerce.number().int().min(1900).max(2200)]).optional(),
  ...pagingShape({ maxLimit: MAX_LIMIT }),
  // Deprecated names of limit and offset, still understood.
  perPage: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});

export const GET = withApi(async (request) => {
  const query = parseQuery(request.url, querySchema);
  const { limit, offset } = resolvePage(query, 20);
  const result = await listIssues(getDb(), { year: query.year, perPage: limit, offset });
  return listResponse({
    items: result.items.map(toIssueSummaryJson),
    ...pageFields(request.url, { limit, offset, total: result.total }, querySchema),
    // The page-number view of the same page, kept for clients of the deprecated parameters.
    page: result.page,
    perPage: result.perPage,
    pageCount: result.pageCount,
  });
});
