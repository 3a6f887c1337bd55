import Link from "next/link";
import { countCachedIssues, listCachedIssues } from "@/lib/cache/reads";
import { KeyConcepts } from "./concepts/key-concepts";
import { IssueList } from "./issues/issue-list";

export default async function HomePage() {
  const [latest, total] = await Promise.all([listCachedIssues({ perPage: 6 }), countCachedIssues()]);
  return (
    <>
      <h1>Every idea, every issue</h1>
      <p className="lede">
        Search and read the whole archive: {total} {total === 1 ? "issue" : "issues"} so far.
      </p>
      {total === 0 ? (
        <section className="empty-state" aria-labelledby="empty-heading">
          <h2 id="empty-heading">No issues yet</h2>
          <p>
            Add some with <code>npm run ingest -- path/to/issues</code>; they appear here as soon as the command
            finishes.
          </p>
        </section>
      ) : (
        <div className="home-grid">
          <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">Latest issues</h2>
            <IssueList issues={latest.items} headingLevel={3} />
            <p>
              <Link href="/issues">All {total} issues →</Link>
            </p>
          </section>
          <KeyConcepts />
        </div>
      )}
    </>
  );
}
