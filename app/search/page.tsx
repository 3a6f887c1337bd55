import { getDb } from "@/db";
import type { Metadata } from "next";
import Link from "next/link";
import { search, SEARCH_REFUSED_MESSAGE, type SearchResponse } from "@/lib/search";
import { MAX_LIMIT, SearchConfigError, type YearValue } from "@/lib/search/engine";
import { searchParamsSchema } from "@/lib/search/params";
import { formatIssueDate, issueDateTime } from "@/lib/ui/format";
import { ShortcutKey } from "./shortcut";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const PER_PAGE = 20;

type Filters = { q: string; kind: "all" | "issue" | "concept"; year?: YearValue; concept?: string; page: number };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The URL of this page with some filters changed (undefined removes one); changing filters resets the page. */
function hrefWith(filters: Filters, change: Partial<Filters>): string {
  const next = { ...filters, page: 1, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.kind !== "all") params.set("kind", next.kind);
  if (next.year !== undefined) params.set("year", String(next.year));
  if (next.concept !== undefined) params.set("concept", next.concept);
  if (next.page > 1) params.set("page", String(next.page));
  return `/search?${params.toString()}`;
}

function readFilters(raw: Record<string, string | string[] | undefined>): { filters: Filters; problem?: string } {
  const page = Math.max(1, Math.min(500, Number.parseInt(first(raw.page) ?? "1", 10) || 1));
  const parsed = searchParamsSchema.safeParse({
    q: first(raw.q) ?? "",
    kind: first(raw.kind),
    year: first(raw.year),
    concept: first(raw.concept),
  });
  if (!parsed.success) {
    const problem = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return { filters: { q: (first(raw.q) ?? "").slice(0, 256), kind: "all", page: 1 }, problem };
  }
  const { q, kind, year, concept } = parsed.data;
  return { filters: { q, kind, year, concept, page } };
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = first((await searchParams).q)?.trim();
  return { title: q ? `“${q.slice(0, 60)}” — search` : "Search", robots: { index: false } };
}

export default async function SearchPage({ searchParams }: Props) {
  const { filters, problem } = readFilters(await searchParams);
  let response: SearchResponse | undefined;
  let refused = false;
  if (filters.q.trim() && !problem) {
    try {
      response = await search(getDb(), {
        q: filters.q,
        kind: filters.kind,
        year: filters.year,
        concept: filters.concept,
        limit: Math.min(PER_PAGE, MAX_LIMIT),
        offset: (filters.page - 1) * PER_PAGE,
      });
    } catch (err) {
      if (!(err instanceof SearchConfigError)) throw err;
      refused = true;
    }
  }
  const pageCount = response ? Math.max(1, Math.ceil(response.total / PER_PAGE)) : 1;
  // A page past the last (an old link, a hand-edited address) says so and links to the pages there are.
  const outOfRange = response !== undefined && response.total > 0 && filters.page > pageCount;

  return (
    <div className="search-page">
      <h1>Search</h1>
      <form action="/search" method="get" className="search-form" role="search" aria-label="Search the archive">
        <label htmlFor="search-page-q" className="visually-hidden">
          Search issues and concepts
        </label>
        <input
          id="search-page-q"
          name="q"
          type="search"
          defaultValue={filters.q}
          maxLength={256}
          placeholder="A question, a phrase, a concept…"
        />
        {filters.kind !== "all" && <input type="hidden" name="kind" value={filters.kind} />}
        <button type="submit" className="button">
          Search
        </button>
      </form>

      {problem && (
        <p className="search-notice search-notice--error" role="alert">
          That search address isn’t valid ({problem}).
        </p>
      )}

      {refused && (
        <p className="search-notice search-notice--error" role="alert">
          {SEARCH_REFUSED_MESSAGE}
        </p>
      )}

      {!response && !problem && !refused && (
        <section className="empty-state" aria-labelledby="search-empty-heading">
          <h2 id="search-empty-heading">Ask anything</h2>
          <p>
            Type a question (“how do I stop my roadmap from becoming a feature factory”), a phrase in quotes, or the
            name of a concept. Press <ShortcutKey /> or <kbd>/</kbd> on any page to search from there.
          </p>
        </section>
      )}

      {response && (
        <>
          {response.degraded && (
            <p className="search-notice" role="status">
              The main search engine is unreachable, so these results come from the built-in engine and may differ
              slightly.
            </p>
          )}
          <p className="search-summary" role="status">
            {response.total === 0
              ? `No results for “${filters.q}”.`
              : `${response.total} ${response.total === 1 ? "result" : "results"} for “${filters.q}”`}
            {pageCount > 1 && !outOfRange && ` — page ${filters.page} of ${pageCount}`}
          </p>
          <ActiveFilters filters={filters} response={response} />

          {response.total === 0 ? (
            <NoResults filters={filters} response={response} />
          ) : outOfRange ? (
            <section className="empty-state" aria-labelledby="out-of-range-heading">
              <h2 id="out-of-range-heading">There is no page {filters.page}</h2>
              <p>
                These results fill {pageCount} {pageCount === 1 ? "page" : "pages"}.{" "}
                <Link href={hrefWith(filters, { page: pageCount })}>
                  {pageCount === 1 ? "See them" : `Go to the last page (${pageCount})`}
                </Link>
                {pageCount > 1 && (
                  <>
                    {" "}
                    or <Link href={hrefWith(filters, { page: 1 })}>start from the first</Link>
                  </>
                )}
                .
              </p>
            </section>
          ) : (
            <div className="search-layout">
              <Facets filters={filters} response={response} />
              <div className="search-layout__results">
                <ol className="search-results" start={(filters.page - 1) * PER_PAGE + 1}>
                  {response.hits.map((hit) => (
                    <li key={`${hit.kind}-${hit.slug}`} className={`search-result search-result--${hit.kind}`}>
                      <div className="meta">
                        <span className="kicker">
                          {hit.kind === "concept"
                            ? "Concept"
                            : !hit.label
                              ? "Issue"
                              : hit.label.startsWith("#")
                                ? `Issue ${hit.label}`
                                : hit.label}
                        </span>
                        {hit.publishedAt && (
                          <time dateTime={issueDateTime(new Date(hit.publishedAt), hit.datePrecision)}>
                            {formatIssueDate(new Date(hit.publishedAt), hit.datePrecision)}
                          </time>
                        )}
                      </div>
                      <h2>
                        <Link href={hit.url}>{hit.title}</Link>
                      </h2>
                      {/* Escaped on the server; its only tags are <mark> (lib/search/text.ts). */}
                      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: snippets are escaped text with only the engine's <mark> tags added */}
                      <p className="search-result__snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
                    </li>
                  ))}
                </ol>
                {pageCount > 1 && (
                  <nav className="pagination" aria-label="Result pages">
                    {filters.page > 1 && (
                      <Link href={hrefWith(filters, { page: filters.page - 1 })} rel="prev">
                        ← Previous
                      </Link>
                    )}
                    <span>
                      Page {filters.page} of {pageCount}
                    </span>
                    {filters.page < pageCount && (
                      <Link href={hrefWith(filters, { page: filters.page + 1 })} rel="next">
                        Next →
                      </Link>
                    )}
                  </nav>
                )}
              </div>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function ActiveFilters({ filters, response }: { filters: Filters; response: SearchResponse }) {
  const conceptLabel = response.facets.concept.find((c) => c.value === filters.concept)?.label ?? filters.concept;
  const chips: { label: string; href: string }[] = [];
  if (filters.kind !== "all")
    chips.push({
      label: filters.kind === "issue" ? "Issues only" : "Concepts only",
      href: hrefWith(filters, { kind: "all" }),
    });
  if (filters.year !== undefined)
    chips.push({
      label: filters.year === "undated" ? "Undated" : String(filters.year),
      href: hrefWith(filters, { year: undefined }),
    });
  if (filters.concept !== undefined)
    chips.push({ label: `Concept: ${conceptLabel}`, href: hrefWith(filters, { concept: undefined }) });
  if (chips.length === 0) return null;
  return (
    <ul className="pill-list" aria-label="Active filters">
      {chips.map((chip) => (
        <li key={chip.label}>
          <Link className="pill search-chip" href={chip.href} aria-label={`Remove filter: ${chip.label}`}>
            {chip.label} ×
          </Link>
        </li>
      ))}
    </ul>
  );
}

function NoResults({ filters, response }: { filters: Filters; response: SearchResponse }) {
  const filtered = filters.kind !== "all" || filters.year !== undefined || filters.concept !== undefined;
  return (
    <section className="empty-state" aria-labelledby="no-results-heading">
      <h2 id="no-results-heading">Nothing matched</h2>
      {response.didYouMean && (
        <p className="did-you-mean">
          Did you mean <Link href={hrefWith(filters, { q: response.didYouMean })}>{response.didYouMean}</Link>?
        </p>
      )}
      <ul>
        {filtered && (
          <li>
            <Link href={hrefWith(filters, { kind: "all", year: undefined, concept: undefined })}>
              Search without filters
            </Link>
          </li>
        )}
        <li>Try fewer or more general words, or ask it as a question.</li>
        <li>
          Or <Link href="/issues">browse all issues</Link>.
        </li>
      </ul>
    </section>
  );
}

function Facets({ filters, response }: { filters: Filters; response: SearchResponse }) {
  const { facets } = response;
  const kindCount = (kind: "issue" | "concept") => facets.kind.find((k) => k.value === kind)?.count;
  const active =
    (filters.kind !== "all" ? 1 : 0) + (filters.year !== undefined ? 1 : 0) + (filters.concept !== undefined ? 1 : 0);
  // Collapsed above the results on phones (the stylesheet shows it as a column on wide screens).
  return (
    <details className="search-filters">
      <summary>Filters{active > 0 && <span className="muted"> ({active} on)</span>}</summary>
      <aside className="search-facets" aria-label="Filter results">
        <section aria-labelledby="facet-kind">
          <h2 id="facet-kind">Show</h2>
          <ul>
            {(["all", "issue", "concept"] as const).map((kind) => (
              <li key={kind}>
                <Link href={hrefWith(filters, { kind })} aria-current={filters.kind === kind ? "true" : undefined}>
                  {kind === "all" ? "Everything" : kind === "issue" ? "Issues" : "Concepts"}
                </Link>
                {kind !== "all" && kindCount(kind) !== undefined && <span className="count">{kindCount(kind)}</span>}
              </li>
            ))}
          </ul>
        </section>
        {facets.year.length > 0 && (
          <section aria-labelledby="facet-year">
            <h2 id="facet-year">Year</h2>
            <ul>
              {facets.year.map((y) => (
                <li key={y.value}>
                  <Link
                    href={hrefWith(filters, { year: filters.year === y.value ? undefined : y.value })}
                    aria-current={filters.year === y.value ? "true" : undefined}
                  >
                    {y.value === "undated" ? "Undated" : y.value}
                  </Link>
                  <span className="count">{y.count}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {facets.concept.length > 0 && (
          <section aria-labelledby="facet-concept">
            <h2 id="facet-concept">Concepts</h2>
            <ul>
              {facets.concept.map((c) => (
                <li key={c.value}>
                  <Link
                    href={hrefWith(filters, { concept: filters.concept === c.value ? undefined : c.value })}
                    aria-current={filters.concept === c.value ? "true" : undefined}
                  >
                    {c.label}
                  </Link>
                  <span className="count">{c.count}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </aside>
    </details>
  );
}
