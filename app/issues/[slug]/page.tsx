import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { issueUrl } from "@/lib/issues/json";
import { getCachedIssueNeighbours } from "@/lib/cache/reads";
import { firstImage, type Neighbour } from "@/lib/issues/queries";
import { getSite } from "@/lib/site";
import { formatIssueDate, issueDateTime, issueLabel } from "@/lib/ui/format";
import { IssueAnnotations } from "./issue-annotations";
import { IssueConcepts } from "./issue-concepts";
import { loadIssue } from "./load-issue";
import { PartBoundary } from "./part-boundary";
import { TargetHighlight } from "./target-highlight";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const issue = await loadIssue((await params).slug);
  if (!issue) return { title: "Issue not found" };
  const site = getSite();
  const description = issue.subtitle ?? issue.text.slice(0, 200).replace(/\s+\S*$/, "…");
  const image = firstImage(issue.html);
  const images = image ? [{ url: image.src, ...(image.alt ? { alt: image.alt } : {}) }] : undefined;
  return {
    title: issue.title,
    description,
    // The original is the canonical copy when the issue has one; else this page is.
    alternates: { canonical: issue.sourceUrl ?? issueUrl(issue.slug) },
    openGraph: {
      type: "article",
      title: issue.title,
      description,
      url: issueUrl(issue.slug),
      siteName: site.name,
      ...(issue.publishedAt ? { publishedTime: issue.publishedAt.toISOString() } : {}),
      modifiedTime: issue.updatedAt.toISOString(),
      ...(site.author ? { authors: [site.author] } : {}),
      ...(images ? { images } : {}),
    },
    twitter: {
      card: image ? "summary_large_image" : "summary",
      title: issue.title,
      description,
      ...(images ? { images } : {}),
    },
  };
}

function NeighbourLink({ issue, rel }: { issue: Neighbour; rel: "prev" | "next" }) {
  const label = issueLabel(issue);
  return (
    <Link href={issueUrl(issue.slug)} rel={rel} className={rel === "next" ? "pager__next" : undefined}>
      <small>{rel === "prev" ? "← Previous issue" : "Next issue →"}</small>
      {label ? `${label}: ` : ""}
      {issue.title}
    </Link>
  );
}

export default async function IssuePage({ params }: Props) {
  const issue = await loadIssue((await params).slug);
  if (!issue) notFound();
  const { previous, next } = await getCachedIssueNeighbours(issue);
  const label = issueLabel(issue);

  return (
    <article aria-labelledby="issue-title" className="issue">
      {/* Wide screens: the text, with its notes in the margin beside it (annotation-layer.tsx). */}
      <div className="issue-layout">
        <div className="issue-layout__text">
          <header>
            <div className="meta">
              {label && <span className="kicker">{label}</span>}
              {issue.publishedAt ? (
                <time dateTime={issueDateTime(issue.publishedAt, issue.datePrecision)}>
                  {formatIssueDate(issue.publishedAt, issue.datePrecision)}
                </time>
              ) : (
                <span>Undated</span>
              )}
              {issue.sourceUrl && (
                <a href={issue.sourceUrl} rel="noopener noreferrer">
                  Read the original
                </a>
              )}
            </div>
            <h1 id="issue-title">{issue.title}</h1>
            {issue.subtitle && <p className="lede">{issue.subtitle}</p>}
          </header>
          {/* The concepts and the annotations stream in on their own: neither holds the text back, and one that fails says so in its place. */}
          <PartBoundary part="concepts" message="This issue's concepts couldn't be loaded just now.">
            <Suspense fallback={<p className="muted issue-part-pending">Loading this issue’s concepts…</p>}>
              <IssueConcepts issueId={issue.id} />
            </Suspense>
          </PartBoundary>
          {/* Sanitized against an allow-list at ingest (lib/ingest/clean.ts). */}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the issue's HTML was sanitized at ingest (lib/ingest/clean.ts) */}
          <div className="prose" data-issue-body dangerouslySetInnerHTML={{ __html: issue.html }} />
        </div>
        <PartBoundary
          part="annotations"
          message="The notes on this issue couldn't be loaded just now; its text is all here."
        >
          <Suspense
            fallback={
              <section className="annotation-list annotation-margin" aria-label="Annotations" aria-busy="true">
                <p className="muted issue-part-pending">Loading notes…</p>
              </section>
            }
          >
            <IssueAnnotations issue={issue} />
          </Suspense>
        </PartBoundary>
      </div>
      <TargetHighlight key={issue.slug} />
      {(previous || next) && (
        <nav className="pager" aria-label="More issues">
          {previous && <NeighbourLink issue={previous} rel="prev" />}
          {next && <NeighbourLink issue={next} rel="next" />}
        </nav>
      )}
    </article>
  );
}
