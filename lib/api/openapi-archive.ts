/**
 * The archive's read paths of the OpenAPI document (openapi.ts assembles it):
 * issues, concepts and search.
 */
import {
  badRequest,
  json,
  linkHeader,
  pagingParameters,
  readErrors,
  ref,
  slugParameter,
  unavailable,
  queryText,
} from "./openapi-parts";

export const archivePaths = {
  "/api/issues": {
    get: {
      tags: ["archive"],
      operationId: "listIssues",
      summary: "Issues, newest first",
      parameters: [
        {
          name: "year",
          in: "query",
          description: "Only issues of this year, or `undated`: those without a date.",
          schema: { anyOf: [{ type: "integer", minimum: 1900, maximum: 2200 }, { const: "undated" }] },
          example: 2024,
        },
        ...pagingParameters(20, 100),
        {
          name: "perPage",
          in: "query",
          deprecated: true,
          description: "Deprecated name of `limit`.",
          schema: { type: "integer", minimum: 1, maximum: 100 },
        },
        {
          name: "page",
          in: "query",
          deprecated: true,
          description: "Deprecated: the page number at `limit` per page (`offset` = (page − 1) × limit).",
          schema: { type: "integer", minimum: 1, maximum: 100000 },
        },
      ],
      responses: { 200: json("A page of issues.", ref("IssueList"), linkHeader), 400: badRequest, 503: unavailable },
    },
  },
  "/api/issues/{slug}": {
    get: {
      tags: ["archive"],
      operationId: "getIssue",
      summary: "One issue: its HTML, text blocks, neighbours and concepts",
      parameters: [slugParameter("issue", "decision-log")],
      responses: { 200: json("The issue.", ref("Issue")), ...readErrors },
    },
  },
  "/api/concepts": {
    get: {
      tags: ["archive"],
      operationId: "listConcepts",
      summary: "Visible concepts with their counts",
      parameters: [
        {
          name: "kind",
          in: "query",
          description: "Only concepts of this kind.",
          schema: ref("ConceptKind"),
          example: "term",
        },
        {
          name: "sort",
          in: "query",
          description: "`name` (A–Z, the default), `frequency` (most mentioned first) or `first` (earliest first).",
          schema: { type: "string", enum: ["name", "frequency", "first"], default: "name" },
          example: "frequency",
        },
        ...pagingParameters(100, 1000),
      ],
      responses: {
        200: json("A page of concepts.", ref("ConceptList"), linkHeader),
        400: badRequest,
        503: unavailable,
      },
    },
  },
  "/api/concepts/{slug}": {
    get: {
      tags: ["archive"],
      operationId: "getConcept",
      summary: "One concept: definition, every mention with its context, related concepts and issues",
      parameters: [slugParameter("concept", "decision-log")],
      responses: { 200: json("The concept.", ref("Concept")), ...readErrors },
    },
  },
  "/api/search": {
    get: {
      tags: ["search"],
      operationId: "search",
      summary: "Issues and concepts matching a query",
      parameters: [
        {
          name: "q",
          in: "query",
          description: "The query (typos, prefixes and issue numbers are understood).",
          schema: { ...queryText, maxLength: 256, default: "" },
          example: "decision",
        },
        {
          name: "kind",
          in: "query",
          description: "What to search.",
          schema: { type: "string", enum: ["all", "issue", "concept"], default: "all" },
          example: "issue",
        },
        {
          name: "year",
          in: "query",
          description: "Only issues of this year, or `undated`.",
          schema: { anyOf: [{ type: "integer", minimum: 1000, maximum: 9999 }, { const: "undated" }] },
          example: 2024,
        },
        {
          name: "concept",
          in: "query",
          description: "A concept's slug: only issues about it.",
          schema: { ...queryText, maxLength: 200 },
          example: "decision-log",
        },
        ...pagingParameters(10, 50, 10_000),
      ],
      responses: {
        200: json("A page of results, with facets.", ref("SearchResult"), linkHeader),
        400: badRequest,
        503: unavailable,
      },
    },
  },
};
