import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { NO_QUERY, listResponse, nextPageUrl, pagingShape, parseQuery, resolvePage } from "@/lib/api/params";

const schema = z.object({
  year: z.coerce.number().int().optional(),
  ...pagingShape({ maxLimit: 50, maxOffset: 100 }),
  perPage: z.coerce.number().int().min(1).max(50).optional(),
  page: z.coerce.number().int().min(1).optional(),
});

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe("bad_request");
    return (err as ApiError).message;
  }
  throw new Error("expected a 400");
}

describe("parseQuery", () => {
  it("refuses a parameter the route doesn't accept, naming those it does", () => {
    expect(refusal(() => parseQuery("http://x/api/things?limt=5", schema))).toBe(
      'Unknown query parameter "limt": it accepts year, limit, offset, perPage, page.',
    );
    expect(refusal(() => parseQuery("http://x/api/things/a?v=1", NO_QUERY))).toBe(
      'Unknown query parameter "v": it takes no query parameters.',
    );
  });

  it("refuses a parameter given twice, and bad values with the parameter's name", () => {
    expect(refusal(() => parseQuery("http://x/?limit=1&limit=2", schema))).toBe("limit: given more than once.");
    expect(refusal(() => parseQuery("http://x/?limit=51", schema))).toMatch(/^limit: /);
    expect(refusal(() => parseQuery("http://x/?offset=-1", schema))).toMatch(/^offset: /);
    expect(refusal(() => parseQuery("http://x/?year=%00", schema))).toMatch(/NUL/);
  });

  it("takes an empty value as not given, as forms send it", () => {
    expect(parseQuery("http://x/?year=&limit=", schema)).toEqual({});
    expect(parseQuery("http://x/?year=2020&limit=5&offset=10", schema)).toEqual({ year: 2020, limit: 5, offset: 10 });
  });
});

describe("resolvePage", () => {
  it("applies the default limit, and understands the deprecated page/perPage", () => {
    expect(resolvePage({}, 20)).toEqual({ limit: 20, offset: 0 });
    expect(resolvePage({ limit: 5, offset: 15 }, 20)).toEqual({ limit: 5, offset: 15 });
    expect(resolvePage({ perPage: 5, page: 4 }, 20)).toEqual({ limit: 5, offset: 15 });
    expect(resolvePage({ page: 2 }, 20)).toEqual({ limit: 20, offset: 20 });
    expect(resolvePage({ limit: 5, page: 3 }, 20)).toEqual({ limit: 5, offset: 10 });
  });

  it("refuses an old name beside its new one", () => {
    expect(refusal(() => resolvePage({ limit: 5, perPage: 5 }, 20))).toMatch(/^perPage: .*limit/);
    expect(refusal(() => resolvePage({ offset: 5, page: 2 }, 20))).toMatch(/^page: .*offset/);
  });

  it("keeps a page worked out from the old names within the furthest offset a list pages", () => {
    expect(resolvePage({ perPage: 100, page: 10_001 }, 20)).toEqual({ limit: 100, offset: 1_000_000 });
    expect(refusal(() => resolvePage({ perPage: 100, page: 100_000 }, 20))).toMatch(
      /^page: 100000 at 100 per page skips past item 1000000/,
    );
  });
});

describe("nextPageUrl", () => {
  it("keeps the other parameters, uses the current names, and ends on the last page", () => {
    expect(
      nextPageUrl("http://x/api/things?year=2020&perPage=5&page=2", { limit: 5, offset: 5, total: 12 }, schema),
    ).toBe("/api/things?year=2020&limit=5&offset=10");
    expect(
      nextPageUrl("http://x/api/things?limit=5&offset=10", { limit: 5, offset: 10, total: 15 }, schema),
    ).toBeNull();
    expect(nextPageUrl("http://x/api/things", { limit: 5, offset: 10, total: 16 }, schema)).toBe(
      "/api/things?limit=5&offset=15",
    );
  });

  it("is null when the next page lies beyond the deepest offset the route accepts", () => {
    expect(
      nextPageUrl("http://x/api/things?limit=50&offset=100", { limit: 50, offset: 100, total: 1000 }, schema),
    ).toBeNull();
  });

  it("is sent as a Link header too", async () => {
    const res = listResponse(
      { items: [], next: "/api/things?limit=5&offset=5" },
      { headers: { "cache-control": "no-store" } },
    );
    expect(res.headers.get("link")).toBe('</api/things?limit=5&offset=5>; rel="next"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(listResponse({ items: [], next: null }).headers.get("link")).toBeNull();
  });
});
