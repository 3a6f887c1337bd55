/**
 * Answering a request from the built-in index: the documents the filters
 * allow, issues asked for by number first, then the words' matches by BM25F
 * (lib/search/ranking.ts), the best of them reranked by proximity; one page
 * of hits with snippets, and facets counted over every match.
 */
import { issueLabel } from "@/lib/ui/format";
import {
  FACET_CONCEPTS,
  UNDATED,
  type EngineResult,
  type SearchFacets,
  type SearchHit,
  type SearchRequest,
} from "./engine";
import { emptyResult, parseNumberLookup, type NumberLookup } from "./lookup";
import type { MemoryIndex } from "./memory-index";
import { planQuery } from "./query-plan";
import {
  CONCEPT_WEIGHT,
  DEFAULT_PROXIMITY,
  proximityScore,
  scoreDocuments,
  topK,
  type ProximityParams,
} from "./ranking";
import { buildSnippet, highlightAll } from "./text";

function facetsOf(index: MemoryIndex, slots: Int32Array, extra: number[]): SearchFacets {
  let concepts = 0;
  const yearCounts = new Int32Array(index.yearValues.length);
  const counts = new Int32Array(index.facetSlugs.length);
  const { isConcept, yearOf, facetStart, facetIds } = index;
  let undated = 0;
  const count = (slot: number) => {
    concepts += isConcept[slot]!;
    const y = yearOf[slot]!;
    if (y >= 0) yearCounts[y]!++;
    else if (!isConcept[slot]) undated++;
    const end = facetStart[slot + 1]!;
    for (let i = facetStart[slot]!; i < end; i++) counts[facetIds[i]!]!++;
  };
  for (let i = 0; i < slots.length; i++) count(slots[i]!);
  for (const slot of extra) count(slot);
  const issues = slots.length + extra.length - concepts;
  const years: [number, number][] = [];
  yearCounts.forEach((c, y) => {
    if (c > 0) years.push([index.yearValues[y]!, c]);
  });
  // The most frequent concepts (ties: by slug), kept in one pass: an archive has thousands.
  const slugs = index.facetSlugs;
  const before = (a: number, b: number) =>
    counts[a]! > counts[b]! || (counts[a] === counts[b] && slugs[a]! < slugs[b]!);
  const top: number[] = [];
  for (let id = 0; id < counts.length; id++) {
    if (counts[id] === 0) continue;
    if (top.length === FACET_CONCEPTS && !before(id, top[FACET_CONCEPTS - 1]!)) continue;
    let at = Math.min(top.length, FACET_CONCEPTS - 1);
    if (top.length < FACET_CONCEPTS) top.push(id);
    while (at > 0 && before(id, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = id;
  }
  const labelled = top
    .flatMap((id) => {
      const slot = index.conceptBySlug.get(slugs[id]!);
      return slot !== undefined && index.isVisible(slot)
        ? [{ value: slugs[id]!, label: index.docs[slot]!.title, count: counts[id]! }]
        : [];
    })
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const kind: SearchFacets["kind"] = [];
  if (issues > 0) kind.push({ value: "issue", count: issues });
  if (concepts > 0) kind.push({ value: "concept", count: concepts });
  return {
    kind,
    // Newest first; undated issues last, as their own value.
    year: [
      ...[...years].map(([value, count]) => ({ value, count })).sort((a, b) => b.value - a.value),
      ...(undated > 0 ? [{ value: UNDATED, count: undated }] : []),
    ],
    concept: labelled,
  };
}

function toHit(index: MemoryIndex, slot: number, score: number, words: Set<string>): SearchHit {
  const d = index.docs[slot]!;
  const label = d.kind === "issue" ? issueLabel(d) : undefined;
  return {
    kind: d.kind,
    slug: d.slug,
    title: d.title,
    url: d.url,
    snippet: d.kind === "issue" || d.snippetText ? buildSnippet(d.snippetText, words) : highlightAll(d.title, words),
    ...(d.number !== null ? { number: d.number } : {}),
    ...(d.series !== null ? { series: d.series } : {}),
    ...(label ? { label } : {}),
    ...(d.publishedAt ? { publishedAt: d.publishedAt } : {}),
    score: Math.round(score * 10_000) / 10_000,
  };
}

/** Issues with that number (in that series, when one is named), the series-less one first. */
export function findByNumber(index: MemoryIndex, lookup: NumberLookup, mask: Uint8Array): number[] {
  const found: number[] = [];
  index.docs.forEach((d, slot) => {
    if (d.kind !== "issue" || d.number !== lookup.number || !mask[slot]) return;
    if (lookup.series !== null && d.series !== lookup.series) return;
    found.push(slot);
  });
  return found.sort((a, b) => {
    const sa = index.docs[a]!.series ?? "";
    const sb = index.docs[b]!.series ?? "";
    return sa.localeCompare(sb) || a - b;
  });
}

export function searchIndex(
  index: MemoryIndex,
  request: SearchRequest,
  proximity: ProximityParams = DEFAULT_PROXIMITY,
): EngineResult {
  const mask = index.mask(request.kind, request.year, request.concept);
  const lookup = parseNumberLookup(request.q, index.seriesNames);
  const pinned = lookup ? findByNumber(index, lookup, mask) : [];
  const plan = planQuery(index, request.q);
  if (plan.words.length === 0 && pinned.length === 0) return emptyResult();

  const { slots, scores } = scoreDocuments(index, plan, mask);
  // The best candidates reranked with proximity; the rest (deep pages) in BM25 order after them.
  const head = topK(slots, scores, proximity.candidates);
  const final = new Map<number, number>();
  for (const slot of head) {
    const extra =
      proximityScore(index, slot, plan, proximity) * (index.docs[slot]!.kind === "concept" ? CONCEPT_WEIGHT : 1);
    final.set(slot, scores[slot]! + extra);
  }
  const ordered = [...head].sort((a, b) => final.get(b)! - final.get(a)! || a - b);
  const want = request.offset + request.limit + pinned.length;
  if (want > ordered.length && slots.length > ordered.length) {
    const inHead = new Set(head);
    const rest = Int32Array.from([...slots].filter((s) => !inHead.has(s)));
    for (const slot of topK(rest, scores, want - ordered.length)) {
      ordered.push(slot);
      final.set(slot, scores[slot]!);
    }
  }
  // An issue asked for by its number comes first.
  const isPinned = new Set(pinned);
  const top = ordered.length > 0 ? final.get(ordered[0]!)! : 0;
  for (const [i, slot] of pinned.entries()) final.set(slot, top + pinned.length - i);
  const ranked = [...pinned, ...ordered.filter((s) => !isPinned.has(s))];

  const words = new Set<string>();
  for (const w of plan.words)
    for (const a of w.alternatives)
      for (const wid of index.termWords[a.term] ?? []) words.add(index.lexicon.words[wid]!);
  if (lookup) words.add(String(lookup.number));
  const hits = ranked
    .slice(request.offset, request.offset + request.limit)
    .map((slot) => toHit(index, slot, final.get(slot)!, words));
  // Pinned issues the words did not match count once more.
  const unmatched = pinned.filter((slot) => !slots.includes(slot));
  return { total: slots.length + unmatched.length, hits, facets: facetsOf(index, slots, unmatched) };
}
