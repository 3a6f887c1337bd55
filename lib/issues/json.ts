/** The public JSON shape of issues: stable field names, ISO dates, and the page URL. */
import type { Issue } from "@/db/schema";
import { conceptUrl, type IssueConcept } from "@/lib/concepts/queries";
import type { IssueSummary } from "./queries";

export function issueUrl(slug: string): string {
  return `/issues/${encodeURIComponent(slug)}`;
}

type IssueHead = Pick<
  Issue,
  "slug" | "number" | "series" | "title" | "subtitle" | "publishedAt" | "datePrecision" | "sourceUrl"
>;

function toIssueHeadJson(issue: IssueHead) {
  return {
    slug: issue.slug,
    url: issueUrl(issue.slug),
    number: issue.number,
    series: issue.series,
    title: issue.title,
    subtitle: issue.subtitle,
    publishedAt: issue.publishedAt?.toISOString() ?? null,
    /** "day", or "month"/"year" when only that much of the date is known (`publishedAt` is its first day). */
    datePrecision: issue.publishedAt ? issue.datePrecision : null,
    sourceUrl: issue.sourceUrl,
  };
}

export function toIssueSummaryJson(issue: IssueSummary) {
  return { ...toIssueHeadJson(issue), excerpt: issue.excerpt };
}

export function toIssueJson(issue: Issue) {
  return {
    ...toIssueHeadJson(issue),
    revision: issue.revision,
    html: issue.html,
    text: issue.text,
    blocks: issue.blocks,
    updatedAt: issue.updatedAt.toISOString(),
  };
}

/** One of an issue's concepts in `/api/issues/{slug}`: `rank` is its place in the issue's list (1 = most central). */
export function toIssueConceptJson(concept: IssueConcept, index: number) {
  return {
    rank: index + 1,
    slug: concept.slug,
    name: concept.name,
    kind: concept.kind,
    url: conceptUrl(concept.slug),
    mentions: concept.mentionCount,
  };
}
