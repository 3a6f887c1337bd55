/**
 * Email + password accounts: argon2id hashes (with a cap on how many are
 * computed at once), throttling of wrong passwords, and the rules for new
 * accounts (password strength, display names, sign-up limits). Kept apart
 * from Auth.js so the rules can be tested directly.
 *
 * Throttling backs off instead of locking out. Every attempt is recorded as a
 * failure before its password is checked (and marked succeeded after), inside
 * a transaction that holds a lock on the email and the client's address, so a
 * burst of parallel guesses is counted like a sequence of them. After a few
 * failures the next attempt must wait, twice as long after each further
 * failure, up to a cap: the real owner waits at most a minute, never a
 * quarter of an hour, and a guesser gets a few dozen tries an hour.
 */
import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import * as zxcvbnEn from "@zxcvbn-ts/language-en";
import { eq, lt, sql } from "drizzle-orm";
import pLimit from "p-limit";
import { z } from "zod";
import type { Db } from "@/db";
import { authAttempts, users, type User } from "@/db/schema";
import { findUnsafeCharacter } from "@/lib/api/text";
import { formatWait, lockKey } from "@/lib/api/rate-limit";
import { SHARED_CLIENT, type ClientAddress } from "./client-address";

// ---------------------------------------------------------------------------
// Input rules

const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => !findUnsafeCharacter(v), "Enter a valid email address.")
  .pipe(z.email("Enter a valid email address."))
  .pipe(z.string().max(254, "That email address is too long."));

const passwordSchema = z
  .string()
  .max(1024, "That password is too long.")
  .refine((v) => !findUnsafeCharacter(v), "Passwords can't contain control characters.");

export const credentialsSchema = z.object({
  email: emailSchema,
  password: passwordSchema.pipe(z.string().min(1, "Enter your password.")),
});

// Invisible in every font, though not format characters: Hangul fillers, the braille blank,
// the combining grapheme joiner, Khmer inherent vowels, the Mongolian vowel separator.
const invisibleLetters = new Set([0x115f, 0x1160, 0x3164, 0xffa0, 0x2800, 0x034f, 0x17b4, 0x17b5, 0x180e]);
const pictographic = /\p{Extended_Pictographic}/u;

function describe(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Why a display name can't be shown beside public notes, or null. Names are
 * NFKC-normalised first; what remains must not hide or reorder text (zero-width,
 * bidi controls, fillers), nor stack accents, and must have a letter or digit.
 */
function findNameProblem(name: string): string | null {
  const chars = [...name];
  let marks = 0;
  for (const [i, c] of chars.entries()) {
    const prev = chars[i - 1] ?? "";
    const next = chars[i + 1] ?? "";
    const cp = c.codePointAt(0)!;
    // Emoji sequences keep their joiners and presentation selectors.
    if (cp === 0x200d && pictographic.test(prev.replace(/\uFE0F/, "")) && pictographic.test(next)) continue;
    if ((cp === 0xfe0f || cp === 0xfe0e) && pictographic.test(prev)) continue;
    if (
      /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u.test(c) ||
      invisibleLetters.has(cp) ||
      (cp >= 0xfe00 && cp <= 0xfe0f) ||
      (cp >= 0xe0100 && cp <= 0xe01ef)
    ) {
      return `Names can't contain invisible or text-direction characters (${describe(c)}). Type the name with visible characters only.`;
    }
    marks = /\p{M}/u.test(c) ? marks + 1 : 0;
    if (marks > 3) return "Names can't stack more than three accents on one letter.";
  }
  if (!/[\p{L}\p{N}]/u.test(name)) return "Names need at least one letter or digit.";
  return null;
}

export const displayNameSchema = z
  .string()
  .transform((v) =>
    v
      .normalize("NFKC")
      .replace(/[\t\n\r ]+/g, " ")
      .trim(),
  )
  .pipe(z.string().min(1, "Enter the name other readers will see.").max(80, "Keep the name under 80 characters."))
  .superRefine((v, ctx) => {
    const problem = findNameProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const PASSWORD_MIN_LENGTH = 10;
/** zxcvbn's scale: 3 is "safely unguessable" against an online attack and most offline ones. */
const PASSWORD_MIN_SCORE = 3;

let strength: ZxcvbnFactory | undefined;

/** Why a new password is too easy to guess (with the estimator's advice), or null. */
export function findPasswordProblem(password: string, context: string[] = []): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH)
    return `Use at least ${PASSWORD_MIN_LENGTH} characters for the password.`;
  strength ??= new ZxcvbnFactory({
    translations: zxcvbnEn.translations,
    graphs: zxcvbnCommon.adjacencyGraphs,
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
  });
  // The reader's own name and address, whole and in pieces, count as easy guesses.
  const inputs = context
    .flatMap((c) => [c, c.split("@")[0]!, ...c.split(/[^\p{L}\p{N}]+/u)])
    .filter((c) => c.length >= 3);
  const result = strength.check(password, ["concordance", ...new Set(inputs.map((c) => c.toLowerCase()))]);
  if (result.score >= PASSWORD_MIN_SCORE) return null;
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(" ");
  return `That password is too easy to guess.${advice ? ` ${advice}` : ""} A few unrelated words make a strong one.`;
}

export const signUpSchema = z
  .object({ name: displayNameSchema, email: emailSchema, password: passwordSchema })
  .superRefine((v, ctx) => {
    const problem = findPasswordProblem(v.password, [v.name, v.email]);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export type SignUpInput = z.infer<typeof signUpSchema>;

// ---------------------------------------------------------------------------
// Hashing, at most a few at a time

/** argon2 takes ~19 MiB and tens of milliseconds of a core each: bursts wait in line, and a long line is turned away. */
export const MAX_CONCURRENT_HASHES = 2;
export const MAX_WAITING_HASHES = 16;
const hashing = pLimit(MAX_CONCURRENT_HASHES);

export class BusyError extends Error {
  constructor() {
    super("Too many sign-ins are being checked right now.");
  }
}

/** Run argon2 work (or work that must queue with it) through the gate; BusyError when the line is already full. */
export function gated<T>(work: () => Promise<T>): Promise<T> {
  if (hashing.pendingCount >= MAX_WAITING_HASHES) return Promise.reject(new BusyError());
  return hashing(work);
}

/** How much argon2 work is running and waiting (for tests and diagnostics). */
export function hashingLoad(): { active: number; waiting: number } {
  return { active: hashing.activeCount, waiting: hashing.pendingCount };
}

export function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 defaults to argon2id with OWASP's parameters (19 MiB, 2 passes).
  return gated(() => hash(password));
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return gated(() => verify(passwordHash, password).catch(() => false));
}

// Verified against when the email has no password, so a wrong email costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;

function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash("not a real password").catch((err: unknown) => {
    dummyHash = undefined;
    throw err;
  });
  return dummyHash;
}

// ---------------------------------------------------------------------------
// Throttling

/** Failures older than this are forgotten. */
const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Attempts are kept this long, then purged. */
const KEEP_ATTEMPTS_MS = 24 * 60 * 60 * 1000;

export type Backoff = { free: number; baseSeconds: number; maxSeconds: number };
/** Wrong passwords for one account, from anywhere. */
export const ACCOUNT_BACKOFF: Backoff = { free: 5, baseSeconds: 1, maxSeconds: 60 };
/** Wrong passwords from one known address, for any accounts (credential stuffing). */
export const ADDRESS_BACKOFF: Backoff = { free: 30, baseSeconds: 1, maxSeconds: 15 * 60 };
/** Wrong passwords from everyone, when addresses aren't known: generous, since all readers share it. */
export const SHARED_BACKOFF: Backoff = { free: 300, baseSeconds: 1, maxSeconds: 30 };

/** Seconds the next attempt must wait after the latest of `failures` recent failures. */
export function backoffSeconds(failures: number, backoff: Backoff): number {
  if (failures < backoff.free) return 0;
  return Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** (failures - backoff.free));
}

/** Which limit held an attempt back: the account's, the client address's, or the one all clients share. */
export type ThrottleLimit = "account" | "address" | "site";

export type VerifyResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "busy" }
  | { ok: false; reason: "throttled"; limit: ThrottleLimit; retryAfterSeconds: number };

type Recent = { n: number; latest: Date | null };

function waitFor(recent: Recent, backoff: Backoff): number {
  if (!recent.latest) return 0;
  const until = recent.latest.getTime() + backoffSeconds(recent.n, backoff) * 1000;
  return until > Date.now() ? Math.ceil((until - Date.now()) / 1000) : 0;
}

let lastPurge = 0;

async function purgeOldAttempts(db: Db): Promise<void> {
  if (Date.now() - lastPurge < 10 * 60 * 1000) return;
  lastPurge = Date.now();
  await db.delete(authAttempts).where(lt(authAttempts.createdAt, new Date(Date.now() - KEEP_ATTEMPTS_MS)));
}

/**
 * Record an attempt as failed unless a limit says to wait; in one transaction
 * under locks on the email and the address, so parallel attempts queue here.
 */
async function beginAttempt(
  db: Db,
  email: string,
  client: ClientAddress,
): Promise<{ id: number } | { limit: ThrottleLimit; retryAfterSeconds: number }> {
  return db.transaction(async (tx) => {
    for (const key of [`auth:email:${email}`, `auth:client:${client.key}`].sort()) await tx.execute(lockKey(key));
    const since = sql`${new Date(Date.now() - THROTTLE_WINDOW_MS).toISOString()}::timestamptz`;
    // Failures for the account since its last success in the window.
    const [account] = await tx.execute<Recent>(sql`
      with recent as (
        select ${authAttempts.succeeded} as ok, ${authAttempts.createdAt} as at from ${authAttempts}
        where ${authAttempts.email} = ${email} and ${authAttempts.createdAt} > ${since}
      )
      select count(*)::int as n, max(at) as latest from recent
      where not ok and at > coalesce((select max(at) from recent where ok), '-infinity'::timestamptz)`);
    const [address] = await tx.execute<Recent>(sql`
      select count(*)::int as n, max(${authAttempts.createdAt}) as latest from ${authAttempts}
      where ${authAttempts.ip} = ${client.key} and not ${authAttempts.succeeded} and ${authAttempts.createdAt} > ${since}`);
    const toDate = (r: Recent | undefined): Recent => ({ n: r?.n ?? 0, latest: r?.latest ? new Date(r.latest) : null });
    const accountWait = waitFor(toDate(account), ACCOUNT_BACKOFF);
    const addressWait = waitFor(toDate(address), client.known ? ADDRESS_BACKOFF : SHARED_BACKOFF);
    if (accountWait > 0 || addressWait > 0) {
      const limit: ThrottleLimit = accountWait >= addressWait ? "account" : client.known ? "address" : "site";
      return { limit, retryAfterSeconds: Math.max(accountWait, addressWait) };
    }
    const [row] = await tx
      .insert(authAttempts)
      .values({ email, ip: client.key, succeeded: false })
      .returning({ id: authAttempts.id });
    return { id: row!.id };
  });
}

/**
 * Check an email + password. An attempt that must wait is refused without
 * looking at the password and isn't recorded, so waiting is enough.
 */
export async function verifyCredentials(
  db: Db,
  input: { email: string; password: string; client?: ClientAddress },
): Promise<VerifyResult> {
  const email = input.email.trim().toLowerCase();
  const client = input.client ?? SHARED_CLIENT;
  const begun = await beginAttempt(db, email, client);
  if ("limit" in begun) return { ok: false, reason: "throttled", ...begun };

  let ok = false;
  let user: User | undefined;
  try {
    [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
    if (user?.passwordHash) {
      ok = await verifyPassword(user.passwordHash, input.password);
    } else {
      await verifyPassword(await dummyPasswordHash(), input.password);
    }
  } catch (err) {
    // Not the reader's failure: the attempt doesn't count against them.
    await db.delete(authAttempts).where(eq(authAttempts.id, begun.id));
    if (err instanceof BusyError) return { ok: false, reason: "busy" };
    throw err;
  }
  if (ok) await db.update(authAttempts).set({ succeeded: true }).where(eq(authAttempts.id, begun.id));
  await purgeOldAttempts(db);
  return ok && user ? { ok: true, user } : { ok: false, reason: "invalid" };
}

/** A message that says which limit held the attempt back and when to try again. */
export function throttledMessage(limit: ThrottleLimit, retryAfterSeconds: number): string {
  const wait = formatWait(retryAfterSeconds);
  switch (limit) {
    case "account":
      return `Too many wrong passwords for this account. Wait ${wait} before trying again; each further wrong password doubles the wait, up to a minute.`;
    case "address":
      return `Too many wrong passwords from your network. Wait ${wait} before trying again.`;
    case "site":
      return `Too many wrong passwords on this site in the last few minutes. Wait ${wait} before trying again.`;
  }
}

export const BUSY_MESSAGE = "The server is busy checking other sign-ins. Try again in a few seconds.";

// ---------------------------------------------------------------------------
// Accounts

export type CreateUserResult = { ok: true; user: User } | { ok: false; reason: "exists" };

/** Store a new password account (the rules are checked by signUpSchema, not here). */
export async function createPasswordUser(
  db: Db,
  input: { name: string; email: string; password: string },
  options: { emailVerified?: Date } = {},
): Promise<CreateUserResult> {
  const passwordHash = await hashPassword(input.password);
  return insertPasswordUser(db, {
    name: input.name,
    email: input.email,
    passwordHash,
    emailVerified: options.emailVerified ?? null,
  });
}

export async function insertPasswordUser(
  db: Db,
  values: { name: string; email: string; passwordHash: string; emailVerified: Date | null },
): Promise<CreateUserResult> {
  const [user] = await db.insert(users).values(values).onConflictDoNothing({ target: users.email }).returning();
  return user ? { ok: true, user } : { ok: false, reason: "exists" };
}

/** Set a new password and end every session of the account: whoever knew the old one is signed out. */
export async function changePassword(db: Db, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}
