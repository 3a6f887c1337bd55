// GET /api/health — whether the app can reach its database: 200 { status: "ok" }, or 503 { error: { code: "unavailable" } }.
import { sql } from "drizzle-orm";
import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { withApi } from "@/lib/api/errors";
import { NO_QUERY, parseQuery } from "@/lib/api/params";

export const GET = withApi(async (request) => {
  parseQuery(request.url, NO_QUERY);
  await getDb().execute(sql`select 1`);
  return NextResponse.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
});
