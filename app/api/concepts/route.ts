// GET /api/concepts?kind=&sort=name|frequency|first&limit=&offset= — visible concepts with their counts, a page at a time.
import { getDb } from "@/db";
import { z } from "zod";
import { withApi } from "@/lib/api/errors";
import { listResponse, pageFields, pagingShape, parseQuery, resolvePage } from "@/lib/api/params";
import { toConceptSummaryJson } from "@/lib/concepts/json";
import { CONCEPT_KINDS, listConcepts } from "@/lib/concepts/queries";

const querySchema = z.object({
  kind: z.enum(CONCEPT_KINDS).optional(),
  sort: z.enum(["name", "frequency", "first"]).default("name"),
  ...pagingShape({ maxLimit: 1000 }),
});

export const GET = withApi(async (request) => {
  const query = parseQuery(request.url, querySchema);
  const { limit, offset } = resolvePage(query, 100);
  const { items, total } = await listConcepts(getDb(), { kind: query.kind, sort: query.sort, limit, offset });
  return listResponse({
    items: items.map(toConceptSummaryJson),
    ...pageFields(request.url, { limit, offset, total }, querySchema),
    sort: query.sort,
    kind: query.kind ?? null,
  });
});
