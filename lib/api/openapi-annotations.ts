/**
 * The annotation paths of the OpenAPI document (openapi.ts assembles it):
 * annotations and their replies, read and written.
 */
import { annotationCreateSchema, annotationUpdateSchema } from "@/lib/annotations/actions";
import { replyCreateSchema, replyUpdateSchema } from "@/lib/annotations/replies";
import {
  badRequest,
  bodySchema,
  cookieAuth,
  created,
  idParameter,
  json,
  linkHeader,
  notFound,
  pagingParameters,
  rateLimited,
  readErrors,
  ref,
  replyIdParameter,
  unauthorized,
  unavailable,
  writeErrors,
  queryText,
} from "./openapi-parts";

export const annotationPaths = {
  "/api/annotations": {
    get: {
      tags: ["annotations"],
      operationId: "listAnnotations",
      summary: "An issue's annotations the caller may see (`issue=`), or the caller's own (with filters and exports)",
      description:
        "With `issue` (and without `mine`): that issue's annotations visible to the caller, in reading order — signed out, the public ones. Otherwise the signed-in caller's own, newest first, filtered by `tag`, `issue`, `q` and `status`; `format=jsonld|markdown` exports all of them (with the caller's replies on other readers' annotations when unfiltered).",
      parameters: [
        {
          name: "issue",
          in: "query",
          description: "An issue's slug.",
          schema: { ...queryText, maxLength: 200 },
          example: "decision-log",
        },
        {
          name: "mine",
          in: "query",
          description: "`1`/`true`: the caller's own annotations (of `issue`, when given).",
          schema: { type: "string", enum: ["1", "true", "0", "false"] },
          example: "1",
        },
        {
          name: "tag",
          in: "query",
          description: "Only the caller's annotations with this tag.",
          schema: { ...queryText, maxLength: 40 },
          example: "roadmap",
        },
        {
          name: "q",
          in: "query",
          description: "Only the caller's annotations whose quote or note contains these words.",
          schema: { ...queryText, maxLength: 200 },
          example: "decision",
        },
        {
          name: "status",
          in: "query",
          description: "Only the caller's anchored, or orphaned, annotations.",
          schema: { type: "string", enum: ["anchored", "orphaned"] },
          example: "anchored",
        },
        {
          name: "format",
          in: "query",
          description:
            "`json` (a page of the list), or an export of every annotation: `jsonld` (W3C Web Annotation collection) or `markdown`.",
          schema: { type: "string", enum: ["json", "jsonld", "markdown"], default: "json" },
          example: "json",
        },
        ...pagingParameters(100, 1000),
      ],
      security: [{}, ...cookieAuth],
      responses: {
        200: {
          description: "A page of annotations, or the export.",
          headers: linkHeader,
          content: {
            "application/json": { schema: ref("AnnotationList") },
            "application/ld+json": { schema: ref("AnnotationCollection") },
            "text/markdown": { schema: { type: "string" } },
          },
        },
        400: badRequest,
        401: unauthorized,
        404: notFound,
        503: unavailable,
      },
    },
    post: {
      tags: ["annotations"],
      operationId: "createAnnotation",
      summary: "Highlight a passage, with an optional note and tags",
      description:
        "`start`/`end` are offsets in the issue's `text` and `exact` the passage as the caller's page showed it; it is checked against the issue's current text.",
      security: cookieAuth,
      requestBody: {
        required: true,
        content: { "application/json": { schema: bodySchema(annotationCreateSchema) } },
      },
      responses: {
        201: created("The new annotation.", ref("Annotation"), "annotation"),
        ...writeErrors,
        429: rateLimited,
      },
    },
  },
  "/api/annotations/{id}": {
    get: {
      tags: ["annotations"],
      operationId: "getAnnotation",
      summary: "One annotation, with its replies",
      parameters: [idParameter],
      security: [{}, ...cookieAuth],
      responses: { 200: json("The annotation.", ref("Annotation")), ...readErrors },
    },
    patch: {
      tags: ["annotations"],
      operationId: "updateAnnotation",
      summary: "Change the note, tags or visibility (its owner), or hide it (an author)",
      parameters: [idParameter],
      security: cookieAuth,
      requestBody: {
        required: true,
        content: { "application/json": { schema: bodySchema(annotationUpdateSchema) } },
      },
      responses: { 200: json("The annotation as it now is.", ref("Annotation")), ...writeErrors, 429: rateLimited },
    },
    delete: {
      tags: ["annotations"],
      operationId: "deleteAnnotation",
      summary: "Delete one's own annotation",
      parameters: [idParameter],
      security: cookieAuth,
      responses: { 204: { description: "Deleted." }, ...writeErrors },
    },
  },
  "/api/annotations/{id}/replies": {
    get: {
      tags: ["annotations"],
      operationId: "listReplies",
      summary: "The thread of a public annotation, oldest first",
      parameters: [idParameter, ...pagingParameters(100, 1000)],
      security: [{}, ...cookieAuth],
      responses: { 200: json("A page of replies.", ref("ReplyList"), linkHeader), ...readErrors },
    },
    post: {
      tags: ["annotations"],
      operationId: "createReply",
      summary: "Reply to a public annotation",
      parameters: [idParameter],
      security: cookieAuth,
      requestBody: { required: true, content: { "application/json": { schema: bodySchema(replyCreateSchema) } } },
      responses: { 201: created("The new reply.", ref("Reply"), "reply"), ...writeErrors, 429: rateLimited },
    },
  },
  "/api/annotations/{id}/replies/{replyId}": {
    get: {
      tags: ["annotations"],
      operationId: "getReply",
      summary: "One reply",
      parameters: [idParameter, replyIdParameter],
      security: [{}, ...cookieAuth],
      responses: { 200: json("The reply.", ref("Reply")), ...readErrors },
    },
    patch: {
      tags: ["annotations"],
      operationId: "updateReply",
      summary: "Edit one's own reply, or hide it (an author)",
      parameters: [idParameter, replyIdParameter],
      security: cookieAuth,
      requestBody: { required: true, content: { "application/json": { schema: bodySchema(replyUpdateSchema) } } },
      responses: { 200: json("The reply as it now is.", ref("Reply")), ...writeErrors },
    },
    delete: {
      tags: ["annotations"],
      operationId: "deleteReply",
      summary: "Delete one's own reply",
      parameters: [idParameter, replyIdParameter],
      security: cookieAuth,
      responses: { 204: { description: "Deleted." }, ...writeErrors },
    },
  },
};
