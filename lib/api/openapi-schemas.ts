/**
 * The OpenAPI document's components: every JSON answer's schema, written out and closed
 * (`additionalProperties: false`), so a renamed or new field fails the e2e spec until it is described.
 */
import {
  int,
  list,
  obj,
  orNull,
  ref,
  sitePath,
  str,
  bool,
  dateTime,
  pageProperties,
  type Schema,
} from "./openapi-parts";

/** How every view of an issue names and dates it. */
const issueIdentity: Record<string, Schema> = {
  slug: str,
  url: sitePath,
  number: orNull(int),
  series: orNull(str),
  title: str,
  subtitle: orNull(str),
  publishedAt: orNull(dateTime),
  datePrecision: {
    ...orNull({ type: "string", enum: ["day", "month", "year"] }),
    description:
      "How much of `publishedAt` is known (it is then the first day of that month or year); null when undated.",
  },
  sourceUrl: orNull(str),
};

/** A concept as lists, related concepts and its own page show it. */
const conceptSummary: Record<string, Schema> = {
  slug: str,
  url: sitePath,
  name: str,
  kind: ref("ConceptKind"),
  aliases: { type: "array", items: str },
  mentionCount: { type: "integer", minimum: 0 },
  issueCount: { type: "integer", minimum: 0 },
  firstSeenAt: orNull(dateTime),
  firstSeenPrecision: {
    ...orNull({ type: "string", enum: ["day", "month", "year"] }),
    description: "How much of `firstSeenAt` is known: that of the earliest issue mentioning the concept.",
  },
};

export const schemas: Record<string, Schema> = {
  Error: obj({
    error: obj({
      code: {
        type: "string",
        enum: [
          "bad_request",
          "unauthorized",
          "forbidden",
          "not_found",
          "method_not_allowed",
          "conflict",
          "rate_limited",
          "internal",
          "unavailable",
        ],
      },
      message: { type: "string", description: "What went wrong, in a sentence a person can act on." },
    }),
  }),
  IssueSummary: obj({ ...issueIdentity, excerpt: str }),
  Block: obj(
    {
      id: { type: "string", description: "Stable across revisions: derived from the block's own text." },
      kind: { type: "string", enum: ["p", "h2", "h3", "h4", "li", "quote", "pre", "figure"] },
      text: str,
      start: { type: "integer", minimum: 0 },
      end: { type: "integer", minimum: 0 },
    },
    [],
    "One paragraph-level unit; `start`/`end` are offsets into the issue's `text`.",
  ),
  Neighbour: obj({ slug: str, title: str, number: orNull(int), series: orNull(str) }),
  IssueConcept: obj({
    rank: { type: "integer", minimum: 1 },
    slug: str,
    name: str,
    kind: ref("ConceptKind"),
    url: sitePath,
    mentions: { type: "integer", minimum: 1 },
  }),
  Issue: obj({
    ...issueIdentity,
    revision: { type: "integer", minimum: 1 },
    html: { type: "string", description: "Sanitized HTML; each block element carries `id=<block id>`." },
    text: { type: "string", description: "The normalised plain text: the blocks' texts joined by blank lines." },
    blocks: { type: "array", items: ref("Block") },
    updatedAt: dateTime,
    previous: orNull(ref("Neighbour")),
    next: orNull(ref("Neighbour")),
    concepts: {
      type: "array",
      items: ref("IssueConcept"),
      description: "Its ranked concepts as its page lists them (at most 10, hidden ones left out).",
    },
  }),
  IssueList: list(ref("IssueSummary"), {
    page: {
      type: "integer",
      minimum: 1,
      deprecated: true,
      description: "Deprecated: the page number of this page at `limit` per page.",
    },
    perPage: { type: "integer", minimum: 1, deprecated: true, description: "Deprecated: equals `limit`." },
    pageCount: { type: "integer", minimum: 1, deprecated: true, description: "Deprecated: pages at `limit` per page." },
  }),
  ConceptKind: { type: "string", enum: ["framework", "tension", "term", "acronym", "other"] },
  ConceptSummary: obj(conceptSummary),
  ConceptList: list(ref("ConceptSummary"), {
    sort: { type: "string", enum: ["name", "frequency", "first"] },
    kind: orNull(ref("ConceptKind")),
  }),
  Concept: obj({
    ...conceptSummary,
    definition: orNull(obj({ text: str, issue: orNull(obj({ slug: str, title: str })), url: orNull(sitePath) })),
    countsByYear: {
      type: "object",
      additionalProperties: { type: "integer", minimum: 0 },
      description: 'Mentions per year (`"2020": 14`).',
    },
    mentions: {
      type: "array",
      items: obj({
        issue: obj({ slug: str, title: str, publishedAt: orNull(dateTime) }),
        blockId: str,
        start: { type: "integer", minimum: 0 },
        end: { type: "integer", minimum: 0 },
        surface: str,
        context: str,
        url: sitePath,
      }),
    },
    related: {
      type: "array",
      items: obj({
        ...conceptSummary,
        score: { type: "number", description: "Log-likelihood (G²) of the two concepts appearing together." },
      }),
    },
    relatedIssues: {
      type: "array",
      items: obj({
        slug: str,
        url: sitePath,
        title: str,
        publishedAt: orNull(dateTime),
        mentions: { type: "integer", minimum: 0 },
      }),
    },
  }),
  SearchHit: obj(
    {
      kind: { type: "string", enum: ["issue", "concept"] },
      slug: str,
      title: str,
      url: sitePath,
      snippet: { type: "string", description: "HTML whose only tags are `<mark>`; everything else is escaped." },
      number: int,
      series: { type: "string", description: "The series an issue's number belongs to (`TBM`)." },
      label: { type: "string", description: "How the issue's number reads on its page (`TBM 21`, `#125`)." },
      publishedAt: dateTime,
      datePrecision: {
        type: "string",
        enum: ["day", "month", "year"],
        description: "How much of `publishedAt` is known (it is then the first day of that month or year).",
      },
      score: { type: "number" },
    },
    ["number", "series", "label", "publishedAt", "datePrecision"],
  ),
  SearchResult: obj({
    query: str,
    engine: { type: "string", enum: ["postgres", "meilisearch"], description: "`postgres` is the built-in engine." },
    degraded: {
      type: "boolean",
      description: "True when Meilisearch was unreachable and the built-in engine answered.",
    },
    tookMs: { type: "number", minimum: 0 },
    hits: {
      type: "array",
      items: ref("SearchHit"),
      description: "This page of the results (the list is called `hits` here).",
    },
    facets: obj({
      kind: { type: "array", items: obj({ value: { type: "string", enum: ["issue", "concept"] }, count: int }) },
      year: {
        type: "array",
        items: obj({ value: { anyOf: [int, { const: "undated" }] }, count: int }),
        description: "Newest first; undated issues last.",
      },
      concept: {
        type: "array",
        items: obj({ value: str, label: str, count: int }),
        description: "Most frequent first; `label` is the concept's name.",
      },
    }),
    didYouMean: {
      ...orNull(str),
      description: "With no hits: the query with its unknown words replaced by the closest indexed words.",
    },
    ...pageProperties,
  }),
  Author: obj({
    name: str,
    former: {
      type: "boolean",
      description: "The reader deleted their account and left this public without their name.",
    },
  }),
  Selector: {
    oneOf: [
      obj({ type: { const: "TextQuoteSelector" }, exact: str, prefix: str, suffix: str }),
      obj({ type: { const: "TextPositionSelector" }, start: int, end: int }),
      obj({
        type: { const: "FragmentSelector" },
        conformsTo: { const: "http://tools.ietf.org/rfc/rfc3986" },
        value: str,
      }),
    ],
  },
  Reply: obj({
    id: { type: "string", format: "uuid" },
    annotationId: { type: "string", format: "uuid" },
    note: str,
    noteHtml: { type: "string", description: "The note rendered from Markdown and sanitized when it was written." },
    author: ref("Author"),
    mine: bool,
    hidden: { type: "boolean", description: "Hidden by an author (seen only by its writer and authors)." },
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  Annotation: obj({
    id: { type: "string", format: "uuid" },
    issue: obj({
      slug: str,
      title: str,
      url: sitePath,
      revision: int,
      withdrawn: {
        type: "boolean",
        description: "The author took the issue away from readers; its owner's annotations stay theirs.",
      },
    }),
    exact: { type: "string", description: "The quoted passage." },
    prefix: str,
    suffix: str,
    start: {
      type: "integer",
      minimum: 0,
      description: "Offsets in the issue's current `text`; meaningless when `status` is `orphaned`.",
    },
    end: { type: "integer", minimum: 0 },
    blockId: orNull(str),
    selectors: { type: "array", items: ref("Selector"), description: "The passage as W3C Web Annotation selectors." },
    note: str,
    noteHtml: str,
    tags: { type: "array", items: str },
    visibility: { type: "string", enum: ["private", "public"] },
    hidden: { type: "boolean", description: "A public annotation an author hid from other readers." },
    status: {
      type: "string",
      enum: ["anchored", "orphaned"],
      description: "`orphaned`: the passage is no longer in the issue's text.",
    },
    author: ref("Author"),
    mine: bool,
    deleted: {
      type: "boolean",
      description: "Deleted by its reader, kept as the passage alone for the replies others made to it.",
    },
    replies: { type: "array", items: ref("Reply"), description: "The replies this caller may see, oldest first." },
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  AnnotationList: list(ref("Annotation")),
  ReplyList: list(ref("Reply")),
  AnnotationCollection: {
    type: "object",
    description: "A W3C Web Annotation collection (JSON-LD): every annotation, and its replies, in one page.",
    required: ["@context", "type", "label", "total", "first"],
    properties: {
      "@context": { type: "array" },
      type: { const: "AnnotationCollection" },
      label: str,
      total: { type: "integer", minimum: 0 },
      first: {
        type: "object",
        required: ["type", "startIndex", "items"],
        properties: {
          type: { const: "AnnotationPage" },
          startIndex: { const: 0 },
          items: { type: "array", items: { type: "object", required: ["id", "type"] } },
        },
      },
    },
  },
  Session: obj({
    user: obj(
      {
        id: str,
        name: orNull(str),
        email: orNull(str),
        image: orNull(str),
        role: { type: "string", enum: ["reader", "author"] },
      },
      ["image"],
    ),
    expires: dateTime,
  }),
};
