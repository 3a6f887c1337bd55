// GET /api/openapi.json — the OpenAPI 3.1 description of this API (lib/api/openapi.ts).
import { NextResponse } from "next/server";
import { withApi } from "@/lib/api/errors";
import { openApiDocument } from "@/lib/api/openapi";
import { NO_QUERY, parseQuery } from "@/lib/api/params";

export const GET = withApi(async (request) => {
  parseQuery(request.url, NO_QUERY);
  return NextResponse.json(openApiDocument, { headers: { "cache-control": "public, max-age=300" } });
});
