// GET/POST /api/annotations/{id}/replies?limit=&offset= — the thread of a public annotation the caller may see, oldest first; POST adds a reply.
import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { ApiError, parseJsonBody, parseRouteParam, withApi } from "@/lib/api/errors";
import { listResponse, pageFields, pagingShape, parseQuery, resolvePage } from "@/lib/api/params";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { createReply, replyCreateSchema } from "@/lib/annotations/replies";
import { getAnnotationForViewer, getReplyForViewer } from "@/lib/annotations/queries";
import { getRequestUser, requireRequestUser } from "@/lib/auth/session";

type Context = { params: Promise<{ id: string }> };

const listSchema = z.object(pagingShape({ maxLimit: 1000 }));

export const GET = withApi(async (request, { params }: Context) => {
  const id = parseRouteParam((await params).id, "id", 100);
  const { limit, offset } = resolvePage(parseQuery(request.url, listSchema), 100);
  const view = await getAnnotationForViewer(getDb(), id, await getRequestUser(request));
  if (!view) throw new ApiError("not_found", "No such annotation.");
  return listResponse(
    {
      items: view.replies.slice(offset, offset + limit),
      ...pageFields(request.url, { limit, offset, total: view.replies.length }, listSchema),
    },
    { headers: { "cache-control": "private, no-store" } },
  );
});

export const POST = withApi(async (request, { params }: Context) => {
  assertSameOrigin(request);
  const user = await requireRequestUser(request);
  const id = parseRouteParam((await params).id, "id", 100);
  const body = await parseJsonBody(request, replyCreateSchema);
  const row = await createReply(getDb(), user, id, body);
  const view = await getReplyForViewer(getDb(), row.id, user);
  return NextResponse.json(view, {
    status: 201,
    headers: { location: `/api/annotations/${row.annotationId}/replies/${row.id}` },
  });
});
