// POST /api/revalidate — the command-line tools (ingest, issues, concepts) tell the app which cached page data their changes made stale.
import { revalidateTag } from "next/cache";
import { NextResponse } from "next/server";
import { ApiError, parseJsonBody, withApi } from "@/lib/api/errors";
import { revalidateBodySchema } from "@/lib/api/revalidate";
import { isRevalidateSecret } from "@/lib/cache/expire";
import { dropCachedPages } from "@/lib/cache/html";

export const POST = withApi(async (request) => {
  const presented = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!presented)
    throw new ApiError("unauthorized", "Send the revalidation secret as `Authorization: Bearer <secret>`.");
  if (!isRevalidateSecret(presented)) throw new ApiError("forbidden", "That is not this app's revalidation secret.");
  const { tags } = await parseJsonBody(request, revalidateBodySchema);
  for (const tag of new Set(tags)) revalidateTag(tag, { expire: 0 });
  // Signed-out readers' stored pages go too (scripts/server.ts): they were built from that data.
  dropCachedPages();
  return NextResponse.json({ revalidated: tags.length }, { headers: { "cache-control": "no-store" } });
});
