// GET/PATCH/DELETE /api/annotations/{id} — one annotation; only its owner edits or deletes it, an author may hide it.
import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { ApiError, parseJsonBody, parseRouteParam, withApi } from "@/lib/api/errors";
import { NO_QUERY, parseQuery } from "@/lib/api/params";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { annotationUpdateSchema, deleteAnnotation, updateAnnotation } from "@/lib/annotations/actions";
import { getAnnotationForViewer } from "@/lib/annotations/queries";
import { getRequestUser, requireRequestUser } from "@/lib/auth/session";

type Context = { params: Promise<{ id: string }> };

export const GET = withApi(async (request, { params }: Context) => {
  const id = parseRouteParam((await params).id, "id", 100);
  parseQuery(request.url, NO_QUERY);
  const view = await getAnnotationForViewer(getDb(), id, await getRequestUser(request));
  if (!view) throw new ApiError("not_found", "No such annotation.");
  return NextResponse.json(view, { headers: { "cache-control": "private, no-store" } });
});

export const PATCH = withApi(async (request, { params }: Context) => {
  assertSameOrigin(request);
  const user = await requireRequestUser(request);
  const id = parseRouteParam((await params).id, "id", 100);
  const body = await parseJsonBody(request, annotationUpdateSchema);
  await updateAnnotation(getDb(), user, id, body);
  return NextResponse.json(await getAnnotationForViewer(getDb(), id, user));
});

export const DELETE = withApi(async (request, { params }: Context) => {
  assertSameOrigin(request);
  const user = await requireRequestUser(request);
  const id = parseRouteParam((await params).id, "id", 100);
  await deleteAnnotation(getDb(), user, id);
  return new NextResponse(null, { status: 204 });
});
