/**
 * Every list of the API pages one way — `limit` and `offset` in, `total`,
 * `limit`, `offset` and `next` out — and every route refuses a query parameter
 * it doesn't know. Through the route handlers, on a real database.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listAnnotations, POST as createAnnotation } from "@/app/api/annotations/route";
import { GET as getAnnotation } from "@/app/api/annotations/[id]/route";
import { GET as listReplies, POST as createReply } from "@/app/api/annotations/[id]/replies/route";
import { GET as listConcepts } from "@/app/api/concepts/route";
import { GET as getConcept } from "@/app/api/concepts/[slug]/route";
import { GET as health } from "@/app/api/health/route";
import { GET as listIssues } from "@/app/api/issues/route";
import { GET as getIssue } from "@/app/api/issues/[slug]/route";
import { GET as searchRoute } from "@/app/api/search/route";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import { apiRequest, createTestUser, useTestAuthSecret, type TestUser } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const fixtures = path.join(__dirname, "..", "fixtures", "markdown");

type Handler = (request: Request, context: never) => Promise<Response>;
type Page = {
  items?: { slug?: string; id?: string }[];
  hits?: { slug: string }[];
  total: number;
  limit: number;
  offset: number;
  next: string | null;
};

async function call(route: Handler, url: string, user?: TestUser, context?: unknown) {
  const res = await route(apiRequest(url, { user }), context as never);
  return { status: res.status, link: res.headers.get("link"), body: await res.json() };
}

/** Follows `next` from `first` to the end; returns every item's key, in order. */
async function walk(
  route: Handler,
  first: string,
  key: (item: { slug?: string; id?: string }) => string,
  user?: TestUser,
  context?: unknown,
): Promise<string[]> {
  const seen: string[] = [];
  let url: string | null = first;
  for (let guard = 0; url && guard < 100; guard++) {
    const { status, link, body } = await call(route, url, user, context);
    expect(status, url).toBe(200);
    const page = body as Page;
    const items = page.items ?? page.hits ?? [];
    expect(items.length, url).toBeLessThanOrEqual(page.limit);
    seen.push(...items.map(key));
    expect(link).toBe(page.next ? `<${page.next}>; rel="next"` : null);
    url = page.next;
  }
  return seen;
}

let alice: TestUser;
let annotationId = "";

afterAll(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

beforeAll(async () => {
  useTestAuthSecret();
  vi.stubEnv("MEILI_HOST", "");
  resetEnvCache();
  await ingestPaths(db(), [SAMPLES_DIR, fixtures]);
  alice = await createTestUser(db(), "Alice", "alice@example.org");
  const issue = (
    await call(getIssue as Handler, "/api/issues/decision-log", undefined, {
      params: Promise.resolve({ slug: "decision-log" }),
    })
  ).body as { text: string };
  // Five public annotations on one issue, each on one of its first long words, and a thread of five replies on the first.
  const words = [...issue.text.matchAll(/\b[A-Za-z]{6,}\b/g)].slice(0, 5);
  expect(words).toHaveLength(5);
  for (const word of words) {
    const start = word.index!;
    const res = await createAnnotation(
      apiRequest("/api/annotations", {
        method: "POST",
        user: alice,
        body: { issue: "decision-log", start, end: start + word[0].length, exact: word[0], visibility: "public" },
      }),
      undefined,
    );
    expect(res.status).toBe(201);
    annotationId ||= (await res.json()).id;
  }
  for (let i = 1; i <= 5; i++) {
    const res = await createReply(
      apiRequest(`/api/annotations/${annotationId}/replies`, {
        method: "POST",
        user: alice,
        body: { note: `reply ${i}` },
      }),
      { params: Promise.resolve({ id: annotationId }) },
    );
    expect(res.status).toBe(201);
  }
});

describe("every list pages with limit and offset, and says where the next page is", () => {
  it("/api/issues: all issues, once each, newest first", async () => {
    const all = (await call(listIssues as Handler, "/api/issues?limit=100")).body as Page;
    expect(all).toMatchObject({ total: 8, limit: 100, offset: 0, next: null });
    const paged = await walk(listIssues as Handler, "/api/issues?limit=3", (i) => i.slug!);
    expect(paged).toEqual(all.items!.map((i) => i.slug));
    const second = (await call(listIssues as Handler, "/api/issues?limit=3&offset=3")).body as Page;
    expect(second).toMatchObject({ total: 8, limit: 3, offset: 3, next: "/api/issues?limit=3&offset=6" });
    expect(second.items!.map((i) => i.slug)).toEqual(paged.slice(3, 6));
    // The other parameters are kept in the next page's address.
    expect(((await call(listIssues as Handler, "/api/issues?year=2023&limit=1")).body as Page).next).toBe(
      "/api/issues?year=2023&limit=1&offset=1",
    );
  });

  it("/api/issues still understands page and perPage, and answers with the new names' next page", async () => {
    const old = (await call(listIssues as Handler, "/api/issues?perPage=3&page=2")).body as Page & {
      page: number;
      perPage: number;
      pageCount: number;
    };
    const now = (await call(listIssues as Handler, "/api/issues?limit=3&offset=3")).body as Page;
    expect(old).toEqual({ ...now, page: 2, perPage: 3, pageCount: 3 });
    expect(old.next).toBe("/api/issues?limit=3&offset=6");
    for (const [query, name] of [
      ["limit=3&perPage=3", "perPage"],
      ["offset=3&page=2", "page"],
    ]) {
      const { status, body } = await call(listIssues as Handler, `/api/issues?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.message, query).toMatch(new RegExp(`^${name}: `));
    }
  });

  it("/api/concepts", async () => {
    const all = (await call(listConcepts as Handler, "/api/concepts?limit=1000&sort=frequency")).body as Page;
    expect(all.total).toBeGreaterThan(4);
    expect(all.next).toBeNull();
    expect(await walk(listConcepts as Handler, "/api/concepts?sort=frequency&limit=2", (c) => c.slug!)).toEqual(
      all.items!.map((c) => c.slug),
    );
  });

  it("/api/search: the hits of every page, once each", async () => {
    const all = (await call(searchRoute as Handler, "/api/search?q=decision&limit=50")).body as Page;
    expect(all.total).toBeGreaterThan(2);
    expect(all).toMatchObject({ limit: 50, offset: 0, next: null });
    const paged = await walk(searchRoute as Handler, "/api/search?q=decision&limit=1", (h) => h.slug!);
    expect(new Set(paged)).toEqual(new Set(all.hits!.map((h) => h.slug)));
    expect(paged).toHaveLength(all.total);
  });

  it("/api/annotations (an issue's, and mine)", async () => {
    const onIssue = await walk(listAnnotations as Handler, "/api/annotations?issue=decision-log&limit=2", (a) => a.id!);
    const whole = (await call(listAnnotations as Handler, "/api/annotations?issue=decision-log")).body as Page;
    expect(whole).toMatchObject({ total: 5, limit: 100, offset: 0, next: null });
    expect(onIssue).toEqual(whole.items!.map((a) => a.id));
    const mine = (await call(listAnnotations as Handler, "/api/annotations?mine=1&limit=4", alice)).body as Page;
    expect(mine).toMatchObject({ total: 5, limit: 4, offset: 0, next: "/api/annotations?mine=1&limit=4&offset=4" });
  });

  it("an export holds everything: limit and offset are refused there", async () => {
    const { status, body } = await call(
      listAnnotations as Handler,
      "/api/annotations?mine=1&format=markdown&limit=2",
      alice,
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^limit, offset: .*format=markdown/);
  });

  it("/api/annotations/{id}/replies", async () => {
    const context = { params: Promise.resolve({ id: annotationId }) };
    const notes = await walk(
      listReplies as Handler,
      `/api/annotations/${annotationId}/replies?limit=2`,
      (r) => r.id!,
      undefined,
      context,
    );
    expect(notes).toHaveLength(5);
    const whole = (await call(listReplies as Handler, `/api/annotations/${annotationId}/replies`, undefined, context))
      .body as Page;
    const items = whole.items as { id: string; note: string }[];
    expect(whole).toMatchObject({ total: 5, limit: 100, offset: 0, next: null });
    expect(items.map((r) => r.note)).toEqual(["reply 1", "reply 2", "reply 3", "reply 4", "reply 5"]);
    expect(notes).toEqual(items.map((r) => r.id));
  });
});

describe("a query parameter a route doesn't know is a 400 that names what it accepts", () => {
  const params = (key: string, value: string) => ({ params: Promise.resolve({ [key]: value }) });
  it.each([
    ["/api/issues?perpage=5", listIssues, undefined, "year, limit, offset, perPage, page"],
    ["/api/concepts?q=roadmap", listConcepts, undefined, "kind, sort, limit, offset"],
    ["/api/search?q=x&page=2", searchRoute, undefined, "q, kind, year, concept, limit, offset"],
    [
      "/api/annotations?issue=decision-log&sort=new",
      listAnnotations,
      undefined,
      "issue, mine, tag, q, status, format, limit, offset",
    ],
    ["/api/issues/decision-log?full=1", getIssue, params("slug", "decision-log"), null],
    ["/api/concepts/decision-log?full=1", getConcept, params("slug", "decision-log"), null],
    ["/api/health?deep=1", health, undefined, null],
  ] as [string, Handler, unknown, string | null][])("%s", async (url, route, context, accepted) => {
    const name = /[?&]([a-z]+)=[^&]*$/.exec(url)![1];
    const { status, body } = await call(route, url, undefined, context);
    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: "bad_request",
      message: `Unknown query parameter "${name}": ${accepted ? `it accepts ${accepted}` : "it takes no query parameters"}.`,
    });
  });

  it("one given twice is refused too", async () => {
    const { status, body } = await call(searchRoute as Handler, "/api/search?q=a&q=b");
    expect(status).toBe(400);
    expect(body.error.message).toBe("q: given more than once.");
  });

  it("an annotation's own address takes none", async () => {
    const { status } = await call(getAnnotation as Handler, `/api/annotations/${annotationId}?x=1`, alice, {
      params: Promise.resolve({ id: annotationId }),
    });
    expect(status).toBe(400);
  });
});
