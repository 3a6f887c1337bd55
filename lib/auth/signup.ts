/**
 * Creating an account, without telling strangers which addresses have one.
 *
 * With email configured (SMTP_URL), every sign-up gets the same answer, "check
 * your email", in about the same time: a new address is emailed a link that
 * creates the account (so nobody can claim an address they can't read), an
 * address that already has an account is emailed a note saying so. Without
 * email nothing can be confirmed, so a new account is created at once; an
 * address that already has one can then only be refused (unless the password
 * is that account's: then it is simply a sign-in), which does tell the person
 * trying that the address is registered. The README says so, and sign-ups are
 * rate-limited per client address to make trying many addresses slow.
 */
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, lt, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { pendingSignups, users, type User } from "@/db/schema";
import { consumeRateLimit, formatWait, type RateLimit } from "@/lib/api/rate-limit";
import type { Mailer } from "./mail";
import {
  BusyError,
  createPasswordUser,
  hashPassword,
  insertPasswordUser,
  verifyPassword,
  type SignUpInput,
} from "./credentials";
import type { ClientAddress } from "./client-address";

const HOUR = 60 * 60 * 1000;
/** Sign-ups from one known client address. */
export const SIGNUP_LIMITS: RateLimit[] = [
  { max: 5, windowMs: HOUR, per: "hour" },
  { max: 20, windowMs: 24 * HOUR, per: "day" },
];
/** Sign-ups from all clients together, when addresses aren't known (no TRUST_PROXY). */
export const SHARED_SIGNUP_LIMITS: RateLimit[] = [{ max: 30, windowMs: HOUR, per: "hour" }];
/** Emails to one address (confirmations, notices, sign-in links): nobody can make the site flood an inbox. */
const MAIL_LIMITS: RateLimit[] = [{ max: 5, windowMs: HOUR, per: "hour" }];

/** Whether another email may go to `email` now; counts it when it may. */
export async function mayEmail(
  db: Db,
  email: string,
): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const result = await consumeRateLimit(db, `mail:${email}`, MAIL_LIMITS);
  return result.ok ? result : { ok: false, retryAfterSeconds: result.retryAfterSeconds };
}

/** An email not sent because its inbox had enough from this site for now. */
export class MailLimitError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Enough emails have gone to this address for now.");
  }
}

/** How long a confirmation link works. */
const CONFIRM_TTL_MS = 24 * HOUR;

export type SignUpOutcome =
  /** No email configured: the account now exists (or it was this password's already); sign in with it. */
  | { kind: "signed-up" }
  /** No email configured: the address has an account with another password. */
  | { kind: "exists" }
  /** Email configured: the one answer for every address. */
  | { kind: "check-email" }
  | { kind: "rate-limited"; message: string; retryAfterSeconds: number }
  | { kind: "busy" };

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

async function limitSignUps(db: Db, client: ClientAddress): Promise<SignUpOutcome | null> {
  const limits = client.known ? SIGNUP_LIMITS : SHARED_SIGNUP_LIMITS;
  const result = await consumeRateLimit(db, `signup:${client.key}`, limits);
  if (result.ok) return null;
  const who = client.known ? "from your network" : "on this site";
  return {
    kind: "rate-limited",
    retryAfterSeconds: result.retryAfterSeconds,
    message: `There have been ${result.limit.max} sign-ups ${who} in the last ${result.limit.per}, the most allowed. Try again in ${formatWait(result.retryAfterSeconds)}.`,
  };
}

export async function signUp(
  db: Db,
  input: SignUpInput,
  options: { client: ClientAddress; origin: string; mailer: Mailer | null },
): Promise<SignUpOutcome> {
  const limited = await limitSignUps(db, options.client);
  if (limited) return limited;
  try {
    return options.mailer
      ? await signUpByEmail(db, input, options.origin, options.mailer)
      : await signUpAtOnce(db, input);
  } catch (err) {
    if (err instanceof BusyError) return { kind: "busy" };
    throw err;
  }
}

async function signUpAtOnce(db: Db, input: SignUpInput): Promise<SignUpOutcome> {
  const [existing] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
  if (existing) {
    // One argon2 run either way, as creating an account costs.
    if (!existing.passwordHash) {
      await hashPassword(input.password);
      return { kind: "exists" };
    }
    return (await verifyPassword(existing.passwordHash, input.password)) ? { kind: "signed-up" } : { kind: "exists" };
  }
  const created = await createPasswordUser(db, input);
  return created.ok ? { kind: "signed-up" } : { kind: "exists" };
}

async function signUpByEmail(db: Db, input: SignUpInput, origin: string, mailer: Mailer): Promise<SignUpOutcome> {
  // Hashed for every address, so both answers take as long.
  const passwordHash = await hashPassword(input.password);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
  // Past the limit for this inbox nothing more is sent, and the answer stays the same.
  if (!(await mayEmail(db, input.email)).ok) return { kind: "check-email" };
  if (existing) {
    await mailer.send({
      to: input.email,
      subject: "You already have an account",
      text: [
        "Someone (probably you) tried to create an account with this email address, but it already has one.",
        "",
        `Sign in here: ${origin}/login`,
        "",
        "If it wasn't you, you can ignore this email: nothing was changed.",
      ].join("\n"),
    });
    return { kind: "check-email" };
  }
  const token = randomBytes(32).toString("base64url");
  await db.delete(pendingSignups).where(lt(pendingSignups.expiresAt, new Date()));
  await db.insert(pendingSignups).values({
    tokenHash: tokenHash(token),
    email: input.email,
    name: input.name,
    passwordHash,
    expiresAt: new Date(Date.now() + CONFIRM_TTL_MS),
  });
  await mailer.send({
    to: input.email,
    subject: "Confirm your email to create your account",
    text: [
      `Hello ${input.name},`,
      "",
      "Open this link to confirm your email address and finish creating your account:",
      "",
      `${origin}/signup/confirm?token=${token}`,
      "",
      "The link works once, for 24 hours. If you didn't sign up, ignore this email and no account is created.",
    ].join("\n"),
  });
  return { kind: "check-email" };
}

export type ConfirmResult = { ok: true; user: User } | { ok: false; reason: "invalid" | "expired" | "exists" };

/**
 * Use a confirmation link: creates the account it was sent for, with its
 * address marked as proven. Each link works once.
 */
export async function confirmSignUp(db: Db, token: string): Promise<ConfirmResult> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: "invalid" };
  const [pending] = await db
    .delete(pendingSignups)
    .where(eq(pendingSignups.tokenHash, tokenHash(token)))
    .returning();
  if (!pending) return { ok: false, reason: "invalid" };
  if (pending.expiresAt.getTime() < Date.now()) return { ok: false, reason: "expired" };
  const created = await insertPasswordUser(db, {
    name: pending.name,
    email: pending.email,
    passwordHash: pending.passwordHash,
    emailVerified: new Date(),
  });
  // Other links sent to this address are spent: the address has its account now.
  await db
    .delete(pendingSignups)
    .where(and(eq(pendingSignups.email, pending.email), ne(pendingSignups.tokenHash, pending.tokenHash)));
  return created.ok ? { ok: true, user: created.user } : { ok: false, reason: "exists" };
}

export const confirmMessages: Record<Exclude<ConfirmResult, { ok: true }>["reason"], string> = {
  invalid: "That confirmation link isn't valid, or it was already used. Sign up again to get a new one.",
  expired: "That confirmation link has expired. Sign up again to get a new one.",
  exists: "This email address already has an account. Sign in instead.",
};
