import type { Metadata } from "next";
import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { cache } from "react";
import { issueUrl } from "@/lib/issues/json";
import { getCachedConceptPage } from "@/lib/cache/reads";
import { conceptUrl, type ConceptMentionView } from "@/lib/concepts/queries";
import { formatIssueDate, issueDateTime } from "@/lib/ui/format";
import { getSite } from "@/lib/site";
import { ConceptTimeline } from "../concept-timeline";

type Props = { params: Promise<{ slug: string }> };

const loadConcept = cache(getCachedConceptPage);

const KIND_LABELS: Record<string, string> = {
  framework: "Framework or model",
  tension: "Tension",
  term: "Term",
  acronym: "Acronym",
  other: "Tool or name",
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await loadConcept((await params).slug);
  if (!found) return { title: "Concept not found" };
  const { concept } = found;
  const site = getSite();
  const url = conceptUrl(concept.slug);
  const description =
    concept.definitionText ??
    `${concept.name}: ${concept.mentionCount} mentions in ${concept.issueCount} issues of ${site.name}.`;
  return {
    title: concept.name,
    description,
    alternates: {
      canonical: url,
      types: {
        "application/atom+xml": [{ url: `${url}/feed.xml`, title: `${site.name}: new issues about ${concept.name}` }],
      },
    },
    openGraph: { type: "article", title: concept.name, description, url, siteName: site.name },
    twitter: { card: "summary", title: concept.name, description },
  };
}

/** The mention's context with the mention itself marked (the context is plain text; React escapes it). */
function MarkedContext({ mention }: { mention: ConceptMentionView }) {
  const at = mention.context.indexOf(mention.surface);
  if (at < 0) return <>{mention.context}</>;
  return (
    <>
      {mention.context.slice(0, at)}
      <mark>{mention.surface}</mark>
      {mention.context.slice(at + mention.surface.length)}
    </>
  );
}

export default async function ConceptPage({ params }: Props) {
  const { slug } = await params;
  const found = await loadConcept(slug);
  if (!found) notFound();
  if (found.movedTo) permanentRedirect(conceptUrl(found.movedTo));
  const concept = found.detail;
  if (!concept) notFound();

  // Mentions grouped by issue, in publication order.
  const byIssue: {
    slug: string;
    title: string;
    publishedAt: Date | null;
    datePrecision: ConceptMentionView["datePrecision"];
    mentions: ConceptMentionView[];
  }[] = [];
  for (const m of concept.mentions) {
    const last = byIssue[byIssue.length - 1];
    if (last && last.slug === m.issueSlug) last.mentions.push(m);
    else
      byIssue.push({
        slug: m.issueSlug,
        title: m.issueTitle,
        publishedAt: m.publishedAt,
        datePrecision: m.datePrecision,
        mentions: [m],
      });
  }

  return (
    <article aria-labelledby="concept-title" className="concept">
      <header>
        <div className="meta">
          <span className="kicker">{KIND_LABELS[concept.kind] ?? concept.kind}</span>
          <span>
            {concept.mentionCount} {concept.mentionCount === 1 ? "mention" : "mentions"} in {concept.issueCount}{" "}
            {concept.issueCount === 1 ? "issue" : "issues"}
          </span>
          {concept.firstSeenAt && (
            <span>
              first seen{" "}
              <time dateTime={issueDateTime(concept.firstSeenAt, concept.firstSeenPrecision ?? "day")}>
                {formatIssueDate(concept.firstSeenAt, concept.firstSeenPrecision ?? "day")}
              </time>
            </span>
          )}
        </div>
        <h1 id="concept-title">{concept.name}</h1>
        <p className="concept-feed">
          <a href={`${conceptUrl(concept.slug)}/feed.xml`} type="application/atom+xml">
            Follow new issues about {concept.name} (Atom feed)
          </a>
        </p>
        {concept.aliases.length > 0 && (
          <p className="concept-aliases">
            <span className="visually-hidden">Also written as: </span>
            <span aria-hidden="true">Also: </span>
            {concept.aliases.join(" · ")}
          </p>
        )}
      </header>

      {concept.definitionText && (
        <section aria-labelledby="definition-heading" className="concept-definition">
          <h2 id="definition-heading">In the writer’s words</h2>
          <blockquote>
            <p>{concept.definitionText}</p>
          </blockquote>
          {concept.definitionIssue && (
            <p className="concept-source">
              —{" "}
              <Link href={`${issueUrl(concept.definitionIssue.slug)}#${concept.definitionBlockId ?? ""}`}>
                {concept.definitionIssue.title}
              </Link>
            </p>
          )}
        </section>
      )}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Over time</h2>
        <ConceptTimeline countsByYear={concept.countsByYear} undated={concept.undatedMentions} />
      </section>

      <div className="concept-grid">
        {/* First in reading order, so on a phone related concepts come before the (long) list of mentions; wide screens show it beside them. */}
        <aside className="concept-aside" aria-label="Related">
          {concept.related.length > 0 && (
            <section aria-labelledby="related-heading">
              <h2 id="related-heading">Related concepts</h2>
              <ul className="pill-list">
                {concept.related.map((r) => (
                  <li key={r.slug}>
                    <Link className="pill" href={conceptUrl(r.slug)}>
                      {r.name}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {concept.relatedIssues.length > 0 && (
            <section aria-labelledby="issues-heading">
              <h2 id="issues-heading">Where it matters most</h2>
              <ol className="concept-issues">
                {concept.relatedIssues.map((i) => (
                  <li key={i.slug}>
                    <Link href={issueUrl(i.slug)}>{i.title}</Link>
                  </li>
                ))}
              </ol>
            </section>
          )}
        </aside>
        <section aria-labelledby="mentions-heading" className="concept-mentions">
          <h2 id="mentions-heading">Every mention</h2>
          <ol>
            {byIssue.map((issue) => (
              <li key={issue.slug}>
                <h3>
                  <Link href={issueUrl(issue.slug)}>{issue.title}</Link>
                  {issue.publishedAt && (
                    <>
                      {" "}
                      <time dateTime={issueDateTime(issue.publishedAt, issue.datePrecision)}>
                        {formatIssueDate(issue.publishedAt, issue.datePrecision)}
                      </time>
                    </>
                  )}
                </h3>
                <ul>
                  {issue.mentions.map((m) => (
                    <li key={`${m.blockId}:${m.start}`}>
                      <Link href={`${issueUrl(m.issueSlug)}#${m.blockId}`} className="mention-link">
                        <MarkedContext mention={m} />
                      </Link>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}
