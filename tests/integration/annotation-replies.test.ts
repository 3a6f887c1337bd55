/**
 * Replies to public annotations through the route handlers, with real users
 * and sessions: who may reply and see them, moderation, what deleting an
 * annotation with replies leaves, rate limits, and the W3C / Markdown exports.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/annotations/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/api/annotations/[id]/route";
import { GET as threadRoute, POST as replyRoute } from "@/app/api/annotations/[id]/replies/route";
import {
  DELETE as deleteReplyRoute,
  GET as getReplyRoute,
  PATCH as patchReplyRoute,
} from "@/app/api/annotations/[id]/replies/[replyId]/route";
import { annotationReplies, annotations, issues, rateLimitHits } from "@/db/schema";
import { CREATE_LIMITS } from "@/lib/annotations/write-guards";
import { grantAuthor } from "@/lib/auth/accounts";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import { apiRequest, createTestUser, useTestAuthSecret, type TestUser } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const slug = "outcomes-over-output";
const quote = "Outcomes are harder to plan";
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let author: TestUser;
let text: string;

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const rctx = (id: string, replyId: string) => ({ params: Promise.resolve({ id, replyId }) });

async function annotate(user: TestUser, extra: Record<string, unknown> = {}): Promise<string> {
  const start = text.indexOf(quote);
  const res = await createRoute(
    apiRequest("/api/annotations", {
      method: "POST",
      user,
      body: { issue: slug, start, end: start + quote.length, exact: quote, ...extra },
    }),
    undefined,
  );
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

async function reply(user: TestUser, annotationId: string, note: string) {
  const res = await replyRoute(
    apiRequest(`/api/annotations/${annotationId}/replies`, { method: "POST", user, body: { note } }),
    ctx(annotationId),
  );
  return { status: res.status, body: await res.json() };
}

function patchAnnotation(user: TestUser, id: string, body: Record<string, unknown>) {
  return patchRoute(apiRequest(`/api/annotations/${id}`, { method: "PATCH", user, body }), ctx(id));
}

function patchReply(user: TestUser, id: string, replyId: string, body: Record<string, unknown>) {
  return patchReplyRoute(
    apiRequest(`/api/annotations/${id}/replies/${replyId}`, { method: "PATCH", user, body }),
    rctx(id, replyId),
  );
}

async function deleteReplyStatus(user: TestUser, id: string, replyId: string): Promise<number> {
  const res = await deleteReplyRoute(
    apiRequest(`/api/annotations/${id}/replies/${replyId}`, { method: "DELETE", user }),
    rctx(id, replyId),
  );
  return res.status;
}

async function issueList(user?: TestUser) {
  const res = await listRoute(apiRequest(`/api/annotations?issue=${slug}`, { user }), undefined);
  return (await res.json()).items as {
    id: string;
    deleted: boolean;
    note: string;
    author: { name: string };
    replies: { id: string; note: string; author: { name: string } }[];
  }[];
}

beforeAll(async () => {
  useTestAuthSecret();
  process.env.AUTHOR_EMAILS = "";
  resetEnvCache();
  await ingestPaths(db(), [SAMPLES_DIR]);
  alice = await createTestUser(db(), "Alice", "alice@example.org");
  bob = await createTestUser(db(), "Bob", "bob@example.org");
  carol = await createTestUser(db(), "Carol", "carol@example.org");
  author = await createTestUser(db(), "The Editor", "editor@example.org");
  await grantAuthor(db(), "editor@example.org");
  const [issue] = await db().select().from(issues).where(eq(issues.slug, slug));
  text = issue!.text;
});

describe("replying", () => {
  it("anyone signed in replies to a public annotation; everyone who sees it sees the thread, oldest first", async () => {
    const id = await annotate(alice, { note: "Worth arguing about.", visibility: "public" });
    const first = await reply(bob, id, "I *disagree*: plans are cheap.");
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      annotationId: id,
      note: "I *disagree*: plans are cheap.",
      noteHtml: "<p>I <em>disagree</em>: plans are cheap.</p>",
      mine: true,
      author: { name: "Bob" },
    });
    expect((await reply(alice, id, "Cheap to write, dear to keep.")).status).toBe(201);

    const anon = (await issueList()).find((a) => a.id === id)!;
    expect(anon.replies.map((r) => [r.author.name, r.note])).toEqual([
      ["Bob", "I *disagree*: plans are cheap."],
      ["Alice", "Cheap to write, dear to keep."],
    ]);
    const thread = await (await threadRoute(apiRequest(`/api/annotations/${id}/replies`), ctx(id))).json();
    expect(thread.total).toBe(2);
    const one = await getReplyRoute(
      apiRequest(`/api/annotations/${id}/replies/${first.body.id}`),
      rctx(id, first.body.id),
    );
    expect(one.status).toBe(200);
    // The reply's id under another annotation is not found.
    const other = await annotate(alice, { visibility: "public" });
    expect(
      (
        await getReplyRoute(
          apiRequest(`/api/annotations/${other}/replies/${first.body.id}`),
          rctx(other, first.body.id),
        )
      ).status,
    ).toBe(404);
  });

  it("a private annotation can't be replied to: 409 for its owner, 404 for anyone else", async () => {
    const id = await annotate(alice, { note: "just mine" });
    const own = await reply(alice, id, "talking to myself");
    expect(own.status).toBe(409);
    expect(own.body.error.message).toContain("Private annotations can't be replied to");
    expect((await reply(bob, id, "hello?")).status).toBe(404);
    expect((await threadRoute(apiRequest(`/api/annotations/${id}/replies`, { user: bob }), ctx(id))).status).toBe(404);
  });

  it("signed-out, empty, cross-site and oversized replies are refused with a reason", async () => {
    const id = await annotate(alice, { visibility: "public" });
    expect(
      (
        await replyRoute(
          apiRequest(`/api/annotations/${id}/replies`, { method: "POST", body: { note: "hi" } }),
          ctx(id),
        )
      ).status,
    ).toBe(401);
    const empty = await reply(bob, id, "   ");
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain("Write something to reply");
    const long = await reply(bob, id, "x".repeat(10_001));
    expect(long.status).toBe(400);
    const crossSite = await replyRoute(
      apiRequest(`/api/annotations/${id}/replies`, {
        method: "POST",
        user: bob,
        body: { note: "hi" },
        origin: "https://evil.example",
      }),
      ctx(id),
    );
    expect(crossSite.status).toBe(403);
  });

  it("only its writer edits or deletes a reply; a public annotation with others' replies can't be made private", async () => {
    const id = await annotate(alice, { note: "Public thought", visibility: "public" });
    const r = (await reply(bob, id, "first version")).body;
    const byAlice = await patchReply(alice, id, r.id, { note: "edited by alice" });
    expect(byAlice.status).toBe(403);
    const byBob = await patchReply(bob, id, r.id, { note: "second **version**" });
    expect(byBob.status).toBe(200);
    expect(await byBob.json()).toMatchObject({
      note: "second **version**",
      noteHtml: "<p>second <strong>version</strong></p>",
    });

    const toPrivate = await patchAnnotation(alice, id, { visibility: "private" });
    expect(toPrivate.status).toBe(409);
    expect((await toPrivate.json()).error.message).toContain("Other readers have replied");

    expect(await deleteReplyStatus(alice, id, r.id)).toBe(403);
    expect(await deleteReplyStatus(bob, id, r.id)).toBe(204);
    // With no other reader's reply left, it may go private again.
    const now = await patchAnnotation(alice, id, { visibility: "private" });
    expect(now.status).toBe(200);
  });
});

describe("moderation", () => {
  it("the author hiding an annotation hides its whole thread from other readers", async () => {
    const id = await annotate(alice, { note: "to be hidden", visibility: "public" });
    const r = (await reply(bob, id, "a reply in a hidden thread")).body;
    const hide = await patchAnnotation(author, id, { hidden: true });
    expect(hide.status).toBe(200);
    expect((await issueList(carol)).map((a) => a.id)).not.toContain(id);
    expect(
      (await getReplyRoute(apiRequest(`/api/annotations/${id}/replies/${r.id}`, { user: carol }), rctx(id, r.id)))
        .status,
    ).toBe(404);
    expect(JSON.stringify(await issueList())).not.toContain("a reply in a hidden thread");
    // Nobody replies into a hidden thread, not even its owner.
    expect((await reply(alice, id, "anyone?")).status).toBe(409);
  });

  it("the author hides one reply: gone for others, kept for its writer and the author", async () => {
    const id = await annotate(alice, { note: "open thread", visibility: "public" });
    const r = (await reply(bob, id, "an unkind reply")).body;
    const byBob = await patchReply(bob, id, r.id, { hidden: true });
    expect(byBob.status).toBe(403);
    const hide = await patchReply(author, id, r.id, { hidden: true });
    expect(hide.status).toBe(200);
    const forCarol = (await issueList(carol)).find((a) => a.id === id)!;
    expect(forCarol.replies).toEqual([]);
    expect((await issueList(bob)).find((a) => a.id === id)!.replies.map((x) => x.id)).toEqual([r.id]);
    expect((await issueList(author)).find((a) => a.id === id)!.replies.map((x) => x.id)).toEqual([r.id]);
  });
});

describe("deleting an annotation that has replies", () => {
  it("keeps the passage and the replies, without the note, tags or owner; it goes with its last reply", async () => {
    const id = await annotate(alice, { note: "soon deleted", tags: ["gone"], visibility: "public" });
    const own = (await reply(alice, id, "my own follow-up")).body;
    const r = (await reply(bob, id, "a reply worth keeping")).body;
    expect(
      (await deleteRoute(apiRequest(`/api/annotations/${id}`, { method: "DELETE", user: alice }), ctx(id))).status,
    ).toBe(204);

    const kept = (await issueList(carol)).find((a) => a.id === id)!;
    expect(kept).toMatchObject({ deleted: true, note: "", author: { name: "A former reader" } });
    expect(kept.replies.map((x) => x.id)).toEqual([r.id]);
    expect(JSON.stringify(kept)).not.toContain("soon deleted");
    // Alice's own reply went with her annotation, and the annotation is no longer hers.
    expect(own.id).toBeDefined();
    expect(await db().select().from(annotationReplies).where(eq(annotationReplies.id, own.id))).toEqual([]);
    expect(
      (await listRoute(apiRequest("/api/annotations", { user: alice }), undefined).then((x) => x.json())).items.map(
        (a: { id: string }) => a.id,
      ),
    ).not.toContain(id);
    // Nothing more can be said in it, nor can it be edited.
    expect((await reply(carol, id, "late")).status).toBe(409);
    expect((await patchAnnotation(alice, id, { note: "back" })).status).toBe(403);

    expect(await deleteReplyStatus(bob, id, r.id)).toBe(204);
    expect(await db().select().from(annotations).where(eq(annotations.id, id))).toEqual([]);
  });

  it("without other readers' replies it is simply deleted", async () => {
    const id = await annotate(alice, { visibility: "public" });
    await reply(alice, id, "only me here");
    expect(
      (await deleteRoute(apiRequest(`/api/annotations/${id}`, { method: "DELETE", user: alice }), ctx(id))).status,
    ).toBe(204);
    expect(await db().select().from(annotations).where(eq(annotations.id, id))).toEqual([]);
    expect(await db().select().from(annotationReplies).where(eq(annotationReplies.annotationId, id))).toEqual([]);
  });
});

describe("exports carry the threads", () => {
  it("W3C JSON-LD: each reply an annotation with motivation replying whose target is its annotation's IRI", async () => {
    const id = await annotate(carol, { note: "Carol's public note", visibility: "public" });
    const r = (await reply(bob, id, "Bob answers Carol")).body;
    const res = await listRoute(apiRequest("/api/annotations?format=jsonld", { user: carol }), undefined);
    const doc = await res.json();
    const items = doc.first.items as {
      id: string;
      motivation: string;
      target: unknown;
      body?: { value: string; purpose: string }[];
      creator?: { name: string };
    }[];
    expect(doc.total).toBe(items.length);
    const parent = items.find((a) => a.id === `http://localhost/api/annotations/${id}`)!;
    expect(parent.motivation).toBe("commenting");
    expect(items.find((a) => a.id === `http://localhost/api/annotations/${id}/replies/${r.id}`)).toMatchObject({
      type: "Annotation",
      motivation: "replying",
      target: `http://localhost/api/annotations/${id}`,
      creator: { type: "Person", name: "Bob" },
      body: [{ type: "TextualBody", value: "Bob answers Carol", format: "text/markdown", purpose: "replying" }],
    });

    // Bob's export has his reply elsewhere, pointing at Carol's annotation.
    const bobs = await (await listRoute(apiRequest("/api/annotations?format=jsonld", { user: bob }), undefined)).json();
    expect(
      bobs.first.items.find(
        (a: { motivation: string; target: unknown }) =>
          a.motivation === "replying" && a.target === `http://localhost/api/annotations/${id}`,
      ),
    ).toBeTruthy();
  });

  it("Markdown: replies under their annotation, and the reader's replies elsewhere in their own section", async () => {
    const md = await (
      await listRoute(apiRequest("/api/annotations?format=markdown", { user: carol }), undefined)
    ).text();
    expect(md).toContain("Replies (1):");
    expect(md).toContain("> **Bob**, ");
    expect(md).toContain("> Bob answers Carol");
    const bobs = await (
      await listRoute(apiRequest("/api/annotations?format=markdown", { user: bob }), undefined)
    ).text();
    expect(bobs).toContain("## Your replies to other readers");
    expect(bobs).toContain("Carol wrote:");
    expect(bobs).toContain("> **Bob** (you), ");
  });
});

describe("rate limits", () => {
  it(`replies count with annotations: past ${CREATE_LIMITS[0]!.max} a minute, 429 with Retry-After`, async () => {
    const dave = await createTestUser(db(), "Dave", "dave@example.org");
    const id = await annotate(alice, { visibility: "public" });
    await db()
      .insert(rateLimitHits)
      .values(Array.from({ length: CREATE_LIMITS[0]!.max - 1 }, () => ({ key: `annotations:create:${dave.id}` })));
    expect((await reply(dave, id, "the last one this minute")).status).toBe(201);
    const res = await replyRoute(
      apiRequest(`/api/annotations/${id}/replies`, { method: "POST", user: dave, body: { note: "one too many" } }),
      ctx(id),
    );
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await res.json()).error.message).toContain("annotations and replies");
  });
});

it("an annotation's GET carries its visible thread", async () => {
  const id = await annotate(alice, { visibility: "public" });
  await reply(bob, id, "seen via GET");
  const body = await (await getRoute(apiRequest(`/api/annotations/${id}`), ctx(id))).json();
  expect(body.replies.map((r: { note: string }) => r.note)).toEqual(["seen via GET"]);
});
