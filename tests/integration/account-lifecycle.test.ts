/**
 * An account's life after sign-up: a forgotten password reset through a link
 * sent by a real SMTP server started here, a new display name, and deleting the
 * account with its annotations removed or anonymised while other readers'
 * replies stay readable.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/annotations/route";
import { POST as replyRoute } from "@/app/api/annotations/[id]/replies/route";
import { annotationReplies, annotations, issues, passwordResets, users } from "@/db/schema";
import { checkSession, deleteAccount, updateDisplayName } from "@/lib/auth/accounts";
import { displayNameSchema, verifyCredentials } from "@/lib/auth/credentials";
import { getMailer } from "@/lib/auth/mail";
import { RESET_TTL_MS, checkResetToken, requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import { apiRequest, createTestUser, sessionCookie, useTestAuthSecret, type TestUser } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";
import { linkIn, startSmtp, type TestSmtp } from "../helpers/smtp";

const { db } = useTestDatabase();
const slug = "outcomes-over-output";
const origin = "https://kb.example.org";
let smtp: TestSmtp;
let text: string;

beforeAll(async () => {
  useTestAuthSecret();
  smtp = await startSmtp();
  process.env.SMTP_URL = smtp.url;
  process.env.EMAIL_FROM = "Concordance <kb@example.org>";
  resetEnvCache();
  await ingestPaths(db(), [SAMPLES_DIR]);
  const [issue] = await db().select().from(issues).where(eq(issues.slug, slug));
  text = issue!.text;
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.EMAIL_FROM;
  resetEnvCache();
  await smtp.close();
});

beforeEach(() => {
  smtp.inbox.length = 0;
});

const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

describe("forgot password, through a real SMTP server", () => {
  it("emails a one-use link to an address with an account; the new password works and every session ends", async () => {
    const user = await createTestUser(db(), "Fay", "fay@example.org");
    const before = await db().select().from(users).where(eq(users.id, user.id));
    expect(before[0]!.emailVerified).toBeNull();

    expect(await requestPasswordReset(db(), "  Fay@Example.org ", { origin, mailer: getMailer()! })).toBe("sent");
    expect(smtp.inbox).toHaveLength(1);
    const mail = smtp.inbox[0]!;
    expect(mail).toMatchObject({ to: "fay@example.org", subject: "Reset your password" });
    const link = linkIn(mail, `${origin}/login/reset?token=`);
    const token = tokenOf(link);
    // Only a hash of the token is stored.
    const stored = await db().select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);

    expect(await checkResetToken(db(), token)).toMatchObject({ ok: true, user: { id: user.id } });
    const weak = await resetPassword(db(), token, "password123");
    expect(weak).toMatchObject({ ok: false, reason: "weak" });
    expect(await resetPassword(db(), token, "velvet harbour mosaic tundra")).toEqual({
      ok: true,
      email: "fay@example.org",
    });

    expect(
      (await verifyCredentials(db(), { email: "fay@example.org", password: "velvet harbour mosaic tundra" })).ok,
    ).toBe(true);
    expect(
      (await verifyCredentials(db(), { email: "fay@example.org", password: "correct horse battery staple" })).ok,
    ).toBe(false);
    // The old session is over; the address now counts as proven.
    const token0 = await db().select().from(users).where(eq(users.id, user.id));
    expect(token0[0]!.emailVerified).not.toBeNull();
    const { sid } = user;
    expect(await checkSession(db(), { sub: user.id, sid, sv: 0 })).toBeNull();
    // The link is spent.
    expect(await resetPassword(db(), token, "another fine passphrase here")).toEqual({ ok: false, reason: "invalid" });
  });

  it("an address without an account gets no email, and the caller can't tell (same result shape, nothing stored)", async () => {
    expect(await requestPasswordReset(db(), "nobody-here@example.org", { origin, mailer: getMailer()! })).toBe(
      "not-sent",
    );
    expect(smtp.inbox).toHaveLength(0);
  });

  it("an expired link, a made-up one, or a second link after a reset are refused", async () => {
    const user = await createTestUser(db(), "Gus", "gus@example.org");
    await requestPasswordReset(db(), user.email, { origin, mailer: getMailer()! });
    await requestPasswordReset(db(), user.email, { origin, mailer: getMailer()! });
    expect(smtp.inbox).toHaveLength(2);
    const [first, second] = smtp.inbox.map((m) => tokenOf(linkIn(m, `${origin}/login/reset?token=`)));
    expect(await checkResetToken(db(), "not-a-token")).toEqual({ ok: false, reason: "invalid" });
    expect(await checkResetToken(db(), "A".repeat(43))).toEqual({ ok: false, reason: "invalid" });

    await db()
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResets.userId, user.id));
    expect(await resetPassword(db(), first!, "velvet harbour mosaic tundra")).toEqual({ ok: false, reason: "expired" });
    await db()
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() + RESET_TTL_MS) })
      .where(eq(passwordResets.userId, user.id));
    expect((await resetPassword(db(), first!, "velvet harbour mosaic tundra")).ok).toBe(true);
    // Using one link spends every other link of the account.
    expect(await resetPassword(db(), second!, "another fine passphrase here")).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("one inbox gets at most five emails an hour, whatever is asked", async () => {
    await createTestUser(db(), "Hal", "hal@example.org");
    const results = [];
    for (let i = 0; i < 7; i++)
      results.push(await requestPasswordReset(db(), "hal@example.org", { origin, mailer: getMailer()! }));
    expect(results.filter((r) => r === "sent")).toHaveLength(5);
    expect(smtp.inbox).toHaveLength(5);
  });
});

describe("display name", () => {
  it("follows the sign-up rules and shows beside public notes at once", async () => {
    const user = await createTestUser(db(), "Ida", "ida@example.org");
    expect(displayNameSchema.safeParse("  Ida\u200b Q ").success).toBe(false);
    expect(displayNameSchema.safeParse("").success).toBe(false);
    await updateDisplayName(db(), user.id, displayNameSchema.parse("  Ida   Quill "));
    const session = await checkSession(db(), { sub: user.id, sid: user.sid, sv: 0 });
    expect(session?.name).toBe("Ida Quill");
  });
});

describe("deleting an account", () => {
  async function annotate(user: TestUser, quote: string, extra: Record<string, unknown>): Promise<string> {
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
  async function reply(user: TestUser, id: string, note: string): Promise<string> {
    const res = await replyRoute(
      apiRequest(`/api/annotations/${id}/replies`, { method: "POST", user, body: { note } }),
      { params: Promise.resolve({ id }) },
    );
    expect(res.status).toBe(201);
    return (await res.json()).id;
  }
  async function seenByOthers() {
    const viewer = await createTestUser(db(), "Onlooker", `onlooker-${Date.now()}-${Math.random()}@example.org`);
    const res = await listRoute(apiRequest(`/api/annotations?issue=${slug}`, { user: viewer }), undefined);
    return (await res.json()).items as {
      id: string;
      note: string;
      deleted: boolean;
      author: { name: string; former: boolean };
      replies: { id: string; note: string; author: { name: string } }[];
    }[];
  }

  /** A departing reader with a private note, a public one others replied to, a bare public one, and a reply elsewhere. */
  async function departing(name: string) {
    const leaver = await createTestUser(db(), name, `${name.toLowerCase()}@example.org`);
    const other = await createTestUser(db(), `${name}'s neighbour`, `${name.toLowerCase()}-neighbour@example.org`);
    const privateId = await annotate(leaver, "Outcomes are harder to plan", { note: `${name} private` });
    const answered = await annotate(leaver, "Outcomes are harder to plan", {
      note: `${name} public, answered`,
      visibility: "public",
    });
    const bare = await annotate(leaver, "Outcomes are harder to plan", {
      note: `${name} public, alone`,
      visibility: "public",
    });
    const othersReply = await reply(other, answered, `${name}'s neighbour answers`);
    const neighbours = await annotate(other, "Outcomes are harder to plan", {
      note: "the neighbour's note",
      visibility: "public",
    });
    const leaversReply = await reply(leaver, neighbours, `${name} replies to the neighbour`);
    return { leaver, other, privateId, answered, bare, othersReply, neighbours, leaversReply };
  }

  it("remove: private and public annotations and replies go; others' replies stay readable under the passage", async () => {
    const s = await departing("Jo");
    expect(await deleteAccount(db(), s.leaver.id, "remove")).toMatchObject({ anonymised: 0 });

    expect(await db().select().from(users).where(eq(users.id, s.leaver.id))).toEqual([]);
    expect(await db().select().from(annotations).where(eq(annotations.id, s.privateId))).toEqual([]);
    expect(await db().select().from(annotations).where(eq(annotations.id, s.bare))).toEqual([]);
    expect(await db().select().from(annotationReplies).where(eq(annotationReplies.id, s.leaversReply))).toEqual([]);
    const list = await seenByOthers();
    const kept = list.find((a) => a.id === s.answered)!;
    expect(kept).toMatchObject({ deleted: true, note: "", author: { former: true } });
    expect(kept.replies.map((r) => r.note)).toEqual(["Jo's neighbour answers"]);
    expect(JSON.stringify(list)).not.toContain("Jo public");
    expect(JSON.stringify(list)).not.toContain("Jo private");
    expect(list.find((a) => a.id === s.neighbours)!.replies).toEqual([]);
    // The session of the deleted account is refused.
    expect(await checkSession(db(), { sub: s.leaver.id, sid: s.leaver.sid, sv: 0 })).toBeNull();
  });

  it("anonymise: private annotations go; public ones and replies stay, credited to a former reader", async () => {
    const s = await departing("Kit");
    expect(await deleteAccount(db(), s.leaver.id, "anonymise")).toEqual({ removed: 1, anonymised: 3 });

    expect(await db().select().from(annotations).where(eq(annotations.id, s.privateId))).toEqual([]);
    const list = await seenByOthers();
    const answered = list.find((a) => a.id === s.answered)!;
    expect(answered).toMatchObject({
      deleted: false,
      note: "Kit public, answered",
      author: { name: "A former reader", former: true },
    });
    expect(answered.replies.map((r) => r.note)).toEqual(["Kit's neighbour answers"]);
    expect(list.find((a) => a.id === s.bare)).toMatchObject({
      note: "Kit public, alone",
      author: { name: "A former reader" },
    });
    const neighbours = list.find((a) => a.id === s.neighbours)!;
    expect(neighbours.replies.map((r) => [r.author.name, r.note])).toEqual([
      ["A former reader", "Kit replies to the neighbour"],
    ]);
    expect(JSON.stringify(list)).not.toContain("Kit private");
    expect(JSON.stringify(list)).not.toContain("kit@example.org");
  });

  it("a private annotation can never be left without its owner", async () => {
    const user = await createTestUser(db(), "Lee", "lee@example.org");
    const id = await annotate(user, "Outcomes are harder to plan", { note: "Lee private" });
    // Deleting the user row directly (not through deleteAccount) is refused by the database.
    await expect(db().delete(users).where(eq(users.id, user.id))).rejects.toThrow();
    expect(await db().select().from(annotations).where(eq(annotations.id, id))).toHaveLength(1);
  });

  it("a session of a deleted account can't write anything", async () => {
    const s = await departing("Max");
    const { cookie } = await sessionCookie(db(), { id: s.other.id, name: s.other.name, email: s.other.email });
    await deleteAccount(db(), s.other.id, "remove");
    const start = text.indexOf("Outcomes");
    const res = await createRoute(
      apiRequest("/api/annotations", {
        method: "POST",
        user: { ...s.other, cookie },
        body: { issue: slug, start, end: start + 8, exact: "Outcomes" },
      }),
      undefined,
    );
    expect(res.status).toBe(401);
  });
});
