import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import type { ConceptKind } from "@/db/schema";
import { CONCEPT_KINDS, conceptUrl, countConceptsByKind, letterOf, listConcepts, type ConceptSummary } from "@/lib/concepts/queries";
import { formatDate, isoDate } from "@/lib/ui/format";

export const metadata: Metadata = { title: "Concepts" };

const KIND_LABELS: Record<string, string> = { framework: "Frameworks & models", tension: "Tensions", term: "Terms", acronym: "Acronyms", other: "Tools & names" };
const SORT_LABELS = { name: "A–Z", frequency: "Most mentioned", first: "First appearance" } as const;

const paramsSchema = z.object({
  kind: z.enum(["framework", "tension", "term", "acronym"]).optional().catch(undefined),
  sort: z.enum(["name", "frequency", "first"]).catch("name"),
});

function href(params: { kind?: string; sort?: string }): string {
  const search = new URLSearchParams();
  if (params.kind) search.set("kind", params.kind);
  if (params.sort && params.sort !== "name") search.set("sort", params.sort);
  const query = search.toString();
  return query ? `/concepts?${query}` : "/concepts";
}

function ConceptItem({ concept, showDate }: { concept: ConceptSummary; showDate?: boolean }) {
  return (
    <li>
      <Link href={conceptUrl(concept.slug)}>{concept.name}</Link>{" "}
      <span className="concept-count">
        {concept.mentionCount} {concept.mentionCount === 1 ? "mention" : "mentions"} in {concept.issueCount} {concept.issueCount === 1 ? "issue" : "issues"}
        {showDate && concept.firstSeenAt && (
          <>
            , since <time dateTime={isoDate(concept.firstSeenAt)}>{formatDate(concept.firstSeenAt)}</time>
          </>
        )}
      </span>
    </li>
  );
}

export default async function ConceptsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const { kind, sort } = paramsSchema.parse(await searchParams);
  const [{ items, total }, byKind] = await Promise.all([listConcepts({ kind: kind as ConceptKind | undefined, sort }), countConceptsByKind()]);
  const all = Object.values(byKind).reduce((a, b) => a + b, 0);

  const letters = new Map<string, ConceptSummary[]>();
  if (sort === "name") {
    for (const c of items) {
      const l = letterOf(c.name);
      const list = letters.get(l) ?? [];
      list.push(c);
      letters.set(l, list);
    }
  }

  return (
    <>
      <h1>Concepts</h1>
      <p className="lede">
        The named frameworks, tensions and recurring terms that run through the archive: {total} {kind ? (KIND_LABELS[kind] ?? kind).toLowerCase() : "concepts"}.
      </p>
      {all > 0 && (
        <div className="concept-filters">
          <nav aria-label="Filter by kind">
            <ul className="pill-list">
              <li>
                <Link className="pill" href={href({ sort })} aria-current={kind ? undefined : "page"}>
                  All <span aria-hidden="true">· {all}</span>
                  <span className="visually-hidden">({all})</span>
                </Link>
              </li>
              {CONCEPT_KINDS.filter((k) => byKind[k]).map((k) => (
                <li key={k}>
                  <Link className="pill" href={href({ kind: k, sort })} aria-current={kind === k ? "page" : undefined}>
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
                  <Link className="pill" href={href({ kind, sort: s })} aria-current={sort === s ? "page" : undefined}>
                    {SORT_LABELS[s]}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      )}
      {items.length === 0 ? (
        <section className="empty-state">
          <h2>No concepts yet</h2>
          <p>
            Concepts are extracted when issues are ingested. Run <code>npm run ingest -- path/to/issues</code>, or{" "}
            <code>npm run concepts -- rebuild</code> to extract them from the issues already stored.
          </p>
        </section>
      ) : sort === "name" ? (
        <>
          <nav aria-label="Letters" className="az-nav">
            <ul>
              {[...letters.keys()].map((l) => (
                <li key={l}>
                  <a href={`#letter-${l === "#" ? "num" : l}`}>{l}</a>
                </li>
              ))}
            </ul>
          </nav>
          {[...letters].map(([l, list]) => (
            <section key={l} aria-labelledby={`letter-${l === "#" ? "num" : l}`} className="az-section">
              <h2 id={`letter-${l === "#" ? "num" : l}`}>{l}</h2>
              <ul className="concept-index">
                {list.map((c) => (
                  <ConceptItem key={c.slug} concept={c} />
                ))}
              </ul>
            </section>
          ))}
        </>
      ) : (
        <ol className="concept-index concept-index--ranked">
          {items.map((c) => (
            <ConceptItem key={c.slug} concept={c} showDate={sort === "first"} />
          ))}
        </ol>
      )}
    </>
  );
}
