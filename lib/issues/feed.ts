/**
 * Atom feeds of issues: the newest issues of the archive, or the newest about one
 * concept. Links and images in the issues' HTML are made absolute, as feed
 * readers show them away from this site.
 */
import { Feed } from "feed";
import { issueUrl } from "./json";
import type { FeedIssue } from "./queries";
import type { Site } from "@/lib/site";
import { issueLabel } from "@/lib/ui/format";

/** `href="/…"` and `src="/…"` (this site's own paths) made absolute. */
function absolutizeHtml(html: string, origin: string): string {
  return html.replace(/\b(href|src)="\/(?!\/)/g, `$1="${origin}/`);
}

export type FeedSpec = {
  site: Site;
  origin: string;
  /** The feed's own path, e.g. /feed.xml. */
  selfPath: string;
  /** The page the feed follows, e.g. / or /concepts/okrs. */
  pagePath: string;
  title: string;
  description?: string;
  issues: FeedIssue[];
};

export function buildAtomFeed(spec: FeedSpec): string {
  const { site, origin, issues } = spec;
  // An undated issue appears in the feed when it was added to the archive.
  const dateOf = (i: FeedIssue) => i.publishedAt ?? i.createdAt;
  const updated = issues.reduce<Date>(
    (latest, i) => new Date(Math.max(latest.getTime(), i.updatedAt.getTime())),
    new Date(0),
  );
  const author = site.author ? { name: site.author, ...(site.homeUrl ? { link: site.homeUrl } : {}) } : undefined;
  const feed = new Feed({
    id: `${origin}${spec.selfPath}`,
    title: spec.title,
    description: spec.description ?? site.description,
    link: `${origin}${spec.pagePath}`,
    language: "en",
    updated: issues.length > 0 ? updated : new Date(0),
    generator: "Concordance",
    feedLinks: { atom: `${origin}${spec.selfPath}` },
    favicon: `${origin}/icon.svg`,
    copyright: site.author ? `© ${site.author}` : "",
    ...(author ? { author } : {}),
  });
  for (const issue of issues) {
    const label = issueLabel(issue);
    const link = `${origin}${issueUrl(issue.slug)}`;
    feed.addItem({
      id: link,
      title: label ? `${label}: ${issue.title}` : issue.title,
      link,
      date: issue.updatedAt,
      published: dateOf(issue),
      ...(issue.subtitle ? { description: issue.subtitle } : {}),
      content: absolutizeHtml(issue.html, origin),
      ...(author ? { author: [author] } : {}),
    });
  }
  return feed.atom1();
}

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";
