import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { issueUrl } from "@/lib/issues/json";
import { getIssueBySlug, getIssueNeighbours } from "@/lib/issues/queries";
import { formatDate, isoDate, issueLabel } from "@/lib/ui/format";
import { IssueConcepts } from "./issue-concepts";

type Props = { params: Promise<{ slug: string }> };

const loadIssue = cache(getIssueBySlug);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const issue = await loadIssue((await params).slug);
  return issue ? { title: issue.title, description: issue.subtitle ?? issue.text.slice(0, 160) } : { title: "Issue not found" };
}

export default async function IssuePage({ params }: Props) {
  const issue = await loadIssue((await params).slug);
  if (!issue) notFound();
  const { previous, next } = await getIssueNeighbours(issue);
  const label = issueLabel(issue);

  return (
    <article aria-labelledby="issue-title">
      <header>
        <div className="meta">
          {label && <span className="kicker">{label}</span>}
          {issue.publishedAt && <time dateTime={isoDate(issue.publishedAt)}>{formatDate(issue.publishedAt)}</time>}
          {issue.sourceUrl && (
            <a href={issue.sourceUrl} rel="noopener noreferrer">
              Read the original
            </a>
          )}
        </div>
        <h1 id="issue-title">{issue.title}</h1>
        {issue.subtitle && <p className="lede">{issue.subtitle}</p>}
      </header>
      <IssueConcepts issueId={issue.id} />
      {/* Sanitized against an allow-list at ingest (lib/ingest/clean.ts). */}
      <div className="prose" data-issue-body dangerouslySetInnerHTML={{ __html: issue.html }} />
      {(previous || next) && (
        <nav className="pager" aria-label="More issues">
          {previous && (
            <Link href={issueUrl(previous.slug)} rel="prev">
              <small>← Previous issue</small>
              {previous.title}
            </Link>
          )}
          {next && (
            <Link href={issueUrl(next.slug)} rel="next" className="pager__next">
              <small>Next issue →</small>
              {next.title}
            </Link>
          )}
        </nav>
      )}
    </article>
  );
}
