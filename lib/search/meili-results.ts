/**
 * Meilisearch's answer as Concordance's: hits with snippets whose only tags
 * are `<mark>` (Meilisearch marks raw text; everything is escaped here), facet
 * counts in the contract's order, and concepts hidden since the index was last
 * synced left out — Postgres, not the index, says which concepts are visible.
 */
import { issueLabel } from "@/lib/ui/format";
import { FACET_CONCEPTS, UNDATED, type EngineResult, type SearchHit, type SearchRequest } from "./engine";
import { POST, PRE, type MeiliResponse } from "./meili-query";
import { buildSnippet, highlightAll, normaliseWord, parseQuery, renderMarked } from "./text";

/** The concepts an answer names (as hits or facet values): whose visibility the mapping needs. */
export function conceptSlugsOf(response: MeiliResponse): string[] {
  const counted = Object.keys(response.facetDistribution?.concept ?? {});
  const hits = response.hits.filter((h) => h.kind === "concept").map((h) => h.slug);
  return [...new Set([...counted, ...hits])];
}

/** `visible`: slug → name of each visible concept among conceptSlugsOf(response). */
export function toEngineResult(
  response: MeiliResponse,
  request: SearchRequest,
  visible: Map<string, string>,
): EngineResult {
  const distribution = response.facetDistribution ?? {};
  const words = new Set(parseQuery(request.q).words.map(normaliseWord));
  const hits: SearchHit[] = response.hits
    .filter((h) => h.kind === "issue" || visible.has(h.slug))
    .map((h) => {
      const body = h._formatted?.body;
      return {
        kind: h.kind,
        slug: h.slug,
        title: h.title,
        url: h.url,
        snippet: body
          ? renderMarked(body, PRE, POST)
          : h.body
            ? buildSnippet(h.body, words)
            : highlightAll(h.title, words),
        ...(h.number != null ? { number: h.number } : {}),
        ...(h.series != null ? { series: h.series } : {}),
        ...(h.kind === "issue" && h.number != null
          ? { label: issueLabel({ number: h.number, series: h.series ?? null }) }
          : {}),
        ...(h.publishedAt ? { publishedAt: h.publishedAt } : {}),
        score: Math.round((h._federation?.weightedRankingScore ?? h._rankingScore ?? 0) * 10_000) / 10_000,
      };
    });
  return {
    total: response.estimatedTotalHits ?? hits.length,
    hits,
    facets: {
      kind: Object.entries(distribution.kind ?? {})
        .filter((e): e is ["issue" | "concept", number] => e[0] === "issue" || e[0] === "concept")
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.value.localeCompare(a.value)),
      year: Object.entries(distribution.year ?? {})
        .map(([value, count]) => ({ value: value === UNDATED ? UNDATED : Number(value), count }))
        .sort((a, b) => (a.value === UNDATED ? 1 : b.value === UNDATED ? -1 : Number(b.value) - Number(a.value))),
      concept: Object.entries(distribution.concept ?? {})
        .filter(([slug]) => visible.has(slug))
        .map(([value, count]) => ({ value, label: visible.get(value) ?? value, count }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
        .slice(0, FACET_CONCEPTS),
    },
  };
}
