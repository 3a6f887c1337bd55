/** The public JSON shape of issues: stable field names, ISO dates, and the page URL. */
import type { Issue } from "@/db/schema";
import type { IssueSummary } from "./queries";

export function issueUrl(slug: string): string {
  return `/issues/${encodeURIComponent(slug)}`;
}

export function toIssueSummaryJson(issue: IssueSummary) {
  return {
    slug: issue.slug,
    url: issueUrl(issue.slug),
    number: issue.number,
    series: issue.series,
    title: issue.title,
    subtitle: issue.subtitle,
    publishedAt: issue.publishedAt?.toISOString() ?? null,
    sourceUrl: issue.sourceUrl,
    excerpt: issue.excerpt,
  };
}

export function toIssueJson(issue: Issue) {
  return {
    slug: issue.slug,
    url: issueUrl(issue.slug),
    number: issue.number,
    series: issue.series,
    title: issue.title,
    subtitle: issue.subtitle,
    publishedAt: issue.publishedAt?.toISOString() ?? null,
    sourceUrl: issue.sourceUrl,
    revision: issue.revision,
    html: issue.html,
    text: issue.text,
    blocks: issue.blocks,
    updatedAt: issue.updatedAt.toISOString(),
  };
}
