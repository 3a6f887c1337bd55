import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import type { ConceptKind } from "@/db/schema";
import { countCachedConceptsByKind, listCachedConcepts } from "@/lib/cache/reads";
import { CONCEPT_KINDS, conceptUrl, groupByLetter, type ConceptSummary } from "@/lib/concepts/queries";
import { formatIssueDate, issueDateTime } from "@/lib/ui/format";
import { ConceptFilter } from "./concept-filter";

export const metadata: Metadata = { title: "Concepts" };

const KIND_LABELS: Record<string, string> = {
  framework: "Frameworks & models",
  tension: "Tensions",
  term: "Terms",
  acronym: "Acronyms",
  other: "Tools & names",
};
const SORT_LABELS = { name: "A–Z", frequency: "Most mentioned", first: "First appearance" } as const;

/**
 * Concepts per page. A list this long or shorter is shown whole, A–Z; a longer one is shown a
 * letter at a time (and a long letter, or a ranked list, a page at a time), which keeps the page
 * small however large the archive grows.
 */
const PAGE_SIZE = 120;

const paramsSchema = z.object({
  kind: z.enum(["framework", "tension", "term", "acronym"]).optional().catch(undefined),
  sort: z.enum(["name", "frequency", "first"]).catch("name"),
  q: z.string().trim().max(100).optional().catch(undefined),
  letter: z
    .string()
    .regex(/^[A-Za-z#]$/)
    .transform((l) => l.toUpperCase())
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

type Params = { kind?: string; sort?: string; q?: string; letter?: string; page?: number };

function href(params: Params): string {
  const search = new URLSearchParams();
  if (params.kind) search.set("kind", params.kind);
  if (params.sort && params.sort !== "name") search.set("sort", params.sort);
  if (params.q) search.set("q", params.q);
  if (params.letter) search.set("letter", params.letter);
  if (params.page && params.page > 1) search.set("page", String(params.page));
  const query = search.toString();
  return query ? `/concepts?${query}` : "/concepts";
}

/** Lower case without accents, so "naive" finds "naïve". */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

const letterId = (l: string) => `letter-${l === "#" ? "num" : l}`;

function ConceptItem({ concept, showDate }: { concept: ConceptSummary; showDate?: boolean }) {
  return (
    <li>
      <Link href={conceptUrl(concept.slug)}>{concept.name}</Link>{" "}
      <span className="concept-count">
        {concept.mentionCount} {concept.mentionCount === 1 ? "mention" : "mentions"} in {concept.issueCount}{" "}
        {concept.issueCount === 1 ? "issue" : "issues"}
        {showDate && concept.firstSeenAt && (
          <>
            , since{" "}
            <time dateTime={issueDateTime(concept.firstSeenAt, concept.firstSeenPrecision ?? "day")}>
              {formatIssueDate(concept.firstSeenAt, concept.firstSeenPrecision ?? "day")}
            </time>
          </>
        )}
      </span>
    </li>
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

export default async function ConceptsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { kind, sort, q, letter: askedLetter, page: askedPage } = paramsSchema.parse(await searchParams);
  const [{ items, total }, byKind] = await Promise.all([
    listCachedConcepts({ kind: kind as ConceptKind | undefined, sort }),
    countCachedConceptsByKind(),
  ]);
  const all = Object.values(byKind).reduce((a, b) => a + b, 0);

  const needle = q ? fold(q) : "";
  const matching = needle
    ? items.filter((c) => fold(c.name).includes(needle) || c.aliases.some((a) => fold(a).includes(needle)))
    : items;

  // The concepts under each letter, A–Z ("#" last).
  const letters = sort === "name" ? groupByLetter(matching) : new Map<string, ConceptSummary[]>();
  const byLetter = sort === "name" && matching.length > PAGE_SIZE;
  const letter = byLetter
    ? askedLetter && letters.has(askedLetter)
      ? askedLetter
      : [...letters.keys()][0]
    : undefined;
  const shown = letter ? (letters.get(letter) ?? []) : matching;
  const pageCount = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const page = Math.min(askedPage, pageCount);
  const slice = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const groups = sort === "name" ? groupByLetter(slice) : new Map<string, ConceptSummary[]>();

  const current: Params = { kind, sort, q, letter };

  return (
    <>
      <h1>Concepts</h1>
      <p className="lede">
        The named frameworks, tensions and recurring terms that run through the archive: {total}{" "}
        {kind ? (KIND_LABELS[kind] ?? kind).toLowerCase() : "concepts"}.
      </p>
      {all > 0 && (
        <div className="concept-filters">
          <nav aria-label="Filter by kind">
            <ul className="pill-list">
              <li>
                <Link className="pill" href={href({ sort, q })} aria-current={kind ? undefined : "page"}>
                  All <span aria-hidden="true">· {all}</span>
                  <span className="visually-hidden">({all})</span>
                </Link>
              </li>
              {CONCEPT_KINDS.filter((k) => byKind[k]).map((k) => (
                <li key={k}>
                  <Link
                    className="pill"
                    href={href({ kind: k, sort, q })}
                    aria-current={kind === k ? "page" : undefined}
                  >
                    {KIND_LABELS[k]} <span aria-hidden="true">· {byKind[k]}</span>
                    <span className="visually-hidden">({byKind[k]})</span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <nav aria-label="Sort">
            <ul className="pill-list">
              {(Object.keys(SORT_LABELS) as (keyof typeof SORT_LABELS)[]).map((s) => (
                <li key={s}>
                  <Link
                    className="pill"
                    href={href({ kind, sort: s, q })}
                    aria-current={sort === s ? "page" : undefined}
                  >
                    {SORT_LABELS[s]}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      )}
      {items.length > 0 && <ConceptFilter key={`${kind ?? ""}:${sort}`} q={q ?? ""} kind={kind} sort={sort} />}
      {items.length > 0 && (
        <p id="concept-filter-count" role="status" className="concept-filter__count">
          {q
            ? matching.length > 0
              ? `${plural(matching.length, "concept matches", "concepts match")} “${q}”.`
              : `No concept matches “${q}”.`
            : letter
              ? `${plural(shown.length, "concept", "concepts")} under ${letter === "#" ? "digits and symbols" : letter}.`
              : ""}
        </p>
      )}
      {items.length === 0 ? (
        <section className="empty-state">
          <h2>No concepts yet</h2>
          <p>
            Concepts are extracted when issues are ingested. Run <code>npm run ingest -- path/to/issues</code>, or{" "}
            <code>npm run concepts -- rebuild</code> to extract them from the issues already stored.
          </p>
        </section>
      ) : matching.length === 0 ? (
        <section className="empty-state">
          <h2>Nothing matches</h2>
          <p>
            Try fewer letters, another spelling, or <Link href={href({ kind, sort })}>show every concept</Link>. The{" "}
            <Link href={`/search?q=${encodeURIComponent(q ?? "")}`}>search</Link> looks inside the issues too.
          </p>
        </section>
      ) : sort === "name" ? (
        <>
          <nav aria-label="Letters" className="az-nav">
            <ul>
              {[...letters].map(([l, { length: n }]) => (
                <li key={l}>
                  {byLetter ? (
                    <Link href={href({ ...current, letter: l })} aria-current={l === letter ? "page" : undefined}>
                      {l}
                      <span className="visually-hidden"> ({n})</span>
                    </Link>
                  ) : (
                    <a href={`#${letterId(l)}`}>{l}</a>
                  )}
                </li>
              ))}
            </ul>
          </nav>
          {[...groups].map(([l, list]) => (
            <section key={l} aria-labelledby={letterId(l)} className="az-section">
              <h2 id={letterId(l)}>{l}</h2>
              <ul className="concept-index">
                {list.map((c) => (
                  <ConceptItem key={c.slug} concept={c} />
                ))}
              </ul>
            </section>
          ))}
        </>
      ) : (
        <ol className="concept-index concept-index--ranked" start={(page - 1) * PAGE_SIZE + 1}>
          {slice.map((c) => (
            <ConceptItem key={c.slug} concept={c} showDate={sort === "first"} />
          ))}
        </ol>
      )}
      {pageCount > 1 && (
        <nav className="pagination" aria-label="Pagination">
          {page > 1 && (
            <Link href={href({ ...current, page: page - 1 })} rel="prev">
              ← Previous
            </Link>
          )}
          <span>
            Page {page} of {pageCount}
          </span>
          {page < pageCount && (
            <Link href={href({ ...current, page: page + 1 })} rel="next">
              Next →
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
