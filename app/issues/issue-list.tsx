import Link from "next/link";
import type { IssueSummary } from "@/lib/issues/queries";
import { formatIssueDate, issueDateTime, issueLabel } from "@/lib/ui/format";
import { issueUrl } from "@/lib/issues/json";

export function IssueList({ issues, headingLevel = 2 }: { issues: IssueSummary[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ol className="issue-list">
      {issues.map((issue) => {
        const label = issueLabel(issue);
        return (
          <li key={issue.id}>
            <div className="meta">
              {label && <span className="kicker">{label}</span>}
              {issue.publishedAt ? (
                <time dateTime={issueDateTime(issue.publishedAt, issue.datePrecision)}>
                  {formatIssueDate(issue.publishedAt, issue.datePrecision)}
                </time>
              ) : (
                <span className="muted">Undated</span>
              )}
            </div>
            <Heading>
              <Link href={issueUrl(issue.slug)}>{issue.title}</Link>
            </Heading>
            {(issue.subtitle || issue.excerpt) && <p>{issue.subtitle ?? issue.excerpt}</p>}
          </li>
        );
      })}
    </ol>
  );
}
