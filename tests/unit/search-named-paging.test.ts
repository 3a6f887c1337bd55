/**
 * Paging a query that names a concept: the concept leads page one, and every
 * page is a slice of one list — the concept, then the engine's results without
 * it — so no result is shown twice or skipped and the total never changes.
 * The engine here is a plain ranked list, sliced as any engine slices.
 */
import { describe, expect, it } from "vitest";
import type { SearchHit, SearchRequest } from "@/lib/search/engine";
import { namedWindow, placeNamedFirst } from "@/lib/search";

const hit = (kind: "issue" | "concept", slug: string): SearchHit => ({
  kind,
  slug,
  title: slug,
  url: `/${kind}s/${slug}`,
  snippet: "",
  score: 1,
});
const named = hit("concept", "feature-factory");

/** 23 results, the named concept ranked at `at` (or absent). */
function engineList(at: number | null): SearchHit[] {
  const list = Array.from({ length: at === null ? 23 : 22 }, (_, i) => hit(i % 4 === 3 ? "concept" : "issue", `r${i}`));
  if (at !== null) list.splice(at, 0, named);
  return list;
}

/** Every page of `size` as the search function builds it, joined. */
function allPages(list: SearchHit[], size: number, scanLimit: number): SearchHit[] {
  const out: SearchHit[] = [];
  for (let offset = 0; offset < list.length; offset += size) {
    const request: SearchRequest = { q: "feature factory", kind: "all", limit: size, offset };
    const window = namedWindow(request, scanLimit);
    const answered = list.slice(window.offset, window.offset + window.limit);
    out.push(...placeNamedFirst(request, window, answered, named));
  }
  return out;
}

describe("pages of a query that names a concept", () => {
  const expected = (list: SearchHit[]) => [named, ...list.filter((h) => h !== named)].map((h) => h.slug);

  for (const at of [0, 1, 4, 5, 6, 12, 21, 22]) {
    it(`read together, give the concept then every other result once (concept ranked ${at + 1})`, () => {
      const list = engineList(at);
      for (const size of [1, 2, 5, 7, 20, 50]) {
        expect(allPages(list, size, 1000).map((h) => h.slug)).toEqual(expected(list));
      }
    });
  }

  it("deep pages (past the scan limit) read one result earlier, the concept having ranked before them", () => {
    const list = engineList(2);
    for (const size of [1, 3, 5]) {
      expect(allPages(list, size, 6).map((h) => h.slug)).toEqual(expected(list));
    }
    // Ranked inside the first deep page's window, it is taken out exactly there.
    const late = engineList(4);
    expect(allPages(late, 5, 6).map((h) => h.slug)).toEqual(expected(late));
  });

  it("asks the engine for the results up to the page (one request), or for one result more past the scan limit", () => {
    const page3: SearchRequest = { q: "x", kind: "all", limit: 20, offset: 40 };
    expect(namedWindow(page3)).toMatchObject({ offset: 0, limit: 60 });
    expect(namedWindow({ ...page3, offset: 0 })).toMatchObject({ offset: 0, limit: 20 });
    expect(namedWindow({ ...page3, offset: 2000 })).toMatchObject({ offset: 1999, limit: 21 });
  });
});
