import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { removeConceptRuleAction } from "@/lib/admin/actions";
import { listConceptsForCuration } from "@/lib/admin/queries";
import { listConceptRules } from "@/lib/concepts/actions";
import { describePending, readDerivation } from "@/lib/concepts/derivation";
import { listIngestRuns } from "@/lib/ingest/history";
import { listRecentPublicAnnotations } from "@/lib/annotations/queries";
import { requireUser } from "@/lib/auth/session";
import { AnnotationActionButton } from "../annotation-action";
import { listArchive, type ArchiveFilter } from "@/lib/issues/archive";
import { issueUrl } from "@/lib/issues/json";
import { formatIssueDate, issueDateTime, issueLabel } from "@/lib/ui/format";
import { ConceptRuleForm } from "./concept-rule-form";
import { IssueTable } from "./issue-actions";
import { ScrollTable } from "./scroll-table";

export const metadata: Metadata = { title: "Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const ISSUES_PER_PAGE = 50;
const issueFilters: { value: ArchiveFilter; label: string }[] = [
  { value: "live", label: "Published" },
  { value: "undated", label: "Undated" },
  { value: "withdrawn", label: "Withdrawn" },
  { value: "samples", label: "Samples" },
  { value: "all", label: "All" },
];
const issueParamsSchema = z.object({
  filter: z.enum(["live", "undated", "withdrawn", "samples", "all"]).catch("live"),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function issuesHref(params: { filter: ArchiveFilter; q?: string; page?: number }): string {
  const search = new URLSearchParams();
  if (params.filter !== "live") search.set("issues", params.filter);
  if (params.q) search.set("issue-q", params.q);
  if (params.page && params.page > 1) search.set("issue-page", String(params.page));
  const query = search.toString();
  return `/admin${query ? `?${query}` : ""}#issues-heading`;
}

const actionLabels: Record<string, string> = { rename: "Rename", merge: "Merge into", hide: "Hide", alias: "Alias" };

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function duration(start: Date, end: Date | null): string {
  if (!end) return "did not finish";
  const seconds = (end.getTime() - start.getTime()) / 1000;
  return seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds / 60)} min`;
}

export default async function AdminPage({ searchParams }: Props) {
  const user = await requireUser("/admin");
  if (user.role !== "author") forbidden();
  const params = await searchParams;
  const conceptQuery = first(params.concept)?.slice(0, 100);
  const issueParams = issueParamsSchema.parse({
    filter: first(params.issues),
    q: first(params["issue-q"]) || undefined,
    page: first(params["issue-page"]),
  });
  const db = getDb();
  const [runs, publicAnnotations, conceptList, rules, archive, derivation] = await Promise.all([
    listIngestRuns(db, 20),
    listRecentPublicAnnotations(db, user, 20),
    listConceptsForCuration(db, { q: conceptQuery, limit: 50 }),
    listConceptRules(db),
    listArchive(db, {
      filter: issueParams.filter,
      q: issueParams.q,
      limit: ISSUES_PER_PAGE,
      offset: (issueParams.page - 1) * ISSUES_PER_PAGE,
    }),
    readDerivation(db),
  ]);
  const pending = describePending(derivation);
  const issuePages = Math.max(1, Math.ceil(archive.total / ISSUES_PER_PAGE));

  return (
    <>
      <h1>Admin</h1>
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Ingest history</h2>
        {runs.length === 0 ? (
          <p className="muted">
            No ingest runs recorded yet. Add issues with <code>npm run ingest -- path/to/issues</code>.
          </p>
        ) : (
          <ScrollTable
            label="Ingest history table"
            caption={<>The {runs.length} most recent ingest runs, newest first</>}
          >
            <thead>
              <tr>
                <th scope="col">Started (UTC)</th>
                <th scope="col">Took</th>
                <th scope="col">Inputs</th>
                <th scope="col">New</th>
                <th scope="col">Updated</th>
                <th scope="col">Unchanged</th>
                <th scope="col">Failed</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => {
                const problems = (run.details ?? []).filter((d) => d.status === "failed");
                return (
                  <tr key={run.id}>
                    <td>
                      {dateTime.format(run.startedAt)}
                      {run.dryRun && <span className="badge">dry run</span>}
                    </td>
                    <td>{duration(run.startedAt, run.finishedAt)}</td>
                    <td>{run.inputs.join(", ")}</td>
                    <td>{run.counts?.new ?? "–"}</td>
                    <td>{run.counts?.updated ?? "–"}</td>
                    <td>{run.counts?.unchanged ?? "–"}</td>
                    <td>{run.counts?.failed ?? "–"}</td>
                    <td>
                      {run.error && <span className="form-error">{run.error}</span>}
                      {problems.length > 0 && (
                        <details>
                          <summary>{problems.length} failed</summary>
                          <ul>
                            {problems.map((p, i) => (
                              // biome-ignore lint/suspicious/noArrayIndexKey: one run's failures, listed once and never reordered; sources can repeat
                              <li key={i}>
                                {p.source}: {p.error}
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </ScrollTable>
        )}
      </section>

      <section aria-labelledby="issues-heading">
        <h2 id="issues-heading">Issues</h2>
        <p className="muted">
          Delete withdraws an issue from readers: its page, lists, search and concepts. Readers keep their annotations
          on it, and Restore brings it back. Date an issue that has none (YYYY-MM-DD, YYYY-MM or YYYY); the date stays
          when its source is ingested again. The same as <code>npm run issues</code>.
        </p>
        <nav aria-label="Which issues">
          <ul className="pill-list">
            {issueFilters.map((f) => (
              <li key={f.value}>
                <Link
                  className="pill"
                  href={issuesHref({ filter: f.value, q: issueParams.q })}
                  aria-current={issueParams.filter === f.value ? "page" : undefined}
                >
                  {f.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <form method="get" action="/admin#issues-heading" className="filters" role="search" aria-label="Find an issue">
          {issueParams.filter !== "live" && <input type="hidden" name="issues" value={issueParams.filter} />}
          <div>
            <label htmlFor="issue-q">Find an issue (title or slug)</label>
            <input id="issue-q" name="issue-q" type="search" defaultValue={issueParams.q} />
          </div>
          <div className="filters__actions">
            <button type="submit" className="button button--quiet">
              Find
            </button>
          </div>
        </form>
        {archive.items.length === 0 && (
          <p className="muted">{issueParams.q ? "No issue matches." : "No issues here."}</p>
        )}
        <IssueTable
          caption={`Issues (${issueFilters.find((f) => f.value === issueParams.filter)?.label}), ${archive.total} in all`}
          rows={archive.items.map((i) => ({
            id: i.id,
            slug: i.slug,
            title: i.title,
            url: issueUrl(i.slug),
            label: issueLabel(i),
            date: formatIssueDate(i.publishedAt, i.datePrecision),
            dateValue: issueDateTime(i.publishedAt, i.datePrecision) ?? "",
            withdrawn: !!i.withdrawnAt,
            sample: i.isSample,
            annotations: i.annotations,
          }))}
        />
        {issuePages > 1 && (
          <nav className="pagination" aria-label="Issue pages">
            {issueParams.page > 1 && (
              <Link href={issuesHref({ ...issueParams, page: issueParams.page - 1 })} rel="prev">
                ← Previous
              </Link>
            )}
            <span>
              Page {Math.min(issueParams.page, issuePages)} of {issuePages}
            </span>
            {issueParams.page < issuePages && (
              <Link href={issuesHref({ ...issueParams, page: issueParams.page + 1 })} rel="next">
                Next →
              </Link>
            )}
          </nav>
        )}
      </section>

      <section aria-labelledby="curation-heading">
        <h2 id="curation-heading">Concept curation</h2>
        <p className="muted">
          Rules shape what extraction finds, and survive every re-run: rename a concept, merge it into another, hide it,
          or add an alias. The same rules the concepts command line manages.
        </p>
        {pending && (
          <p role="status">
            {pending[0]!.toUpperCase()}
            {pending.slice(1)}. Recently added issues already show the concepts known before them; the whole archive is
            re-derived in the background after an ingest. If that stopped, <code>npm run concepts -- refresh</code>{" "}
            catches up.
          </p>
        )}
        <ConceptRuleForm concepts={conceptList.map(({ key, name }) => ({ key, name }))} />
        <h3>Rules</h3>
        {rules.length === 0 ? (
          <p className="muted">No rules yet.</p>
        ) : (
          <ScrollTable label="Curation rules table" caption="Curation rules, oldest first">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Concept</th>
                <th scope="col">Value</th>
                <th scope="col">By</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id}>
                  <td>{actionLabels[r.action] ?? r.action}</td>
                  <td>
                    <code>{r.target}</code>
                  </td>
                  <td>{r.value ?? "–"}</td>
                  <td>{r.createdBy ?? "–"}</td>
                  <td>
                    <form action={removeConceptRuleAction}>
                      <input type="hidden" name="id" value={r.id} />
                      <button
                        type="submit"
                        className="link-button"
                        aria-label={`Remove rule: ${actionLabels[r.action] ?? r.action} ${r.target}`}
                      >
                        Remove
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
        <h3>Concepts</h3>
        <form method="get" className="filters" role="search" aria-label="Find a concept">
          <div>
            <label htmlFor="concept-q">Find a concept</label>
            <input id="concept-q" name="concept" type="search" defaultValue={conceptQuery} />
          </div>
          <div className="filters__actions">
            <button type="submit" className="button button--quiet">
              Find
            </button>
          </div>
        </form>
        {conceptList.length === 0 ? (
          <p className="muted">{conceptQuery ? "No concept matches." : "No concepts extracted yet."}</p>
        ) : (
          <ScrollTable label="Concepts table" caption="Concepts, most central first">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Mentions</th>
                <th scope="col">Issues</th>
              </tr>
            </thead>
            <tbody>
              {conceptList.map((c) => (
                <tr key={c.key}>
                  <td>
                    {c.name} {c.hidden && <span className="badge">hidden</span>}
                  </td>
                  <td>
                    <code>{c.key}</code>
                  </td>
                  <td>{c.mentionCount}</td>
                  <td>{c.issueCount}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </section>

      <section aria-labelledby="public-heading">
        <h2 id="public-heading">Public annotations</h2>
        {publicAnnotations.length === 0 ? (
          <p className="muted">No reader has shared an annotation yet.</p>
        ) : (
          <ol className="annotation-cards">
            {publicAnnotations.map((a) => (
              <li key={a.id} className="annotation-card">
                <p className="annotation-meta">
                  <Link href={a.issue.url}>{a.issue.title}</Link>
                  <span>{a.author.name}</span>
                  {a.hidden && <span className="badge badge--warn">Hidden</span>}
                </p>
                <blockquote className="annotation-quote">{a.exact}</blockquote>
                {/* biome-ignore lint/security/noDangerouslySetInnerHtml: notes are rendered from Markdown and sanitized on the server (lib/annotations/note.ts) */}
                {a.noteHtml && <div className="annotation-note" dangerouslySetInnerHTML={{ __html: a.noteHtml }} />}
                <p className="annotation-actions">
                  <AnnotationActionButton
                    id={a.id}
                    method="PATCH"
                    body={{ hidden: !a.hidden }}
                    label={a.hidden ? "Unhide" : "Hide from readers"}
                    failure="That didn't work. Try again."
                  />
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
