// POST /api/revalidate — the command-line tools (ingest, issues, concepts) tell the app which cached page data their changes made stale.
import { NextResponse } from "next/server";
import { ApiError, parseJsonBody, withApi } from "@/lib/api/errors";
import { revalidateBodySchema } from "@/lib/api/revalidate";
import { expireInApp, isRevalidateSecret } from "@/lib/cache/expire";

export const POST = withApi(async (request) => {
  const presented = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!presented)
    throw new ApiError("unauthorized", "Send the revalidation secret as `Authorization: Bearer <secret>`.");
  if (!isRevalidateSecret(presented)) throw new ApiError("forbidden", "That is not this app's revalidation secret.");
  const { tags } = await parseJsonBody(request, revalidateBodySchema);
  // Signed-out readers' stored pages go too (scripts/server.ts): they were built from that data.
  await expireInApp([...new Set(tags)]);
  return NextResponse.json({ revalidated: tags.length }, { headers: { "cache-control": "no-store" } });
});
