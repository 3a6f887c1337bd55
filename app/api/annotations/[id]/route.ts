// GET/PATCH/DELETE /api/annotations/{id} — one annotation; only its owner edits or deletes it, an author may hide it.
import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { ApiError, withApi } from "@/lib/api/errors";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { annotationUpdateSchema, deleteAnnotation, updateAnnotation } from "@/lib/annotations/actions";
import { getAnnotationForViewer } from "@/lib/annotations/queries";
import { getRequestUser, requireRequestUser } from "@/lib/auth/session";

type Context = { params: Promise<{ id: string }> };

export const GET = withApi(async (request, { params }: Context) => {
  const { id } = await params;
  const view = await getAnnotationForViewer(id, await getRequestUser(request));
  if (!view) throw new ApiError("not_found", "No such annotation.");
  return NextResponse.json(view, { headers: { "cache-control": "private, no-store" } });
});

export const PATCH = withApi(async (request, { params }: Context) => {
  assertSameOrigin(request);
  const user = await requireRequestUser(request);
  const { id } = await params;
  const body = annotationUpdateSchema.safeParse(await request.json().catch(() => undefined));
  if (!body.success) {
    throw new ApiError("bad_request", body.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  }
  await updateAnnotation(getDb(), user, id, body.data);
  return NextResponse.json(await getAnnotationForViewer(id, user));
});

export const DELETE = withApi(async (request, { params }: Context) => {
  assertSameOrigin(request);
  const user = await requireRequestUser(request);
  const { id } = await params;
  await deleteAnnotation(getDb(), user, id);
  return new NextResponse(null, { status: 204 });
});
