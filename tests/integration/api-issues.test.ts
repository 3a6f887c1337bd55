import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { GET as listRoute } from "@/app/api/issues/route";
import { GET as issueRoute } from "@/app/api/issues/[slug]/route";
import { addConceptRule } from "@/lib/concepts/actions";
import { ISSUE_CONCEPTS_SHOWN, listIssueConcepts } from "@/lib/concepts/queries";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const fixtures = path.join(__dirname, "..", "fixtures", "markdown");

function get(url: string) {
  return new Request(`http://localhost${url}`);
}

describe("GET /api/issues", () => {
  beforeAll(async () => {
    await ingestPaths(db(), [SAMPLES_DIR, fixtures]);
  });

  it("pages through issues newest first", async () => {
    const res = await listRoute(get("/api/issues?perPage=3"), undefined);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ total: 8, page: 1, perPage: 3, pageCount: 3 });
    const dates: string[] = body.items.map((i: { publishedAt: string }) => i.publishedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(body.items[0]).toMatchObject({ slug: "opportunity-map", url: "/issues/opportunity-map", number: 5 });
  });

  it("filters by year", async () => {
    const body = await (await listRoute(get("/api/issues?year=2023"), undefined)).json();
    expect(body.items.map((i: { slug: string }) => i.slug).sort()).toEqual([
      "markup-nobody-should-trust",
      "weekly-review",
    ]);
  });

  it("rejects bad parameters with a 400 and a reason", async () => {
    const res = await listRoute(get("/api/issues?perPage=1000"), undefined);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain("perPage");
  });
});

describe("GET /api/issues/{slug}", () => {
  it("returns the issue with blocks and neighbours", async () => {
    const res = await issueRoute(get("/api/issues/decision-log"), {
      params: Promise.resolve({ slug: "decision-log" }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      title: "The Decision Log",
      number: 3,
      previous: { slug: "outcomes-over-output" },
      next: { slug: "speed-vs-quality" },
    });
    expect(body.blocks.length).toBeGreaterThan(3);
    expect(body.html).toContain(`id="${body.blocks[0].id}"`);
  });

  it("carries the issue's ranked concepts as its page lists them, hidden ones left out", async () => {
    const read = async () =>
      (await (
        await issueRoute(get("/api/issues/decision-log"), { params: Promise.resolve({ slug: "decision-log" }) })
      ).json()) as {
        id?: number;
        concepts: { rank: number; slug: string; name: string; kind: string; url: string; mentions: number }[];
      };
    const body = await read();
    expect(body.concepts.length).toBeGreaterThan(2);
    expect(body.concepts.length).toBeLessThanOrEqual(ISSUE_CONCEPTS_SHOWN);
    expect(body.concepts.map((c) => c.rank)).toEqual(body.concepts.map((_, i) => i + 1));
    expect(body.concepts.map((c) => c.name)).toContain("decision log");
    for (const c of body.concepts) {
      expect(c.url).toBe(`/concepts/${c.slug}`);
      expect(c.mentions).toBeGreaterThan(0);
    }
    // The same list, in the same order, as the issue page reads.
    const [{ id } = { id: 0 }] = await db().execute<{ id: number }>(
      sql`select id from issues where slug = 'decision-log'`,
    );
    expect(body.concepts.map((c) => c.slug)).toEqual((await listIssueConcepts(db(), id)).map((c) => c.slug));

    const hidden = body.concepts[0]!;
    await addConceptRule(db(), { action: "hide", target: hidden.slug, createdBy: "test" });
    const after = await read();
    expect(after.concepts.map((c) => c.slug)).not.toContain(hidden.slug);
    expect(after.concepts[0]).toMatchObject({ rank: 1, slug: body.concepts[1]!.slug });
  });

  it("answers an unknown slug with a JSON 404", async () => {
    const res = await issueRoute(get("/api/issues/nope"), { params: Promise.resolve({ slug: "nope" }) });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: 'No issue with slug "nope".' } });
  });
});
