/** The public JSON shape of concepts: stable field names, ISO dates, page URLs. */
import { issueUrl } from "@/lib/issues/json";
import { conceptUrl, type ConceptDetail, type ConceptSummary } from "./queries";

export function toConceptSummaryJson(c: ConceptSummary) {
  return {
    slug: c.slug,
    url: conceptUrl(c.slug),
    name: c.name,
    kind: c.kind,
    aliases: c.aliases,
    mentionCount: c.mentionCount,
    issueCount: c.issueCount,
    firstSeenAt: c.firstSeenAt?.toISOString() ?? null,
    firstSeenPrecision: c.firstSeenAt ? (c.firstSeenPrecision ?? "day") : null,
  };
}

export function toConceptJson(c: ConceptDetail) {
  return {
    ...toConceptSummaryJson(c),
    definition: c.definitionText
      ? {
          text: c.definitionText,
          issue: c.definitionIssue ? { slug: c.definitionIssue.slug, title: c.definitionIssue.title } : null,
          url:
            c.definitionIssue && c.definitionBlockId
              ? `${issueUrl(c.definitionIssue.slug)}#${c.definitionBlockId}`
              : null,
        }
      : null,
    countsByYear: c.countsByYear,
    mentions: c.mentions.map((m) => ({
      issue: { slug: m.issueSlug, title: m.issueTitle, publishedAt: m.publishedAt?.toISOString() ?? null },
      blockId: m.blockId,
      start: m.start,
      end: m.end,
      surface: m.surface,
      context: m.context,
      url: `${issueUrl(m.issueSlug)}#${m.blockId}`,
    })),
    related: c.related.map((r) => ({ ...toConceptSummaryJson(r), score: r.score })),
    relatedIssues: c.relatedIssues.map((i) => ({
      slug: i.slug,
      url: issueUrl(i.slug),
      title: i.title,
      publishedAt: i.publishedAt?.toISOString() ?? null,
      mentions: i.mentions,
    })),
  };
}
