// GET /api/annotations — an issue's visible annotations (?issue=) or mine (filters, ?format=json|jsonld|markdown), the JSON list a page at a time; POST creates one.
import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { ApiError, parseJsonBody, withApi } from "@/lib/api/errors";
import { listResponse, pageFields, pagingShape, parseQuery, resolvePage } from "@/lib/api/params";
import { assertSameOrigin, requestOrigin } from "@/lib/api/same-origin";
import { annotationCreateSchema, createAnnotation } from "@/lib/annotations/actions";
import { JSONLD_CONTENT_TYPE, toJsonLdCollection, toMarkdown } from "@/lib/annotations/export";
import { listMyAnnotations, listMyRepliesElsewhere } from "@/lib/annotations/mine";
import { getAnnotationForViewer, listIssueAnnotations } from "@/lib/annotations/queries";
import type { AnnotationView, MyReplyView } from "@/lib/annotations/views";
import { getRequestUser, requireRequestUser } from "@/lib/auth/session";
import { getIssueBySlug } from "@/lib/issues/queries";

const listSchema = z.object({
  issue: z.string().min(1).max(200).optional(),
  mine: z.enum(["1", "true", "0", "false"]).optional(),
  tag: z.string().trim().toLowerCase().min(1).max(40).optional(),
  q: z.string().trim().max(200).optional(),
  status: z.enum(["anchored", "orphaned"]).optional(),
  format: z.enum(["json", "jsonld", "markdown"]).default("json"),
  ...pagingShape({ maxLimit: 1000 }),
});

export const GET = withApi(async (request) => {
  const params = parseQuery(request.url, listSchema);
  if (params.format !== "json" && (params.limit !== undefined || params.offset !== undefined)) {
    throw new ApiError(
      "bad_request",
      `limit, offset: page the JSON list; an export (format=${params.format}) holds every annotation.`,
    );
  }
  const origin = requestOrigin(request);
  const mine = params.mine === "1" || params.mine === "true" || !params.issue;

  let items: AnnotationView[];
  let label: string;
  let elsewhere: MyReplyView[] = [];
  if (mine) {
    const user = await requireRequestUser(request);
    items = await listMyAnnotations(getDb(), user.id, params);
    label = `Annotations by ${user.name}`;
    // An export of everything also carries the reader's replies on other readers' annotations.
    const filtered = params.tag || params.issue || params.q || params.status;
    if (params.format !== "json" && !filtered) elsewhere = await listMyRepliesElsewhere(getDb(), user);
  } else {
    const issue = await getIssueBySlug(getDb(), params.issue!);
    if (!issue) throw new ApiError("not_found", `No issue with slug "${params.issue}".`);
    items = await listIssueAnnotations(getDb(), issue.id, await getRequestUser(request));
    label = `Annotations on ${issue.title}`;
  }

  if (params.format === "jsonld") {
    return new NextResponse(JSON.stringify(toJsonLdCollection(items, origin, label, elsewhere), null, 2), {
      headers: { "content-type": JSONLD_CONTENT_TYPE, "cache-control": "private, no-store" },
    });
  }
  if (params.format === "markdown") {
    return new NextResponse(toMarkdown(items, origin, label, elsewhere), {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": 'attachment; filename="annotations.md"',
        "cache-control": "private, no-store",
      },
    });
  }
  // Visibility is settled row by row after the query, so the page is cut from the visible list.
  const { limit, offset } = resolvePage(params, 100);
  return listResponse(
    {
      items: items.slice(offset, offset + limit),
      ...pageFields(request.url, { limit, offset, total: items.length }, listSchema),
    },
    { headers: { "cache-control": "private, no-store" } },
  );
});

export const POST = withApi(async (request) => {
  assertSameOrigin(request);
  const user = await requireRequestUser(request);
  const body = await parseJsonBody(request, annotationCreateSchema);
  const row = await createAnnotation(getDb(), user, body);
  const view = await getAnnotationForViewer(getDb(), row.id, user);
  return NextResponse.json(view, { status: 201, headers: { location: `/api/annotations/${row.id}` } });
});
