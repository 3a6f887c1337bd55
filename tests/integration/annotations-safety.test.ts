/**
 * One reader's annotation can't break a page for others: hostile notes are
 * refused on write, notes are rendered once and stored, notes stored before
 * that are rendered once (or kept as text), creating is rate-limited, and bad
 * bytes are 400s that never put a note in the logs.
 */
import { inspect } from "node:util";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/annotations/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/annotations/[id]/route";
import { annotations, issues, rateLimitHits } from "@/db/schema";
import { CREATE_LIMITS } from "@/lib/annotations/write-guards";
import { listRecentPublicAnnotations } from "@/lib/annotations/queries";
import { redactForLog } from "@/lib/api/errors";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import { apiRequest, createTestUser, TEST_ORIGIN, useTestAuthSecret, type TestUser } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const slug = "outcomes-over-output";
const quote = "The roadmap becomes a queue, and the queue never gets shorter.";
const nestedQuotes = ">".repeat(5000) + " the page falls over";
let alice: TestUser;
let bob: TestUser;
let text: string;
let issueId: number;
let revision: number;
let legacyHostileId: string;
let legacyFineId: string;

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

function body(extra: Record<string, unknown> = {}) {
  const start = text.indexOf(quote);
  return { issue: slug, start, end: start + quote.length, exact: quote, ...extra };
}

async function create(user: TestUser, extra: Record<string, unknown> = {}) {
  const res = await createRoute(apiRequest("/api/annotations", { method: "POST", user, body: body(extra) }), undefined);
  return { res, json: await res.json() };
}

/** A row as the code before notes were rendered on write stored it: Markdown only. */
async function insertLegacy(user: TestUser, note: string): Promise<string> {
  const start = text.indexOf(quote);
  const [row] = await db()
    .insert(annotations)
    .values({
      userId: user.id,
      issueId,
      revision,
      checkedRevision: revision,
      exact: quote,
      start,
      end: start + quote.length,
      note,
      noteHtml: null,
      visibility: "public",
    })
    .returning();
  return row!.id;
}

beforeAll(async () => {
  useTestAuthSecret();
  process.env.AUTHOR_EMAILS = "";
  resetEnvCache();
  await ingestPaths(db(), [SAMPLES_DIR]);
  alice = await createTestUser(db(), "Alice", "alice@example.org");
  bob = await createTestUser(db(), "Bob", "bob@example.org");
  const [issue] = await db().select().from(issues).where(eq(issues.slug, slug));
  text = issue!.text;
  issueId = issue!.id;
  revision = issue!.revision;
  // Stored before this process read any annotation, as after an upgrade.
  legacyHostileId = await insertLegacy(alice, nestedQuotes);
  legacyFineId = await insertLegacy(alice, "Worth **rereading**.");
});

describe("hostile notes are refused on write with a reason", () => {
  it("5,000 nested quotes, a deeply nested list, or nested emphasis: 400 naming the problem", async () => {
    for (const [note, reason] of [
      [nestedQuotes, /note: Quotes and lists in a note can be nested at most 10 deep; line 1 is 5000 deep/],
      ["- ".repeat(3000) + "x", /note: Quotes and lists .* nested at most 10 deep/],
      ["*".repeat(3000) + "x" + "*".repeat(3000), /note: Line 1 of the note has more than 3 \*, _ or ~ in a row/],
    ] as const) {
      const { res, json } = await create(alice, { note });
      expect(res.status).toBe(400);
      expect(json.error.code).toBe("bad_request");
      expect(json.error.message).toMatch(reason);
    }
  });

  it("an edit to a hostile note is refused the same way and the note is kept", async () => {
    const { json: made } = await create(alice, { note: "fine" });
    const res = await patchRoute(
      apiRequest(`/api/annotations/${made.id}`, { method: "PATCH", user: alice, body: { note: nestedQuotes } }),
      ctx(made.id),
    );
    expect(res.status).toBe(400);
    const [row] = await db().select().from(annotations).where(eq(annotations.id, made.id));
    expect(row).toMatchObject({ note: "fine", noteHtml: "<p>fine</p>" });
  });
});

describe("notes are rendered once, when written", () => {
  it("stores the sanitized HTML with the note", async () => {
    const { res, json } = await create(alice, { note: "So *true* <script>x()</script>" });
    expect(res.status).toBe(201);
    const [row] = await db().select().from(annotations).where(eq(annotations.id, json.id));
    expect(row!.noteHtml).toBe("<p>So <em>true</em> &lt;script&gt;x()&lt;/script&gt;</p>");
    expect(json.noteHtml).toBe(row!.noteHtml);
  });

  it("views show the stored HTML and never render the Markdown again", async () => {
    const { json } = await create(alice, { note: "*rendered at write*" });
    await db().update(annotations).set({ noteHtml: "<p>the stored copy</p>" }).where(eq(annotations.id, json.id));
    const view = await (
      await getRoute(apiRequest(`/api/annotations/${json.id}`, { user: alice }), ctx(json.id))
    ).json();
    expect(view.noteHtml).toBe("<p>the stored copy</p>");
  });
});

describe("a note stored before rendering on write can't take a page down", () => {
  it("every surface that lists it answers, with the quote and the note as text", async () => {
    const onIssue = await listRoute(apiRequest(`/api/annotations?issue=${slug}`, { user: bob }), undefined);
    expect(onIssue.status).toBe(200);
    const items = (await onIssue.json()).items as { id: string; exact: string; noteHtml: string }[];
    const hostile = items.find((a) => a.id === legacyHostileId)!;
    expect(hostile.exact).toBe(quote);
    expect(hostile.noteHtml).toMatch(/^<p>(&gt;){5000} the page falls over<\/p>$/);
    expect(items.find((a) => a.id === legacyFineId)!.noteHtml).toBe("<p>Worth <strong>rereading</strong>.</p>");

    for (const format of ["json", "jsonld", "markdown"]) {
      const mine = await listRoute(apiRequest(`/api/annotations?mine=1&format=${format}`, { user: alice }), undefined);
      expect(mine.status, format).toBe(200);
    }
    const moderation = await listRecentPublicAnnotations(
      db(),
      { id: bob.id, name: "Bob", email: bob.email, role: "author" },
      50,
    );
    expect(moderation.map((a) => a.id)).toContain(legacyHostileId);
  });

  it("was rendered once and stored, so later views don't render it", async () => {
    const rows = await db().select().from(annotations).where(eq(annotations.userId, alice.id));
    expect(rows.every((r) => r.noteHtml !== null)).toBe(true);
    expect(rows.find((r) => r.id === legacyFineId)!.noteHtml).toBe("<p>Worth <strong>rereading</strong>.</p>");
  });
});

describe("rate limits on creating annotations", () => {
  it(`a burst of parallel creates lets exactly ${CREATE_LIMITS[0]!.max} through, then 429 with Retry-After and the limit`, async () => {
    const carol = await createTestUser(db(), "Carol", "carol@example.org");
    const max = CREATE_LIMITS[0]!.max;
    const results = await Promise.all(
      Array.from({ length: max + 8 }, () =>
        createRoute(apiRequest("/api/annotations", { method: "POST", user: carol, body: body() }), undefined),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(max);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8);
    const limited = results.find((r) => r.status === 429)!;
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const { error } = await limited.json();
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(
      new RegExp(
        `You have created ${max} annotations in the last minute, the most allowed\\. Try again in (\\d+ seconds?|1 minute)\\.`,
      ),
    );
    // Another reader is not affected.
    expect((await create(bob)).res.status).toBe(201);
  });

  it("lets the reader create again once the window has passed", async () => {
    const dave = await createTestUser(db(), "Dave", "dave@example.org");
    const max = CREATE_LIMITS[0]!.max;
    for (let i = 0; i < max; i++) expect((await create(dave)).res.status).toBe(201);
    expect((await create(dave)).res.status).toBe(429);
    await db()
      .update(rateLimitHits)
      .set({ createdAt: new Date(Date.now() - 61_000) })
      .where(eq(rateLimitHits.key, `annotations:create:${dave.id}`));
    expect((await create(dave)).res.status).toBe(201);
  });
});

describe("bad bytes are a 400 with a reason, and notes never reach the logs", () => {
  const errors = vi.spyOn(console, "error");
  afterEach(() => errors.mockClear());

  it("NUL in a note, a tag or a query parameter", async () => {
    const secret = "my private thought";
    const nul = await create(alice, { note: `${secret}\u0000` });
    expect(nul.res.status).toBe(400);
    expect(nul.json.error.message).toBe("note: contains a NUL character (U+0000).");
    expect((await create(alice, { tags: ["a\u0000"] })).res.status).toBe(400);
    for (const query of ["issue=%00", "q=%00", "tag=a%00", "issue=%FF", "q=%C0%AF", "q=%ED%A0%80"]) {
      const res = await listRoute(apiRequest(`/api/annotations?${query}`, { user: alice }), undefined);
      expect(res.status, query).toBe(400);
      expect((await res.json()).error.message, query).toMatch(/contains a NUL|isn't valid UTF-8/);
    }
    expect(errors).not.toHaveBeenCalled();
  });

  it("a body that isn't UTF-8, or a lone surrogate in JSON", async () => {
    const start = text.indexOf(quote);
    const raw = Buffer.concat([
      Buffer.from(`{"issue":"${slug}","start":${start},"end":${start + quote.length},"exact":"${quote}","note":"`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const res = await createRoute(
      new Request(`${TEST_ORIGIN}/api/annotations`, {
        method: "POST",
        headers: { cookie: alice.cookie, origin: TEST_ORIGIN, "content-type": "application/json" },
        body: raw,
      }),
      undefined,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe("body: is not valid UTF-8.");
    const surrogate = await createRoute(
      new Request(`${TEST_ORIGIN}/api/annotations`, {
        method: "POST",
        headers: { cookie: alice.cookie, origin: TEST_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify(body()).replace(/}$/, ',"note":"\\ud800"}'),
      }),
      undefined,
    );
    expect(surrogate.status).toBe(400);
    expect((await surrogate.json()).error.message).toMatch(/note: contains text that isn't valid Unicode/);
    expect(errors).not.toHaveBeenCalled();
  });

  it("a failed query is logged without its parameters", async () => {
    const secret = "a note nobody else may read";
    const err = await db()
      .insert(annotations)
      .values({ userId: alice.id, issueId, revision, exact: quote, start: 0, end: 1, note: `${secret}\u0000` })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(inspect(err)).toContain(secret); // what used to be logged
    const logged = inspect(redactForLog(err));
    expect(logged).not.toContain(secret);
    expect(logged).toContain('insert into "annotations"');
    expect(logged).toContain("invalid byte sequence");
  });

  it("errors Next.js logs itself (pages, server actions) go through the same redaction", async () => {
    const secret = "another private note";
    const err = await db()
      .insert(annotations)
      .values({ userId: alice.id, issueId, revision, exact: quote, start: 0, end: 1, note: `${secret}\u0000` })
      .then(
        () => null,
        (e: unknown) => Object.assign(e as Error, { digest: "4242" }),
      );
    const original = console.error;
    const written: unknown[][] = [];
    console.error = (...args: unknown[]) => void written.push(args);
    const runtime = process.env.NEXT_RUNTIME;
    try {
      process.env.NEXT_RUNTIME = "nodejs";
      const { register } = await import("@/instrumentation");
      await register();
      console.error("⨯", err);
    } finally {
      console.error = original;
      if (runtime === undefined) delete process.env.NEXT_RUNTIME;
      else process.env.NEXT_RUNTIME = runtime;
    }
    expect(inspect(written)).not.toContain(secret);
    expect(inspect(written)).toContain("Failed query (parameters not logged)");
    expect((written[0]![1] as { digest?: string }).digest).toBe("4242");
  });
});
