// GET /api/issues?page=&perPage=&year= — issues, newest first, paginated (`year=undated`: those without a date).
import { NextResponse } from "next/server";
import { z } from "zod";
import { parseSearchParams, withApi } from "@/lib/api/errors";
import { toIssueSummaryJson } from "@/lib/issues/json";
import { listIssues } from "@/lib/issues/queries";

const querySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
  year: z.union([z.literal("undated"), z.coerce.number().int().min(1900).max(2200)]).optional(),
});

export const GET = withApi(async (request) => {
  const query = parseSearchParams(request.url, querySchema);
  const result = await listIssues(query);
  return NextResponse.json({ ...result, items: result.items.map(toIssueSummaryJson) });
});
