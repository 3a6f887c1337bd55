import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { listCachedIssues, listCachedIssueYears } from "@/lib/cache/reads";
import type { YearFilter } from "@/lib/issues/queries";
import { IssueList } from "./issue-list";

export const metadata: Metadata = { title: "Issues" };

const paramsSchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  year: z
    .union([z.literal("undated"), z.coerce.number().int().min(1900).max(2200)])
    .optional()
    .catch(undefined),
});

function href(params: { page?: number; year?: YearFilter }): string {
  const search = new URLSearchParams();
  if (params.year) search.set("year", String(params.year));
  if (params.page && params.page > 1) search.set("page", String(params.page));
  const query = search.toString();
  return query ? `/issues?${query}` : "/issues";
}

export default async function IssuesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { page, year } = paramsSchema.parse(await searchParams);
  const [result, years] = await Promise.all([listCachedIssues({ page, year, perPage: 20 }), listCachedIssueYears()]);

  return (
    <>
      <h1>Issues</h1>
      <p className="lede">
        {result.total} {result.total === 1 ? "issue" : "issues"}
        {year === "undated"
          ? " without a date, by series and number"
          : year
            ? ` from ${year}, newest first`
            : ", newest first"}
        .
      </p>
      {years.length > 1 && (
        <nav aria-label="Filter by year">
          <ul className="pill-list">
            <li>
              <Link className="pill" href={href({})} aria-current={year ? undefined : "page"}>
                All years
              </Link>
            </li>
            {years.map((y) => {
              const value: YearFilter = y.year ?? "undated";
              return (
                <li key={value}>
                  <Link
                    className="pill"
                    href={href({ year: value })}
                    aria-current={year === value ? "page" : undefined}
                  >
                    {y.year ?? "Undated"} <span className="visually-hidden">({y.count} issues)</span>
                    <span aria-hidden="true"> · {y.count}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      )}
      {result.items.length === 0 ? (
        <section className="empty-state">
          <h2>Nothing here</h2>
          <p>
            {year === "undated"
              ? "Every issue has a date. "
              : year
                ? `No issues were published in ${year}. `
                : "There are no issues on this page. "}
            <Link href="/issues">See all issues</Link>.
          </p>
        </section>
      ) : (
        <IssueList issues={result.items} />
      )}
      {result.pageCount > 1 && (
        <nav className="pagination" aria-label="Pagination">
          {page > 1 && (
            <Link href={href({ year, page: page - 1 })} rel="prev">
              ← Newer
            </Link>
          )}
          <span>
            Page {Math.min(page, result.pageCount)} of {result.pageCount}
          </span>
          {page < result.pageCount && (
            <Link href={href({ year, page: page + 1 })} rel="next">
              Older →
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
