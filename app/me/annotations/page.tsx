import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { getDb } from "@/db";
import { listMyAnnotations, listMyFacets } from "@/lib/annotations/mine";
import { requireUser } from "@/lib/auth/session";
import { formatDate } from "@/lib/ui/format";
import { AnnotationActionButton } from "../../annotation-action";
import { EditAnnotation } from "./edit-annotation";

/** "Export all 12 annotations as", "Export these 3 annotations as", "Export this annotation as". */
function exportLabel(count: number, filtered: boolean): string {
  if (count === 1) return filtered ? "Export this annotation as" : "Export your annotation as";
  return `Export ${filtered ? "these" : "all"} ${count} annotations as`;
}

export const metadata: Metadata = { title: "My annotations" };

const filtersSchema = z.object({
  tag: z.string().trim().toLowerCase().max(40).optional().catch(undefined),
  issue: z.string().trim().max(200).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(["anchored", "orphaned"]).optional().catch(undefined),
});

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function withParams(base: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const query = search.toString();
  return query ? `${base}${base.includes("?") ? "&" : "?"}${query}` : base;
}

export default async function MyAnnotationsPage({ searchParams }: Props) {
  const raw = await searchParams;
  const filters = filtersSchema.parse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined])),
  );
  const user = await requireUser(withParams("/me/annotations", filters));
  const db = getDb();
  const [items, facets, orphans] = await Promise.all([
    listMyAnnotations(db, user.id, filters),
    listMyFacets(db, user.id),
    listMyAnnotations(db, user.id, { status: "orphaned" }),
  ]);
  const filtered = !!(filters.tag || filters.issue || filters.q || filters.status);

  return (
    <section className="my-annotations" aria-labelledby="mine-heading">
      <h1 id="mine-heading">My annotations</h1>
      <p className="lede">Everything you have highlighted, across every issue. Private ones are seen by no one else.</p>

      {orphans.length > 0 && filters.status !== "orphaned" && (
        <p className="notice" role="note">
          {orphans.length === 1
            ? "One annotation has lost its passage: the issue was edited and the text is gone. It is kept with its quote."
            : `${orphans.length} annotations have lost their passages: the issues were edited and the text is gone. They are kept with their quotes.`}{" "}
          <Link href="/me/annotations?status=orphaned">{orphans.length === 1 ? "Show it" : "Show them"}</Link>
        </p>
      )}

      <form className="filters" method="get" role="search" aria-label="Filter my annotations">
        <div>
          <label htmlFor="mine-q">Search notes and quotes</label>
          <input id="mine-q" name="q" type="search" defaultValue={filters.q} />
        </div>
        <div>
          <label htmlFor="mine-tag">Tag</label>
          <select id="mine-tag" name="tag" defaultValue={filters.tag ?? ""}>
            <option value="">All tags</option>
            {facets.tags.map((t) => (
              <option key={t.tag} value={t.tag}>
                {t.tag} ({t.count})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="mine-issue">Issue</label>
          <select id="mine-issue" name="issue" defaultValue={filters.issue ?? ""}>
            <option value="">All issues</option>
            {facets.issues.map((i) => (
              <option key={i.slug} value={i.slug}>
                {i.title} ({i.count})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="mine-status">Status</label>
          <select id="mine-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">Any</option>
            <option value="anchored">In place</option>
            <option value="orphaned">Passage gone</option>
          </select>
        </div>
        <div className="filters__actions">
          <button type="submit" className="button">
            Apply
          </button>
          {filtered && <Link href="/me/annotations">Clear</Link>}
        </div>
      </form>

      {items.length > 0 && (
        <p className="export-links">
          {exportLabel(items.length, filtered)}{" "}
          <a href={withParams("/api/annotations?mine=1&format=jsonld", filters)} download="annotations.jsonld">
            W3C JSON-LD
          </a>{" "}
          or{" "}
          <a href={withParams("/api/annotations?mine=1&format=markdown", filters)} download="annotations.md">
            Markdown
          </a>
        </p>
      )}

      {items.length === 0 ? (
        <div className="empty-state">
          <h2>{filtered ? "Nothing matches" : "No annotations yet"}</h2>
          <p>
            {filtered ? (
              <>
                Try other filters, or <Link href="/me/annotations">show everything</Link>.
              </>
            ) : (
              <>
                Open any <Link href="/issues">issue</Link>, select a passage, and choose Highlight or Annotate.
              </>
            )}
          </p>
        </div>
      ) : (
        <ol className="annotation-cards">
          {items.map((a) => (
            <li key={a.id} className="annotation-card" data-status={a.status}>
              <p className="annotation-meta">
                {a.issue.withdrawn ? (
                  <span className="annotation-issue">{a.issue.title}</span>
                ) : (
                  <Link href={a.status === "anchored" && a.blockId ? `${a.issue.url}#${a.blockId}` : a.issue.url}>
                    {a.issue.title}
                  </Link>
                )}
                <span className="annotation-card__written">
                  Annotated <time dateTime={a.createdAt}>{formatDate(new Date(a.createdAt))}</time>
                  {a.updatedAt.slice(0, 10) !== a.createdAt.slice(0, 10) && (
                    <>
                      , edited <time dateTime={a.updatedAt}>{formatDate(new Date(a.updatedAt))}</time>
                    </>
                  )}
                </span>
                <span className="badge">{a.visibility === "public" ? "Public" : "Private"}</span>
                {a.hidden && <span className="badge badge--warn">Hidden by the author</span>}
                {a.status === "orphaned" && <span className="badge badge--warn">Passage no longer in the issue</span>}
                {a.issue.withdrawn && <span className="badge badge--warn">Issue withdrawn by the author</span>}
              </p>
              <blockquote className="annotation-quote">{a.exact}</blockquote>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: notes are rendered from Markdown and sanitized on the server (lib/annotations/note.ts) */}
              {a.noteHtml && <div className="annotation-note" dangerouslySetInnerHTML={{ __html: a.noteHtml }} />}
              {a.replies.length > 0 && (
                <details className="annotation-card__replies">
                  <summary>{a.replies.length === 1 ? "1 reply" : `${a.replies.length} replies`}</summary>
                  <ol className="note-thread-list">
                    {a.replies.map((r) => (
                      <li key={r.id} className="note-reply">
                        <p className="annotation-meta">
                          <span className="note-reply__author">{r.mine ? "You" : r.author.name}</span>
                          <time dateTime={r.createdAt}>{formatDate(new Date(r.createdAt))}</time>
                          {r.hidden && <span className="badge badge--warn">Hidden by the author</span>}
                        </p>
                        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: notes are rendered from Markdown and sanitized on the server (lib/annotations/note.ts) */}
                        <div className="annotation-note" dangerouslySetInnerHTML={{ __html: r.noteHtml }} />
                      </li>
                    ))}
                  </ol>
                </details>
              )}
              <div className="annotation-actions">
                {a.tags.map((t) => (
                  <Link key={t} className="tag" href={withParams("/me/annotations", { tag: t })}>
                    #{t}
                  </Link>
                ))}
                <EditAnnotation
                  id={a.id}
                  note={a.note}
                  tags={a.tags}
                  visibility={a.visibility}
                  hasOthersReplies={a.replies.some((r) => !r.mine)}
                />
                <AnnotationActionButton
                  id={a.id}
                  method="DELETE"
                  label="Delete"
                  pendingLabel="Deleting…"
                  confirm="Delete this annotation? This can't be undone."
                  failure="Deleting failed. Try again."
                />
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
