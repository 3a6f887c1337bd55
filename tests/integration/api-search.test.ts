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
    expect(Object.keys(body).sort()).toEqual([
      "degraded",
      "didYouMean",
      "engine",
      "facets",
      "hits",
      "limit",
      "next",
      "offset",
      "query",
      "tookMs",
      "total",
    ]);
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

describe("GET /api/search answers repeated searches from the index generation they were computed at", () => {
  it("shares one answer between identical searches, and a change to the index is seen by the next search", async () => {
    const { ingestPaths: ingest } = await import("@/lib/ingest/pipeline");
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const word = `zyzzogeton${Date.now().toString(36).replace(/\d/g, "")}`;
    const first = await get(`?q=${word}`);
    expect(first.body.total).toBe(0);
    // Identical: the same answer, the time it took included.
    expect((await get(`?q=${word}`)).body).toEqual(first.body);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-cache-"));
    fs.writeFileSync(
      path.join(dir, "fresh.md"),
      `---\ntitle: A note on ${word}\ndate: 2024-05-01\n---\n\nThe ${word} is mentioned here, in an issue written after the first search.\n`,
    );
    try {
      await ingest(db(), [dir]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const after = await get(`?q=${word}`);
    expect(after.body.total).toBeGreaterThan(0);
    expect(after.body.hits[0].title).toContain(word);
  });
});
