/** The Meilisearch adapter's pure parts: settings, document mapping, filters (no server needed). */
import { describe, expect, it } from "vitest";
import type { SearchDocument } from "@/lib/search/engine";
import { buildFilter, buildIndexSettings, buildSynonyms, indexName, quoteFilterValue, toMeiliDocument } from "@/lib/search/meilisearch";

describe("Meilisearch settings", () => {
  const settings = buildIndexSettings({ "build trap": ["feature factory"] });

  it("searches title, then concepts, then headings, then body", () => {
    expect(settings.searchableAttributes).toEqual(["title", "concepts", "headings", "body"]);
  });

  it("filters by year, series, concept and kind, and sorts by date", () => {
    expect(settings.filterableAttributes).toEqual(["year", "series", "concept", "kind"]);
    expect(settings.sortableAttributes).toEqual(["date"]);
  });

  it("tolerates typos and carries the synonyms", () => {
    expect(settings.typoTolerance).toMatchObject({ enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } });
    expect(settings.synonyms).toEqual({ "build trap": ["feature factory"] });
    expect(settings.stopWords).toContain("how");
  });

  it("names the index with the configured prefix", () => {
    expect(indexName(undefined)).toBe("concordance");
    expect(indexName("staging_")).toBe("staging_concordance");
  });
});

describe("synonyms from concept aliases", () => {
  it("links a name and its aliases both ways, lower-cased, skipping concepts without aliases", () => {
    expect(
      buildSynonyms([
        { name: "Feature Factory", aliases: ["build trap", "Feature mill"] },
        { name: "Roadmap", aliases: [] },
      ]),
    ).toEqual({
      "build trap": ["feature factory", "feature mill"],
      "feature factory": ["build trap", "feature mill"],
      "feature mill": ["build trap", "feature factory"],
    });
  });
});

describe("document mapping", () => {
  const doc: SearchDocument = {
    id: "issue-7",
    kind: "issue",
    refId: 7,
    slug: "strategy",
    title: "Strategy and Structure",
    url: "/issues/strategy",
    conceptNames: ["Feature factory", "build trap"],
    conceptSlugs: ["feature-factory"],
    headings: ["Why"],
    body: "Body text",
    year: 2020,
    publishedAt: new Date("2020-02-17T00:00:00Z"),
    number: 7,
    series: "TBM",
    sourceHash: "abc",
  };

  it("maps a document to the fields the settings name", () => {
    expect(toMeiliDocument(doc)).toEqual({
      id: "issue-7",
      kind: "issue",
      slug: "strategy",
      title: "Strategy and Structure",
      url: "/issues/strategy",
      concepts: ["Feature factory", "build trap"],
      concept: ["feature-factory"],
      headings: ["Why"],
      body: "Body text",
      year: 2020,
      series: "TBM",
      date: 1581897600,
      publishedAt: "2020-02-17T00:00:00.000Z",
      number: 7,
    });
  });

  it("leaves undated documents without a date, and gives undated issues the year facet value \"undated\"", () => {
    expect(toMeiliDocument({ ...doc, publishedAt: null, year: null })).toMatchObject({ date: null, publishedAt: null, year: "undated" });
    expect(toMeiliDocument({ ...doc, kind: "concept", publishedAt: null, year: null })).toMatchObject({ year: null });
  });
});

describe("filters", () => {
  it("quotes string values, escaping backslashes and double quotes", () => {
    expect(quoteFilterValue("plain")).toBe('"plain"');
    expect(quoteFilterValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteFilterValue("back\\slash")).toBe('"back\\\\slash"');
    expect(quoteFilterValue('\\"')).toBe('"\\\\\\""');
  });

  it("cannot be broken out of by a crafted value", () => {
    const [filter] = buildFilter({ kind: "all", concept: 'x" OR kind = "issue' });
    expect(filter).toBe('concept = "x\\" OR kind = \\"issue"');
  });

  it("combines kind, year and concept", () => {
    expect(buildFilter({ kind: "issue", year: 2020, concept: "feature-factory" })).toEqual([
      'kind = "issue"',
      "year = 2020",
      'concept = "feature-factory"',
    ]);
    expect(buildFilter({ kind: "all" })).toEqual([]);
  });
});
