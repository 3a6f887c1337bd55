/**
 * Creating accounts: with email configured, the same answer for every address
 * and a real confirmation email (through a real SMTP server started here);
 * without email, an immediate account; sign-ups limited per client address.
 */
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pendingSignups, users } from "@/db/schema";
import { GET as authGet, POST as authPost, withinMailLimit } from "@/lib/auth";
import { roleOf } from "@/lib/auth/accounts";
import { signUpSchema, verifyCredentials } from "@/lib/auth/credentials";
import { SHARED_CLIENT, type ClientAddress } from "@/lib/auth/client-address";
import { getMailer } from "@/lib/auth/mail";
import { MailLimitError, SHARED_SIGNUP_LIMITS, SIGNUP_LIMITS, confirmSignUp, signUp } from "@/lib/auth/signup";
import { resetEnvCache } from "@/lib/env";
import { useTestAuthSecret } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";
import { startSmtp, type ReceivedMail, type TestSmtp } from "../helpers/smtp";

const { db } = useTestDatabase();
const origin = "https://kb.example.org";
let client = 0;
/** A fresh client address per test, so sign-up limits don't carry over. */
const nextClient = (): ClientAddress => ({ key: `192.0.2.${++client}`, known: true });

let smtp: TestSmtp;
/** What the SMTP server received (emptied before each test). */
let inbox: ReceivedMail[] = [];

beforeAll(async () => {
  useTestAuthSecret();
  smtp = await startSmtp();
  inbox = smtp.inbox;
  process.env.SMTP_URL = smtp.url;
  process.env.EMAIL_FROM = "Concordance <kb@example.org>";
  process.env.AUTHOR_EMAILS = "editor@example.org";
  resetEnvCache();
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.EMAIL_FROM;
  resetEnvCache();
  await smtp.close();
});

beforeEach(() => {
  inbox.length = 0;
});

const input = (email: string, password = "orchard lantern quietly", name = "Reader") =>
  signUpSchema.parse({ name, email, password });

describe("with email configured, sign-up doesn't tell whether an address has an account", () => {
  it("a new address and a taken one get the same answer, and one email each", async () => {
    await db().insert(users).values({ name: "Owner", email: "taken@example.org", passwordHash: "x" });
    const mailer = getMailer();
    expect(mailer).not.toBeNull();

    const timings: Record<string, number[]> = { fresh: [], taken: [] };
    const answers = [];
    for (let i = 0; i < 3; i++) {
      for (const [kind, email] of [
        ["fresh", `new${i}@example.org`],
        ["taken", "taken@example.org"],
      ] as const) {
        const started = performance.now();
        answers.push(await signUp(db(), input(email), { client: nextClient(), origin, mailer }));
        timings[kind]!.push(performance.now() - started);
      }
    }
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify({ kind: "check-email" })]));
    // Both do one argon2 hash and send one email, so their times are of a size (loose: the machine is shared).
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const ratio = median(timings.fresh!) / median(timings.taken!);
    expect(ratio).toBeGreaterThan(1 / 5);
    expect(ratio).toBeLessThan(5);

    expect(inbox).toHaveLength(6);
    const taken = inbox.filter((m) => m.to === "taken@example.org");
    expect(taken).toHaveLength(3);
    expect(taken[0]!.subject).toBe("You already have an account");
    expect(taken[0]!.text).toContain(`${origin}/login`);
    const fresh = inbox.find((m) => m.to === "new0@example.org")!;
    expect(fresh.subject).toBe("Confirm your email to create your account");
    expect(fresh.text).toMatch(new RegExp(`${origin}/signup/confirm\\?token=[A-Za-z0-9_-]{43}`));
    // Nothing exists until the link is used.
    expect(await db().select().from(users).where(eq(users.email, "new0@example.org"))).toHaveLength(0);
  });

  it("the emailed link creates the account, with its address proven, once", async () => {
    await signUp(db(), input("editor@example.org", "orchard lantern quietly", "The Editor"), {
      client: nextClient(),
      origin,
      mailer: getMailer(),
    });
    const token = /token=([A-Za-z0-9_-]+)/.exec(inbox[0]!.text)![1]!;
    const confirmed = await confirmSignUp(db(), token);
    expect(confirmed.ok).toBe(true);
    if (!confirmed.ok) return;
    expect(confirmed.user).toMatchObject({ email: "editor@example.org", name: "The Editor" });
    expect(confirmed.user.emailVerified).toBeInstanceOf(Date);
    // An AUTHOR_EMAILS address that proved itself is an author.
    expect(roleOf(confirmed.user).role).toBe("author");
    expect(
      (
        await verifyCredentials(db(), {
          email: "editor@example.org",
          password: "orchard lantern quietly",
          client: nextClient(),
        })
      ).ok,
    ).toBe(true);
    expect(await confirmSignUp(db(), token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("someone signing up with another person's address gets nothing: the owner's own link wins", async () => {
    const mailer = getMailer();
    await signUp(db(), input("victim@example.org", "squatter chooses this one"), {
      client: nextClient(),
      origin,
      mailer,
    });
    await signUp(db(), input("victim@example.org", "the owner picks a phrase"), {
      client: nextClient(),
      origin,
      mailer,
    });
    // Only the owner reads the inbox; they use the second link (theirs).
    const links = inbox.map((m) => /token=([A-Za-z0-9_-]+)/.exec(m.text)![1]!);
    expect(links).toHaveLength(2);
    const owner = await confirmSignUp(db(), links[1]!);
    expect(owner.ok).toBe(true);
    expect(
      (
        await verifyCredentials(db(), {
          email: "victim@example.org",
          password: "squatter chooses this one",
          client: nextClient(),
        })
      ).ok,
    ).toBe(false);
    expect(
      (
        await verifyCredentials(db(), {
          email: "victim@example.org",
          password: "the owner picks a phrase",
          client: nextClient(),
        })
      ).ok,
    ).toBe(true);
    // The other link was spent with the account's creation.
    expect(await confirmSignUp(db(), links[0]!)).toEqual({ ok: false, reason: "invalid" });
  });

  it("an inbox gets at most 5 emails an hour, and the answer never changes", async () => {
    const mailer = getMailer();
    const answers = [];
    for (let i = 0; i < 7; i++)
      answers.push(await signUp(db(), input("flooded@example.org"), { client: nextClient(), origin, mailer }));
    expect(answers.every((a) => a.kind === "check-email")).toBe(true);
    expect(inbox.filter((m) => m.to === "flooded@example.org")).toHaveLength(5);
  });

  it("sign-in links asked for straight from Auth.js's endpoint count against the same inbox limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const csrf = await authGet(new NextRequest("http://localhost/api/auth/csrf"));
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const res = await authPost(
        new NextRequest("http://localhost/api/auth/signin/nodemailer", {
          method: "POST",
          headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ email: "links@example.org", csrfToken, callbackUrl: "/" }),
        }),
      );
      statuses.push(res.status);
    }
    expect(statuses.every((s) => s < 500)).toBe(true);
    const links = inbox.filter((m) => m.to === "links@example.org");
    expect(links).toHaveLength(5);
    expect(links[0]!.subject).toMatch(/^Sign in to /);
  });

  it("a sign-in link the inbox limit refuses is a handled refusal, never an unhandled rejection (logged as an error by Next, fatal to a plain Node process)", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const sender = withinMailLimit(async () => {});
      for (let i = 0; i < 5; i++) await sender({ identifier: "patient@example.org" });
      const refused = sender({ identifier: "patient@example.org" });
      // Auth.js hashes the token before it awaits the sender: the refusal settles in between.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(refused).rejects.toBeInstanceOf(MailLimitError);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });

  it("an expired link says so", async () => {
    await signUp(db(), input("late@example.org"), { client: nextClient(), origin, mailer: getMailer() });
    const token = /token=([A-Za-z0-9_-]+)/.exec(inbox[0]!.text)![1]!;
    await db()
      .update(pendingSignups)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(pendingSignups.email, "late@example.org"));
    expect(await confirmSignUp(db(), token)).toEqual({ ok: false, reason: "expired" });
    expect(await confirmSignUp(db(), "not-a-token")).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("without email, an account is created at once", () => {
  it("a new address signs up; the same address and password again is just a sign-in; another password is refused", async () => {
    const options = { client: nextClient(), origin, mailer: null };
    expect(await signUp(db(), input("plain@example.org"), options)).toEqual({ kind: "signed-up" });
    expect(await signUp(db(), input("plain@example.org"), options)).toEqual({ kind: "signed-up" });
    expect(await db().select().from(users).where(eq(users.email, "plain@example.org"))).toHaveLength(1);
    expect(await signUp(db(), input("plain@example.org", "some other passphrase"), options)).toEqual({
      kind: "exists",
    });
    expect(roleOf((await db().select().from(users).where(eq(users.email, "plain@example.org")))[0]!).role).toBe(
      "reader",
    );
  });

  it("an AUTHOR_EMAILS address signed up this way is a reader: nothing proved the address", async () => {
    await db().delete(users).where(eq(users.email, "editor@example.org"));
    expect(await signUp(db(), input("editor@example.org"), { client: nextClient(), origin, mailer: null })).toEqual({
      kind: "signed-up",
    });
    const [editor] = await db().select().from(users).where(eq(users.email, "editor@example.org"));
    expect(roleOf(editor!)).toEqual({ role: "reader", reason: "author email not verified" });
  });
});

describe("sign-ups are rate-limited per client address", () => {
  it(`${SIGNUP_LIMITS[0]!.max} an hour from one address, with a message that says so; other addresses are unaffected`, async () => {
    const one = nextClient();
    for (let i = 0; i < SIGNUP_LIMITS[0]!.max; i++) {
      expect((await signUp(db(), input(`many${i}@example.org`), { client: one, origin, mailer: null })).kind).toBe(
        "signed-up",
      );
    }
    const refused = await signUp(db(), input("one-more@example.org"), { client: one, origin, mailer: null });
    expect(refused).toMatchObject({ kind: "rate-limited" });
    if (refused.kind !== "rate-limited") return;
    expect(refused.message).toMatch(
      /^There have been 5 sign-ups from your network in the last hour, the most allowed\. Try again in \d+ minutes?\.$/,
    );
    expect(refused.retryAfterSeconds).toBeGreaterThan(3000);
    expect(await db().select().from(users).where(eq(users.email, "one-more@example.org"))).toHaveLength(0);
    expect(
      (await signUp(db(), input("one-more@example.org"), { client: nextClient(), origin, mailer: null })).kind,
    ).toBe("signed-up");
  });

  it(`without known addresses, ${SHARED_SIGNUP_LIMITS[0]!.max} an hour from everyone together`, async () => {
    const results = await Promise.all(
      Array.from({ length: SHARED_SIGNUP_LIMITS[0]!.max + 3 }, (_, i) =>
        signUp(db(), input(`crowd${i}@example.org`), { client: SHARED_CLIENT, origin, mailer: null }),
      ),
    );
    expect(results.filter((r) => r.kind === "signed-up").length + results.filter((r) => r.kind === "busy").length).toBe(
      SHARED_SIGNUP_LIMITS[0]!.max,
    );
    const limited = results.filter((r) => r.kind === "rate-limited");
    expect(limited).toHaveLength(3);
    expect(limited[0]).toMatchObject({ message: expect.stringMatching(/sign-ups on this site in the last hour/) });
  });
});
