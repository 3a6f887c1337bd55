// GET /api/concepts?kind=&sort=name|frequency|first&limit=&offset= — visible concepts with their counts.
import { NextResponse } from "next/server";
import { z } from "zod";
import { parseSearchParams, withApi } from "@/lib/api/errors";
import { toConceptSummaryJson } from "@/lib/concepts/json";
import { CONCEPT_KINDS, listConcepts } from "@/lib/concepts/queries";

const querySchema = z.object({
  kind: z.enum(CONCEPT_KINDS as [string, ...string[]]).optional(),
  sort: z.enum(["name", "frequency", "first"]).default("name"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const GET = withApi(async (request) => {
  const query = parseSearchParams(request.url, querySchema);
  const { items, total } = await listConcepts({ kind: query.kind as (typeof CONCEPT_KINDS)[number] | undefined, sort: query.sort, limit: query.limit, offset: query.offset });
  return NextResponse.json({ items: items.map(toConceptSummaryJson), total, limit: query.limit, offset: query.offset, sort: query.sort, kind: query.kind ?? null });
});
