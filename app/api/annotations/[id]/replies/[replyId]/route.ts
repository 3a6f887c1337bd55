// GET/PATCH/DELETE /api/annotations/{id}/replies/{replyId} — one reply; its writer edits or deletes it, an author may hide it.
import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { ApiError, parseJsonBody, parseRouteParam, withApi } from "@/lib/api/errors";
import { NO_QUERY, parseQuery } from "@/lib/api/params";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { deleteReply, replyUpdateSchema, updateReply } from "@/lib/annotations/replies";
import { getReplyForViewer } from "@/lib/annotations/queries";
import type { ReplyView } from "@/lib/annotations/views";
import type { CurrentUser } from "@/lib/auth/session";
import { getRequestUser, requireRequestUser } from "@/lib/auth/session";

type Context = { params: Promise<{ id: string; replyId: string }> };

async function readIds(params: Context["params"]): Promise<{ id: string; replyId: string }> {
  const p = await params;
  return { id: parseRouteParam(p.id, "id", 100), replyId: parseRouteParam(p.replyId, "replyId", 100) };
}

/** The reply, when it is in this annotation's thread and the caller may see it. */
async function visibleReply(ids: { id: string; replyId: string }, user: CurrentUser | null): Promise<ReplyView> {
  const view = await getReplyForViewer(getDb(), ids.replyId, user);
  if (!view || view.annotationId !== ids.id) throw new ApiError("not_found", "No such reply.");
  return view;
}

export const GET = withApi(async (request, { params }: Context) => {
  parseQuery(request.url, NO_QUERY);
  const view = await visibleReply(await readIds(params), await getRequestUser(request));
  return NextResponse.json(view, { headers: { "cache-control": "private, no-store" } });
});

export const PATCH = withApi(async (request, { params }: Context) => {
  assertSameOrigin(request);
  const user = await requireRequestUser(request);
  const ids = await readIds(params);
  const body = await parseJsonBody(request, replyUpdateSchema);
  await visibleReply(ids, user);
  await updateReply(getDb(), user, ids.replyId, body);
  return NextResponse.json(await getReplyForViewer(getDb(), ids.replyId, user));
});

export const DELETE = withApi(async (request, { params }: Context) => {
  assertSameOrigin(request);
  const user = await requireRequestUser(request);
  const ids = await readIds(params);
  await visibleReply(ids, user);
  await deleteReply(getDb(), user, ids.replyId);
  return new NextResponse(null, { status: 204 });
});
