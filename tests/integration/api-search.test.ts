import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/search/route";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();

async function get(query: string) {
  const res = await GET(new Request(`http://localhost/api/search${query}`), undefined);
  return { status: res.status, body: await res.json() };
}

describe("GET /api/search", () => {
  beforeAll(async () => {
    process.env.MEILI_HOST = "";
    resetEnvCache();
    await ingestPaths(db(), [SAMPLES_DIR]);
  });

  it("answers with query, engine, degraded, tookMs, total, hits and facets, and the paging fields of every list", async () => {
    const { status, body } = await get("?q=revisit%20signal&limit=3");
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["degraded", "didYouMean", "engine", "facets", "hits", "limit", "next", "offset", "query", "tookMs", "total"]);
    expect(body).toMatchObject({ limit: 3, offset: 0 });
    expect(body).toMatchObject({ query: "revisit signal", engine: "postgres", degraded: false });
    expect(body.hits.length).toBeLessThanOrEqual(3);
    expect(body.hits[0]).toMatchObject({ kind: "issue", slug: "decision-log", url: "/issues/decision-log", number: 3 });
    expect(Object.keys(body.facets).sort()).toEqual(["concept", "kind", "year"]);
  });

  it("treats empty parameters as absent and an empty query as no results", async () => {
    const { status, body } = await get("?q=&year=&concept=&kind=");
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 0, hits: [] });
  });

  it.each([
    [`?q=${"a".repeat(257)}`, "q"],
    ["?q=x&limit=51", "limit"],
    ["?q=x&limit=0", "limit"],
    ["?q=x&offset=-1", "offset"],
    ["?q=x&kind=everything", "kind"],
    ["?q=x&year=twenty", "year"],
  ])("rejects %s with a 400 naming the parameter", async (query, param) => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain(param);
  });
});
