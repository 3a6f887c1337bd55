import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/annotations/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/api/annotations/[id]/route";
import { annotations, issues } from "@/db/schema";
import { grantAuthor } from "@/lib/auth/accounts";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import { apiRequest, createTestUser, useTestAuthSecret, type TestUser } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const slug = "outcomes-over-output";
const quote = "The roadmap becomes a queue, and the queue never gets shorter.";
let alice: TestUser;
let bob: TestUser;
let author: TestUser;
let text: string;

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

async function create(user: TestUser, extra: Record<string, unknown> = {}) {
  const start = text.indexOf(quote);
  const res = await createRoute(
    apiRequest("/api/annotations", {
      method: "POST",
      user,
      body: { issue: slug, start, end: start + quote.length, exact: quote, ...extra },
    }),
    undefined,
  );
  return { res, body: await res.json() };
}

beforeAll(async () => {
  useTestAuthSecret();
  process.env.AUTHOR_EMAILS = "editor@example.org";
  resetEnvCache();
  await ingestPaths(db(), [SAMPLES_DIR]);
  alice = await createTestUser(db(), "Alice", "alice@example.org");
  bob = await createTestUser(db(), "Bob", "bob@example.org");
  author = await createTestUser(db(), "The Editor", "editor@example.org");
  // Listed in AUTHOR_EMAILS but never proved the address: the role is granted as an operator would.
  await grantAuthor(db(), "editor@example.org");
  const [issue] = await db().select().from(issues).where(eq(issues.slug, slug));
  text = issue!.text;
});

describe("creating annotations", () => {
  it("stores W3C selectors computed from the server's text", async () => {
    const { res, body } = await create(alice, { note: "So *true*.", tags: ["Roadmaps", "roadmaps", "flow"] });
    expect(res.status).toBe(201);
    expect(body).toMatchObject({
      exact: quote,
      status: "anchored",
      visibility: "private",
      mine: true,
      tags: ["roadmaps", "flow"],
    });
    expect(body.prefix).toHaveLength(32);
    expect(body.suffix).toHaveLength(32);
    expect(text.slice(body.start, body.end)).toBe(quote);
    expect(body.noteHtml).toBe("<p>So <em>true</em>.</p>");
    expect(body.selectors.map((s: { type: string }) => s.type)).toEqual([
      "TextQuoteSelector",
      "TextPositionSelector",
      "FragmentSelector",
    ]);
  });

  it("finds the quote when the page's offsets are stale, and refuses text that isn't there", async () => {
    const { res, body } = await create(alice, { start: 0, end: quote.length });
    expect(res.status).toBe(201);
    expect(body.start).toBe(text.indexOf(quote));
    const missing = await create(alice, { exact: "words this issue never said" });
    expect(missing.res.status).toBe(409);
    expect(missing.body.error.code).toBe("conflict");
  });

  it("requires a signed-in user (401) and validates the body (400)", async () => {
    const anon = await createRoute(
      apiRequest("/api/annotations", { method: "POST", body: { issue: slug, start: 0, end: 5, exact: "Teams" } }),
      undefined,
    );
    expect(anon.status).toBe(401);
    expect((await anon.json()).error.code).toBe("unauthorized");
    const bad = await create(alice, { visibility: "everyone", tags: ["<script>"] });
    expect(bad.res.status).toBe(400);
    expect(bad.body.error.message).toContain("visibility");
    expect(bad.body.error.message).toContain("tags");
    const unknown = await create(alice, { issue: "no-such-issue" });
    expect(unknown.res.status).toBe(404);
  });
});

describe("privacy: another reader's private annotations", () => {
  let privateId: string;
  let publicId: string;

  beforeAll(async () => {
    privateId = (await create(alice, { note: "private thought" })).body.id;
    publicId = (await create(alice, { note: "shared thought", visibility: "public" })).body.id;
  });

  it("are not listed on the issue for others or anonymous readers", async () => {
    const forBob = await (
      await listRoute(apiRequest(`/api/annotations?issue=${slug}`, { user: bob }), undefined)
    ).json();
    const ids = forBob.items.map((a: { id: string }) => a.id);
    expect(ids).toContain(publicId);
    expect(ids).not.toContain(privateId);
    expect(forBob.items.find((a: { id: string }) => a.id === publicId)).toMatchObject({
      author: { name: "Alice" },
      mine: false,
    });
    const anon = await (await listRoute(apiRequest(`/api/annotations?issue=${slug}`), undefined)).json();
    expect(anon.items.map((a: { id: string }) => a.id)).toEqual([publicId]);
    expect(JSON.stringify(anon)).not.toContain("private thought");
  });

  it("are a 404 by id, for reading, editing and deleting", async () => {
    expect((await getRoute(apiRequest(`/api/annotations/${privateId}`, { user: bob }), ctx(privateId))).status).toBe(
      404,
    );
    expect((await getRoute(apiRequest(`/api/annotations/${privateId}`), ctx(privateId))).status).toBe(404);
    const patch = await patchRoute(
      apiRequest(`/api/annotations/${privateId}`, { method: "PATCH", user: bob, body: { note: "mine now" } }),
      ctx(privateId),
    );
    expect(patch.status).toBe(404);
    const del = await deleteRoute(
      apiRequest(`/api/annotations/${privateId}`, { method: "DELETE", user: bob }),
      ctx(privateId),
    );
    expect(del.status).toBe(404);
    const [row] = await db().select().from(annotations).where(eq(annotations.id, privateId));
    expect(row?.note).toBe("private thought");
  });

  it("never appear in another reader's own lists or exports", async () => {
    for (const format of ["json", "jsonld", "markdown"]) {
      const res = await listRoute(apiRequest(`/api/annotations?format=${format}`, { user: bob }), undefined);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).not.toContain("private thought");
      expect(body).not.toContain("shared thought");
    }
    const anon = await listRoute(apiRequest("/api/annotations?format=jsonld"), undefined);
    expect(anon.status).toBe(401);
  });

  it("public ones can be read but not edited or deleted by others (403)", async () => {
    expect((await getRoute(apiRequest(`/api/annotations/${publicId}`, { user: bob }), ctx(publicId))).status).toBe(200);
    const patch = await patchRoute(
      apiRequest(`/api/annotations/${publicId}`, { method: "PATCH", user: bob, body: { note: "defaced" } }),
      ctx(publicId),
    );
    expect(patch.status).toBe(403);
    expect((await patch.json()).error.code).toBe("forbidden");
    const del = await deleteRoute(
      apiRequest(`/api/annotations/${publicId}`, { method: "DELETE", user: bob }),
      ctx(publicId),
    );
    expect(del.status).toBe(403);
    const hide = await patchRoute(
      apiRequest(`/api/annotations/${publicId}`, { method: "PATCH", user: bob, body: { hidden: true } }),
      ctx(publicId),
    );
    expect(hide.status).toBe(403);
  });

  it("the author may hide a public annotation: gone for others, still there for its owner", async () => {
    const hide = await patchRoute(
      apiRequest(`/api/annotations/${publicId}`, { method: "PATCH", user: author, body: { hidden: true } }),
      ctx(publicId),
    );
    expect(hide.status).toBe(200);
    expect((await hide.json()).hidden).toBe(true);
    const authorEdit = await patchRoute(
      apiRequest(`/api/annotations/${publicId}`, { method: "PATCH", user: author, body: { note: "x" } }),
      ctx(publicId),
    );
    expect(authorEdit.status).toBe(403);
    const forBob = await (
      await listRoute(apiRequest(`/api/annotations?issue=${slug}`, { user: bob }), undefined)
    ).json();
    expect(forBob.items.map((a: { id: string }) => a.id)).not.toContain(publicId);
    const forAlice = await (
      await listRoute(apiRequest(`/api/annotations?issue=${slug}`, { user: alice }), undefined)
    ).json();
    expect(forAlice.items.find((a: { id: string }) => a.id === publicId)).toMatchObject({ hidden: true });
    // The author can't hide (or see) a private one.
    const hidePrivate = await patchRoute(
      apiRequest(`/api/annotations/${privateId}`, { method: "PATCH", user: author, body: { hidden: true } }),
      ctx(privateId),
    );
    expect(hidePrivate.status).toBe(404);
  });

  it("the owner edits and deletes their own", async () => {
    const patch = await patchRoute(
      apiRequest(`/api/annotations/${privateId}`, {
        method: "PATCH",
        user: alice,
        body: { note: "revised", tags: ["later"] },
      }),
      ctx(privateId),
    );
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({ note: "revised", tags: ["later"] });
    const del = await deleteRoute(
      apiRequest(`/api/annotations/${privateId}`, { method: "DELETE", user: alice }),
      ctx(privateId),
    );
    expect(del.status).toBe(204);
    expect((await getRoute(apiRequest(`/api/annotations/${privateId}`, { user: alice }), ctx(privateId))).status).toBe(
      404,
    );
  });
});

describe("cross-site requests", () => {
  it("rejects mutations whose Origin is another site", async () => {
    const start = text.indexOf(quote);
    const body = { issue: slug, start, end: start + quote.length, exact: quote };
    const res = await createRoute(
      apiRequest("/api/annotations", { method: "POST", user: alice, body, origin: "https://evil.example" }),
      undefined,
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
    const { body: mine } = await create(alice);
    const del = await deleteRoute(
      apiRequest(`/api/annotations/${mine.id}`, { method: "DELETE", user: alice, origin: "https://evil.example" }),
      ctx(mine.id),
    );
    expect(del.status).toBe(403);
    const patch = await patchRoute(
      apiRequest(`/api/annotations/${mine.id}`, { method: "PATCH", user: alice, origin: "null", body: { note: "x" } }),
      ctx(mine.id),
    );
    expect(patch.status).toBe(403);
  });

  it("rejects mutations with neither Origin nor a same-origin Sec-Fetch-Site", async () => {
    const { body: mine } = await create(alice);
    const bare = await deleteRoute(
      apiRequest(`/api/annotations/${mine.id}`, { method: "DELETE", user: alice, origin: null }),
      ctx(mine.id),
    );
    expect(bare.status).toBe(403);
    const crossSite = await deleteRoute(
      apiRequest(`/api/annotations/${mine.id}`, {
        method: "DELETE",
        user: alice,
        origin: null,
        headers: { "sec-fetch-site": "cross-site" },
      }),
      ctx(mine.id),
    );
    expect(crossSite.status).toBe(403);
    const sameSite = await deleteRoute(
      apiRequest(`/api/annotations/${mine.id}`, {
        method: "DELETE",
        user: alice,
        origin: null,
        headers: { "sec-fetch-site": "same-origin" },
      }),
      ctx(mine.id),
    );
    expect(sameSite.status).toBe(204);
  });
});

describe("notes are sanitized when rendered", () => {
  it("drops scripts, handlers and javascript: links", async () => {
    const note =
      '**ok** <script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3)) [fine](https://example.org)\n\n<script>alert(4)</script>';
    const { body } = await create(alice, { note, visibility: "public" });
    expect(body.note).toBe(note); // kept as written
    // What survives is shown as text: no script element, no image, no handler attribute, no script URL.
    expect(body.noteHtml).not.toMatch(/<script|<img|\son\w+=|href="javascript/i);
    expect(body.noteHtml).toContain("&lt;script&gt;");
    expect(body.noteHtml).toContain("<strong>ok</strong>");
    expect(body.noteHtml).toContain('href="https://example.org"');
    expect(body.noteHtml).toContain('rel="nofollow noopener noreferrer ugc"');
  });
});

describe("my annotations: filters, search and export", () => {
  beforeAll(async () => {
    const q2 = "Outcomes are harder to plan";
    const start = text.indexOf(q2);
    await createRoute(
      apiRequest("/api/annotations", {
        method: "POST",
        user: bob,
        body: {
          issue: slug,
          start,
          end: start + q2.length,
          exact: q2,
          note: "Planning by **outcome** means stopping early.",
          tags: ["planning"],
        },
      }),
      undefined,
    );
    const q3 = "One decision";
    const [decision] = await db().select().from(issues).where(eq(issues.slug, "decision-log"));
    const s3 = decision!.text.indexOf("decision");
    await createRoute(
      apiRequest("/api/annotations", {
        method: "POST",
        user: bob,
        body: { issue: "decision-log", start: s3, end: s3 + 8, exact: "decision", note: q3, tags: ["logs"] },
      }),
      undefined,
    );
  });

  async function mine(query: string) {
    const res = await listRoute(apiRequest(`/api/annotations?${query}`, { user: bob }), undefined);
    expect(res.status).toBe(200);
    return (await res.json()).items as { exact: string; tags: string[]; issue: { slug: string } }[];
  }

  it("filters by tag and by issue", async () => {
    expect((await mine("tag=planning")).map((a) => a.tags)).toEqual([["planning"]]);
    expect((await mine("issue=decision-log&mine=1")).map((a) => a.issue.slug)).toEqual(["decision-log"]);
    expect(await mine("")).toHaveLength(2);
  });

  it("searches notes and quotes, stemmed", async () => {
    expect((await mine("q=stop")).map((a) => a.exact)).toEqual(["Outcomes are harder to plan"]); // "stopping" in the note
    expect((await mine("q=harder")).map((a) => a.exact)).toEqual(["Outcomes are harder to plan"]); // in the quote
    expect(await mine("q=zebra")).toEqual([]);
  });

  it("exports W3C JSON-LD", async () => {
    const res = await listRoute(apiRequest("/api/annotations?format=jsonld", { user: bob }), undefined);
    expect(res.headers.get("content-type")).toContain("application/ld+json");
    const doc = await res.json();
    expect(doc["@context"][0]).toBe("http://www.w3.org/ns/anno.jsonld");
    expect(doc).toMatchObject({ type: "AnnotationCollection", total: 2, first: { type: "AnnotationPage" } });
    const item = doc.first.items.find((a: { target: { source: string } }) =>
      a.target.source.endsWith(`/issues/${slug}`),
    );
    expect(item).toMatchObject({
      type: "Annotation",
      motivation: "commenting",
      creator: { type: "Person", name: "Bob" },
      body: [
        {
          type: "TextualBody",
          purpose: "commenting",
          format: "text/markdown",
          value: "Planning by **outcome** means stopping early.",
        },
        { type: "TextualBody", purpose: "tagging", value: "planning" },
      ],
    });
    expect(item.target.selector[0]).toMatchObject({ type: "TextQuoteSelector", exact: "Outcomes are harder to plan" });
    expect(item.target.selector[1]).toMatchObject({
      type: "TextPositionSelector",
      start: text.indexOf("Outcomes are harder to plan"),
    });
  });

  it("exports Markdown grouped by issue", async () => {
    const res = await listRoute(apiRequest("/api/annotations?format=markdown&tag=planning", { user: bob }), undefined);
    expect(res.headers.get("content-type")).toContain("text/markdown");
    const md = await res.text();
    expect(md).toContain("## [Outcomes over Output](http://localhost/issues/outcomes-over-output)");
    expect(md).toContain("> Outcomes are harder to plan");
    expect(md).toContain("Planning by **outcome** means stopping early.");
    expect(md).toContain("#planning");
    expect(md).not.toContain("decision-log");
  });
});
