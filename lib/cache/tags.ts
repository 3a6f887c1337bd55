/**
 * The tags the pages' cached reads carry (lib/cache/reads.ts), and which of them a change makes
 * stale. Kept free of Next.js imports: the command-line tools compute tags too, then hand them
 * to the running app (lib/cache/expire.ts).
 */
import { inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { issues } from "@/db/schema";
import type { RunChanges } from "@/lib/ingest/stage-types";

export const CACHE_TAGS = {
  /** Lists, counts, years and neighbours: anything that depends on which issues exist and how they are dated. */
  issueList: "issues",
  /** Every issue's own row (a catch-all for changes too large to name one by one). */
  issueBodies: "issue-bodies",
  /** Concepts, their pages, mentions and relations, and the concepts shown on issue pages. */
  concepts: "concepts",
  /** One issue's row, by the slug pages look it up by (so a miss cached before the issue existed is dropped too). */
  issue: (slug: string) => `issue:${slug}`,
  /** Every issue's public annotations (the catch-all, like issueBodies). */
  allPublicAnnotations: "annotations",
  /** The public annotations of one issue, as signed-out readers see them. */
  publicAnnotations: (issueId: number) => `annotations:${issueId}`,
} as const;

/** Beyond this many changed issues, one tag for all issue rows is cheaper than a tag per issue. */
const MAX_NAMED_ISSUES = 200;

/**
 * What a run of the derived stages made stale: the changed and removed issues themselves, their
 * public annotations (re-anchored to the new text), every list, and all concept data — a full
 * concepts derivation may move any concept's counts, mentions or relations, and even a quick run
 * (lib/concepts/quick.ts) recounts the concepts the changed issues mention. With no issue changed
 * (curation, `npm run concepts`, the background re-derivation), only the concept data, and only
 * when the concepts stage rewrote it.
 */
export async function tagsForChanges(
  db: Db,
  changes: RunChanges,
  derived: { conceptsChanged?: boolean } = {},
): Promise<string[]> {
  if (changes.changed.length === 0 && changes.deleted.length === 0)
    return derived.conceptsChanged ? [CACHE_TAGS.concepts] : [];
  // Every issue row too: an edit can give an issue a new slug, and the entry cached under the old
  // one isn't known here. Rows are re-read once each on their next view.
  const tags = new Set<string>([CACHE_TAGS.issueList, CACHE_TAGS.concepts, CACHE_TAGS.issueBodies]);
  if (changes.changed.length + changes.deleted.length > MAX_NAMED_ISSUES) {
    tags.add(CACHE_TAGS.allPublicAnnotations);
  } else {
    const rows =
      changes.changed.length > 0
        ? await db.select({ id: issues.id, slug: issues.slug }).from(issues).where(inArray(issues.id, changes.changed))
        : [];
    for (const { id, slug } of [...rows, ...changes.deleted]) {
      tags.add(CACHE_TAGS.issue(slug));
      tags.add(CACHE_TAGS.publicAnnotations(id));
    }
  }
  return [...tags];
}
