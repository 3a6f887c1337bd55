/** The Meilisearch adapter's pure parts: settings, document mapping, filters (no server needed). */
import {
  MeilisearchApiError,
  MeilisearchError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
} from "meilisearch";
import { afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvCache } from "@/lib/env";
import { SearchConfigError, SearchUnavailableError, type SearchDocument } from "@/lib/search/engine";
import { classifyMeiliError, indexName, isSupportedMeiliVersion, MIN_MEILI_VERSION } from "@/lib/search/meilisearch";
import { buildFilter, looseTerms, numberLookupFilters, quoteFilterValue } from "@/lib/search/meili-query";
import { buildIndexSettings, buildSynonyms, settingsToUpdate, toMeiliDocument } from "@/lib/search/meili-settings";

describe("Meilisearch settings", () => {
  const settings = buildIndexSettings({ "build trap": ["feature factory"] });

  it("searches title, then concepts, then headings, then body", () => {
    expect(settings.searchableAttributes).toEqual(["title", "concepts", "headings", "body"]);
  });

  it("filters by year, series, concept and kind, and sorts by date", () => {
    expect(settings.filterableAttributes).toEqual(["id", "year", "series", "concept", "kind", "number"]);
    expect(settings.sortableAttributes).toEqual(["date"]);
  });

  it("tolerates typos and carries the synonyms", () => {
    expect(settings.typoTolerance).toMatchObject({ enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } });
    expect(settings.synonyms).toEqual({ "build trap": ["feature factory"] });
    expect(settings.stopWords).toContain("how");
  });

  it("sends only the settings the index doesn't already hold: each update re-indexes everything", () => {
    // What a server echoes back: set-like lists in its own order, synonyms' lists reordered.
    const held = {
      ...settings,
      filterableAttributes: ["concept", "id", "kind", "number", "series", "year"],
      stopWords: [...(settings.stopWords ?? [])].reverse(),
      synonyms: { "build trap": ["feature factory"] },
    };
    expect(settingsToUpdate(settings, held)).toEqual({});
    const renamed = buildIndexSettings({ "build trap": ["feature factory", "output trap"] });
    expect(settingsToUpdate(renamed, held)).toEqual({ synonyms: renamed.synonyms });
    // Ranked lists are compared in order.
    const reordered = { ...held, searchableAttributes: ["body", "title", "concepts", "headings"] };
    expect(settingsToUpdate(settings, reordered)).toEqual({ searchableAttributes: settings.searchableAttributes });
    expect(Object.keys(settingsToUpdate(settings, {}))).toEqual(Object.keys(settings));
  });

  it("finds an issue asked for by number with filters: in its series, or the series-less one before the others", () => {
    expect(numberLookupFilters({ number: 21, series: 'Field "Notes"', rest: "" }, ["year = 2020"])).toEqual([
      ["year = 2020", 'kind = "issue"', "number = 21", 'series = "Field \\"Notes\\""'],
    ]);
    expect(numberLookupFilters({ number: 125, series: null, rest: "" }, [])).toEqual([
      ['kind = "issue"', "number = 125", "series IS NULL"],
      ['kind = "issue"', "number = 125", "series IS NOT NULL"],
    ]);
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
      // Each searchable field's length in words (lib/search/meili-rank.ts normalises by it).
      words: { title: 3, concepts: 4, headings: 1, body: 2 },
    });
  });

  it('leaves undated documents without a date, and gives undated issues the year facet value "undated"', () => {
    expect(toMeiliDocument({ ...doc, publishedAt: null, year: null })).toMatchObject({
      date: null,
      publishedAt: null,
      year: "undated",
    });
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

describe("errors: unreachable (fall back) versus refused (report)", () => {
  const host = "http://meili.test";
  const apiError = (status: number, code: string) =>
    new MeilisearchApiError(new Response(null, { status }), {
      message: `${code} happened`,
      code,
      type: "invalid_request",
      link: "",
    });

  it("a refused key is a configuration error naming MEILI_API_KEY, never an outage", () => {
    for (const err of [apiError(403, "invalid_api_key"), apiError(401, "missing_authorization_header")]) {
      const classified = classifyMeiliError(err, host);
      expect(classified).toBeInstanceOf(SearchConfigError);
      expect(classified.message).toMatch(/rejected the API key/);
      expect(classified.message).toContain("MEILI_API_KEY");
    }
  });

  it("a rejected setting or request is a configuration error carrying Meilisearch's reason", () => {
    const classified = classifyMeiliError(apiError(400, "invalid_settings_ranking_rules"), host);
    expect(classified).toBeInstanceOf(SearchConfigError);
    expect(classified.message).toContain("invalid_settings_ranking_rules");
  });

  it("a failed task is reported with its reason", () => {
    const classified = classifyMeiliError(
      new MeilisearchError("task 7 (settingsUpdate) failed: invalid_synonyms: bad"),
      host,
    );
    expect(classified).toBeInstanceOf(SearchConfigError);
    expect(classified.message).toContain("invalid_synonyms");
  });

  it("network failures, timeouts, 5xx and a missing index are outages the built-in engine covers", () => {
    const cases = [
      new MeilisearchRequestError(`${host}/indexes`, new Error("ECONNREFUSED")),
      new MeilisearchRequestTimeOutError(2_000, {}),
      apiError(503, "internal"),
      apiError(404, "index_not_found"),
    ];
    for (const err of cases) expect(classifyMeiliError(err, host)).toBeInstanceOf(SearchUnavailableError);
    expect(classifyMeiliError(apiError(404, "index_not_found"), host).message).toContain("npm run reindex");
  });

  it("leaves errors that are not Meilisearch's alone", () => {
    const bug = new TypeError("undefined is not a function");
    expect(classifyMeiliError(bug, host)).toBe(bug);
  });
});

describe("supported server versions", () => {
  it(`accepts ${MIN_MEILI_VERSION} and later 1.x releases`, () => {
    for (const v of [MIN_MEILI_VERSION, "1.18.1", "1.50.0", "1.99.3", "1.50.0-rc.1"])
      expect(isSupportedMeiliVersion(v), v).toBe(true);
  });

  it("refuses older releases, a next major version, and nonsense", () => {
    for (const v of ["1.17.9", "1.9.0", "0.30.5", "2.0.0", "", "abc"])
      expect(isSupportedMeiliVersion(v), v).toBe(false);
  });
});

describe("words also searched alone (OR semantics over Meilisearch)", () => {
  it("keeps a question's meaningful words once each, without stop words", () => {
    expect(looseTerms("How do I stop my roadmap from becoming a roadmap of features?")).toEqual([
      "stop",
      "roadmap",
      "becoming",
      "features",
    ]);
  });

  it("never splits a quoted phrase into loose words", () => {
    expect(looseTerms('"weekly planning ritual"')).toEqual([]);
    expect(looseTerms('"weekly planning" ritual agenda')).toEqual(["ritual", "agenda"]);
  });

  it("is empty or a single word for one-word queries (the whole query alone is searched then)", () => {
    expect(looseTerms("the")).toEqual([]);
    expect(looseTerms("roadmap")).toEqual(["roadmap"]);
  });
});

describe("MEILI_SEARCH_TIMEOUT_MS", () => {
  afterEach(() => {
    delete process.env.MEILI_SEARCH_TIMEOUT_MS;
    resetEnvCache();
  });

  it("is milliseconds, unset or empty meaning the default, and refuses nonsense with a reason", () => {
    for (const [value, expected] of [
      ["", undefined],
      ["10000", 10_000],
    ] as const) {
      process.env.MEILI_SEARCH_TIMEOUT_MS = value;
      resetEnvCache();
      expect(getEnv().MEILI_SEARCH_TIMEOUT_MS).toBe(expected);
    }
    for (const bad of ["soon", "50", "1.5"]) {
      process.env.MEILI_SEARCH_TIMEOUT_MS = bad;
      resetEnvCache();
      expect(() => getEnv()).toThrow(/MEILI_SEARCH_TIMEOUT_MS.*100–120000/s);
    }
  });
});
