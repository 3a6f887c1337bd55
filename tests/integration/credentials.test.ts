import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authAttempts } from "@/db/schema";
import {
  MAX_EMAIL_FAILURES,
  MAX_IP_FAILURES,
  THROTTLE_WINDOW_MS,
  createPasswordUser,
  signUpSchema,
  verifyCredentials,
} from "@/lib/auth/credentials";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const password = "a long enough passphrase";

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
    const ok = await verifyCredentials(db(), { email: "ADA@example.org", password, ip: "10.0.0.1" });
    expect(ok.ok).toBe(true);
    expect(await verifyCredentials(db(), { email: "ada@example.org", password: "wrong", ip: "10.0.0.1" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await verifyCredentials(db(), { email: "nobody@example.org", password, ip: "10.0.0.1" })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});

describe("throttling repeated wrong passwords", () => {
  it(`locks an email after ${MAX_EMAIL_FAILURES} failures, even for the right password`, async () => {
    await createPasswordUser(db(), { name: "Cy", email: "cy@example.org", password });
    for (let i = 0; i < MAX_EMAIL_FAILURES; i++) {
      const r = await verifyCredentials(db(), { email: "cy@example.org", password: `guess ${i}`, ip: `10.1.0.${i}` });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const locked = await verifyCredentials(db(), { email: "cy@example.org", password, ip: "10.1.0.99" });
    expect(locked.ok).toBe(false);
    expect(locked).toMatchObject({ reason: "throttled" });
    if (!locked.ok && locked.reason === "throttled") {
      expect(locked.retryAfterSeconds).toBeGreaterThan(0);
      expect(locked.retryAfterSeconds).toBeLessThanOrEqual(THROTTLE_WINDOW_MS / 1000);
    }
    // Refused attempts aren't recorded, so the lock lifts on time.
    const rows = await db().select().from(authAttempts).where(eq(authAttempts.email, "cy@example.org"));
    expect(rows).toHaveLength(MAX_EMAIL_FAILURES);
  });

  it("lifts the lock once the failures are older than the window", async () => {
    const old = new Date(Date.now() - THROTTLE_WINDOW_MS - 1000);
    await db().update(authAttempts).set({ createdAt: old }).where(eq(authAttempts.email, "cy@example.org"));
    expect((await verifyCredentials(db(), { email: "cy@example.org", password, ip: "10.1.0.99" })).ok).toBe(true);
  });

  it("counts failures only since the last successful sign-in", async () => {
    await createPasswordUser(db(), { name: "Di", email: "di@example.org", password });
    for (let i = 0; i < MAX_EMAIL_FAILURES - 1; i++) {
      await verifyCredentials(db(), { email: "di@example.org", password: "nope", ip: null });
    }
    expect((await verifyCredentials(db(), { email: "di@example.org", password, ip: null })).ok).toBe(true);
    for (let i = 0; i < MAX_EMAIL_FAILURES - 1; i++) {
      await verifyCredentials(db(), { email: "di@example.org", password: "nope", ip: null });
    }
    expect((await verifyCredentials(db(), { email: "di@example.org", password, ip: null })).ok).toBe(true);
  });

  it(`locks an address after ${MAX_IP_FAILURES} failures across many emails`, async () => {
    await createPasswordUser(db(), { name: "Ed", email: "ed@example.org", password });
    const rows = Array.from({ length: MAX_IP_FAILURES }, (_, i) => ({ email: `victim${i}@example.org`, ip: "203.0.113.9", succeeded: false }));
    await db().insert(authAttempts).values(rows);
    expect(await verifyCredentials(db(), { email: "ed@example.org", password, ip: "203.0.113.9" })).toMatchObject({ reason: "throttled" });
    expect((await verifyCredentials(db(), { email: "ed@example.org", password, ip: "203.0.113.10" })).ok).toBe(true);
  });
});
