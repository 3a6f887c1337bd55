import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { authAttempts } from "@/db/schema";
import {
  ACCOUNT_BACKOFF,
  ADDRESS_BACKOFF,
  MAX_CONCURRENT_HASHES,
  MAX_WAITING_HASHES,
  SHARED_BACKOFF,
  backoffSeconds,
  createPasswordUser,
  gated,
  hashPassword,
  hashingLoad,
  signUpSchema,
  throttledMessage,
  verifyCredentials,
} from "@/lib/auth/credentials";
import { SHARED_CLIENT, clientAddress, type ClientAddress } from "@/lib/auth/client-address";
import { resetEnvCache } from "@/lib/env";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const password = "a long enough passphrase";
const at = (ip: string): ClientAddress => ({ key: ip, known: true });

/** Move every recorded attempt for `email` back in time, as if the reader had waited. */
async function age(email: string, seconds: number) {
  await db()
    .update(authAttempts)
    .set({ createdAt: sql`${authAttempts.createdAt} - make_interval(secs => ${seconds})` })
    .where(eq(authAttempts.email, email));
}

/** The latest attempt for `email` happened just now: the wait then reads whole, however slow the machine was meanwhile. */
async function justNow(email: string) {
  await db().execute(sql`
    update ${authAttempts} set created_at = now()
    where id = (select max(id) from ${authAttempts} where ${authAttempts.email} = ${email})`);
}

async function fail(email: string, client: ClientAddress, times: number) {
  for (let i = 0; i < times; i++) {
    expect(await verifyCredentials(db(), { email, password: `wrong ${i}`, client })).toEqual({
      ok: false,
      reason: "invalid",
    });
  }
}

afterEach(() => {
  delete process.env.TRUST_PROXY;
  resetEnvCache();
});

describe("password accounts", () => {
  it("stores an argon2id hash, never the password", async () => {
    const created = await createPasswordUser(db(), { name: "Ada", email: "ada@example.org", password });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(created.user.passwordHash).not.toContain(password);
  });

  it("refuses a second account for the same email", async () => {
    const again = await createPasswordUser(db(), { name: "Ada 2", email: "ada@example.org", password });
    expect(again).toEqual({ ok: false, reason: "exists" });
  });

  it("validates sign-up input with clear messages", () => {
    const bad = signUpSchema.safeParse({ name: " ", email: "not-an-email", password: "short" });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message);
    expect(messages).toContain("Use at least 10 characters for the password.");
    expect(messages).toContain("Enter a valid email address.");
    expect(signUpSchema.parse({ name: "Bo", email: "  Bo@Example.ORG ", password }).email).toBe("bo@example.org");
  });

  it("signs in with the right password, case-insensitively on the email", async () => {
    const client = at("10.0.0.1");
    expect((await verifyCredentials(db(), { email: "ADA@example.org", password, client })).ok).toBe(true);
    expect(await verifyCredentials(db(), { email: "ada@example.org", password: "wrong", client })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await verifyCredentials(db(), { email: "nobody@example.org", password, client })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});

describe("wrong passwords back off instead of locking the owner out", () => {
  it("the waits grow 1 s, 2 s, 4 s… after the free tries, up to a minute", () => {
    const waits = Array.from({ length: 14 }, (_, n) => backoffSeconds(n, ACCOUNT_BACKOFF));
    expect(waits).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it(`after ${ACCOUNT_BACKOFF.free} failures the next attempt waits, then the owner gets in with the right password`, async () => {
    await createPasswordUser(db(), { name: "Cy", email: "cy@example.org", password });
    await fail("cy@example.org", at("198.51.100.7"), ACCOUNT_BACKOFF.free);
    await justNow("cy@example.org");
    // Right away, even the right password waits (it isn't even checked), whoever sends it.
    const held = await verifyCredentials(db(), { email: "cy@example.org", password, client: at("192.0.2.1") });
    expect(held).toEqual({ ok: false, reason: "throttled", limit: "account", retryAfterSeconds: 1 });
    expect(throttledMessage("account", 1)).toBe(
      "Too many wrong passwords for this account. Wait 1 second before trying again; each further wrong password doubles the wait, up to a minute.",
    );
    expect(throttledMessage("account", 60)).toContain("Wait 1 minute before");
    const recorded = await db().select().from(authAttempts).where(eq(authAttempts.email, "cy@example.org"));
    expect(recorded).toHaveLength(ACCOUNT_BACKOFF.free); // a held attempt isn't recorded
    await age("cy@example.org", 2);
    expect((await verifyCredentials(db(), { email: "cy@example.org", password, client: at("192.0.2.1") })).ok).toBe(
      true,
    );
  });

  it("a guesser who keeps going waits longer each time; a success resets the count", async () => {
    await createPasswordUser(db(), { name: "Di", email: "di@example.org", password });
    const guesser = at("203.0.113.50");
    await fail("di@example.org", guesser, ACCOUNT_BACKOFF.free);
    for (const expected of [1, 2, 4, 8]) {
      await justNow("di@example.org");
      expect(await verifyCredentials(db(), { email: "di@example.org", password: "x", client: guesser })).toMatchObject({
        reason: "throttled",
        retryAfterSeconds: expected,
      });
      await age("di@example.org", expected);
      await fail("di@example.org", guesser, 1);
    }
    await age("di@example.org", 16);
    expect((await verifyCredentials(db(), { email: "di@example.org", password, client: at("192.0.2.2") })).ok).toBe(
      true,
    );
    // Counting starts again after a success.
    await fail("di@example.org", guesser, ACCOUNT_BACKOFF.free - 1);
    expect((await verifyCredentials(db(), { email: "di@example.org", password, client: at("192.0.2.2") })).ok).toBe(
      true,
    );
  });

  it("a parallel burst is counted like a sequence: only the free tries get their password checked", async () => {
    await createPasswordUser(db(), { name: "Eve", email: "eve@example.org", password });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        verifyCredentials(db(), { email: "eve@example.org", password: `burst ${i}`, client: at(`198.51.100.${i}`) }),
      ),
    );
    const elapsedMs = Date.now() - started;
    // Past the free tries, a try is checked only once the wait after the previous failure (1 s, 2 s, 4 s…) is over:
    // a burst that a loaded machine spreads over more than a second may legitimately get one more try checked.
    let allowed = ACCOUNT_BACKOFF.free;
    for (let waited = 0; ; allowed++) {
      waited += backoffSeconds(allowed, ACCOUNT_BACKOFF) * 1000;
      if (waited > elapsedMs) break;
    }
    const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(checked).toBeGreaterThanOrEqual(ACCOUNT_BACKOFF.free);
    expect(checked).toBeLessThanOrEqual(allowed);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(20 - checked);
    expect(await db().select().from(authAttempts).where(eq(authAttempts.email, "eve@example.org"))).toHaveLength(
      checked,
    );
  });

  it(`one address failing across ${ADDRESS_BACKOFF.free} accounts waits; other addresses and accounts don't`, async () => {
    await createPasswordUser(db(), { name: "Fay", email: "fay@example.org", password });
    const stuffing = at("203.0.113.9");
    const rows = Array.from({ length: ADDRESS_BACKOFF.free }, (_, i) => ({
      email: `victim${i}@example.org`,
      ip: stuffing.key,
      succeeded: false,
    }));
    await db().insert(authAttempts).values(rows);
    expect(await verifyCredentials(db(), { email: "fay@example.org", password, client: stuffing })).toMatchObject({
      reason: "throttled",
      limit: "address",
    });
    expect((await verifyCredentials(db(), { email: "fay@example.org", password, client: at("203.0.113.10") })).ok).toBe(
      true,
    );
  });

  it("without known addresses, all clients share one bucket, sized for everyone", async () => {
    await createPasswordUser(db(), { name: "Gus", email: "gus@example.org", password });
    const rows = Array.from({ length: SHARED_BACKOFF.free }, (_, i) => ({
      email: `someone${i}@example.org`,
      ip: SHARED_CLIENT.key,
      succeeded: false,
    }));
    await db().insert(authAttempts).values(rows);
    const held = await verifyCredentials(db(), { email: "gus@example.org", password, client: SHARED_CLIENT });
    expect(held).toMatchObject({ reason: "throttled", limit: "site" });
    expect(throttledMessage("site", 2)).toMatch(/on this site/);
    await db().delete(authAttempts).where(eq(authAttempts.ip, SHARED_CLIENT.key));
  });

  it("purges attempts older than a day", async () => {
    await db()
      .insert(authAttempts)
      .values({ email: "old@example.org", ip: "*", succeeded: false, createdAt: new Date(Date.now() - 25 * 3600_000) });
    // The purge runs at most every 10 minutes per process; a fresh module state runs it on the next attempt.
    const { vi } = await import("vitest");
    vi.useFakeTimers({ now: Date.now() + 11 * 60_000, toFake: ["Date"] });
    try {
      await verifyCredentials(db(), { email: "nobody@example.org", password: "x", client: at("192.0.2.99") });
    } finally {
      vi.useRealTimers();
    }
    expect(await db().select().from(authAttempts).where(eq(authAttempts.email, "old@example.org"))).toHaveLength(0);
  });
});

describe("the client's address", () => {
  const h = (xff: string) => new Headers({ "x-forwarded-for": xff });

  it("ignores X-Forwarded-For unless TRUST_PROXY says how many proxies append to it", () => {
    expect(clientAddress(h("203.0.113.1"))).toEqual(SHARED_CLIENT);
    process.env.TRUST_PROXY = "1";
    resetEnvCache();
    // A client-sent (spoofed) entry on the left, the proxy's entry for the real client on the right.
    expect(clientAddress(h("1.2.3.4, 203.0.113.1"))).toEqual({ key: "203.0.113.1", known: true });
    process.env.TRUST_PROXY = "2";
    resetEnvCache();
    expect(clientAddress(h("1.2.3.4, 203.0.113.1, 10.0.0.2"))).toEqual({ key: "203.0.113.1", known: true });
    process.env.TRUST_PROXY = "true";
    resetEnvCache();
    expect(clientAddress(h("::ffff:198.51.100.4"))).toEqual({ key: "198.51.100.4", known: true });
    // One IPv6 subscriber has a whole /64.
    expect(clientAddress(h("2001:db8:1:2:aaaa::1"))).toEqual({ key: "2001:0db8:0001:0002::/64", known: true });
    expect(clientAddress(h("not an address"))).toEqual(SHARED_CLIENT);
  });

  it("refuses a TRUST_PROXY that isn't a count", () => {
    process.env.TRUST_PROXY = "yes please";
    resetEnvCache();
    expect(() => clientAddress(h("1.2.3.4"))).toThrow(/TRUST_PROXY: expected the number of proxies/);
  });
});

describe("argon2 work is capped", () => {
  it(`runs at most ${MAX_CONCURRENT_HASHES} at once and turns a long line away as busy`, async () => {
    let peak = 0;
    const watcher = setInterval(() => (peak = Math.max(peak, hashingLoad().active)), 1);
    const burst = Array.from({ length: MAX_CONCURRENT_HASHES + MAX_WAITING_HASHES + 6 }, (_, i) =>
      hashPassword(`password number ${i}`).then(
        () => "hashed",
        (err: Error) => err.constructor.name,
      ),
    );
    const outcomes = await Promise.all(burst);
    clearInterval(watcher);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(MAX_CONCURRENT_HASHES);
    expect(outcomes.filter((o) => o === "BusyError").length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o === "hashed").length).toBeGreaterThanOrEqual(
      MAX_CONCURRENT_HASHES + MAX_WAITING_HASHES,
    );
  });

  it("a sign-in turned away as busy isn't counted as a wrong password", async () => {
    await createPasswordUser(db(), { name: "Hal", email: "hal@example.org", password });
    // Fill every lane and the whole line with work that ends only when the test says so.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const load = Array.from({ length: MAX_CONCURRENT_HASHES + MAX_WAITING_HASHES }, () => gated(() => held));
    try {
      expect(hashingLoad()).toEqual({ active: MAX_CONCURRENT_HASHES, waiting: MAX_WAITING_HASHES });
      const result = await verifyCredentials(db(), { email: "hal@example.org", password, client: at("192.0.2.77") });
      expect(result).toEqual({ ok: false, reason: "busy" });
    } finally {
      release();
      await Promise.all(load);
    }
    expect(await db().select().from(authAttempts).where(eq(authAttempts.email, "hal@example.org"))).toHaveLength(0);
    expect((await verifyCredentials(db(), { email: "hal@example.org", password, client: at("192.0.2.77") })).ok).toBe(
      true,
    );
  });
});
