/**
 * Email + password accounts: argon2id hashes, and throttling of repeated
 * failures (per email and per client address) recorded in Postgres so the limit
 * holds across processes and restarts. Kept apart from Auth.js so the rules can
 * be tested directly.
 */
import { hash, verify } from "@node-rs/argon2";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { authAttempts, users, type User } from "@/db/schema";

/** Failures for one email within the window before further attempts are refused. */
export const MAX_EMAIL_FAILURES = 5;
/** Failures from one address (across emails) within the window: slows credential stuffing. */
export const MAX_IP_FAILURES = 30;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")).pipe(z.string().max(254));

export const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(1024),
});

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter the name other readers will see.").max(80, "Keep the name under 80 characters."),
  email: emailSchema,
  password: z.string().min(10, "Use at least 10 characters for the password.").max(1024, "That password is too long."),
});

export type VerifyResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

// Verified against when the email has no password, so a wrong email costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 defaults to argon2id with OWASP's parameters (19 MiB, 2 passes).
  return hash(password);
}

async function throttleFor(db: Db, email: string, ip: string | null): Promise<number> {
  const since = new Date(Date.now() - THROTTLE_WINDOW_MS);
  // Failures count only after the last success for that email.
  const [lastSuccess] = await db
    .select({ at: authAttempts.createdAt })
    .from(authAttempts)
    .where(and(eq(authAttempts.email, email), eq(authAttempts.succeeded, true), gt(authAttempts.createdAt, since)))
    .orderBy(desc(authAttempts.createdAt))
    .limit(1);
  const from = lastSuccess && lastSuccess.at > since ? lastSuccess.at : since;
  const failures = await db
    .select({ at: authAttempts.createdAt })
    .from(authAttempts)
    .where(and(eq(authAttempts.email, email), eq(authAttempts.succeeded, false), gt(authAttempts.createdAt, from)))
    .orderBy(desc(authAttempts.createdAt))
    .limit(MAX_EMAIL_FAILURES);
  let retryAt = 0;
  if (failures.length >= MAX_EMAIL_FAILURES) {
    retryAt = failures[failures.length - 1]!.at.getTime() + THROTTLE_WINDOW_MS;
  }
  if (ip) {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int`, oldest: sql<Date>`min(${authAttempts.createdAt})` })
      .from(authAttempts)
      .where(and(eq(authAttempts.ip, ip), eq(authAttempts.succeeded, false), gt(authAttempts.createdAt, since)));
    if (row && row.n >= MAX_IP_FAILURES) retryAt = Math.max(retryAt, new Date(row.oldest).getTime() + THROTTLE_WINDOW_MS);
  }
  return retryAt > Date.now() ? Math.ceil((retryAt - Date.now()) / 1000) : 0;
}

/**
 * Check an email + password. Throttled attempts are refused without looking at
 * the password and are not recorded, so the lock lifts on time.
 */
export async function verifyCredentials(
  db: Db,
  input: { email: string; password: string; ip?: string | null },
): Promise<VerifyResult> {
  const email = input.email.trim().toLowerCase();
  const ip = input.ip ?? null;
  const retryAfterSeconds = await throttleFor(db, email, ip);
  if (retryAfterSeconds > 0) return { ok: false, reason: "throttled", retryAfterSeconds };

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  let ok = false;
  if (user?.passwordHash) {
    ok = await verify(user.passwordHash, input.password).catch(() => false);
  } else {
    dummyHash ??= hashPassword("not a real password");
    await verify(await dummyHash, input.password).catch(() => false);
  }
  await db.insert(authAttempts).values({ email, ip, succeeded: ok });
  return ok && user ? { ok: true, user } : { ok: false, reason: "invalid" };
}

export type SignUpResult = { ok: true; user: User } | { ok: false; reason: "exists" };

export async function createPasswordUser(db: Db, input: z.infer<typeof signUpSchema>): Promise<SignUpResult> {
  const passwordHash = await hashPassword(input.password);
  const [user] = await db
    .insert(users)
    .values({ name: input.name, email: input.email, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return user ? { ok: true, user } : { ok: false, reason: "exists" };
}

/** The client's address as the proxy in front of us reports it; null when unknown. */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || null;
}
