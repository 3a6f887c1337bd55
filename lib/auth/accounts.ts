/**
 * An account's standing, read from the database on every request: its role,
 * and whether the session presented for it is still one it may use. Sessions
 * are JWTs (the credentials provider needs them), so a token can't be taken
 * back once issued; instead every token names its session and the account's
 * session version, and is refused when its session was ended (sign-out) or
 * the version moved on (password change, `npm run users -- sign-out`).
 */
import { randomUUID } from "node:crypto";
import { asc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { revokedSessions, users, type User } from "@/db/schema";
import { releaseUserAnnotations, type PublicNotesChoice } from "@/lib/annotations/release";
import { expireTags } from "@/lib/cache/expire";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { lockKey } from "@/lib/api/rate-limit";
import { getEnv } from "@/lib/env";
import type { Role } from "./types";

export type { Role };

/** Why an account has the role it has: shown by `npm run users -- list`. */
export type RoleReason = "granted" | "revoked" | "verified author email" | "author email not verified" | "reader";

/** How long a session lasts without use; Auth.js's default, set explicitly so revocations know when they can be forgotten. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

function authorEmails(): string[] {
  return (getEnv().AUTHOR_EMAILS ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * The author role needs more than typing an address at sign-up: an explicit
 * grant from the command line, or an address in AUTHOR_EMAILS that the account
 * has proven it reads (emailVerified is set by an emailed link).
 */
export function roleOf(account: Pick<User, "email" | "emailVerified" | "roleGrant">): {
  role: Role;
  reason: RoleReason;
} {
  if (account.roleGrant === "author") return { role: "author", reason: "granted" };
  if (account.roleGrant === "reader") return { role: "reader", reason: "revoked" };
  const listed = !!account.email && authorEmails().includes(account.email.toLowerCase());
  if (!listed) return { role: "reader", reason: "reader" };
  return account.emailVerified
    ? { role: "author", reason: "verified author email" }
    : { role: "reader", reason: "author email not verified" };
}

export type SessionClaims = { sid: string; sv: number };

/** What a new session's token carries about the account (at sign-in). */
export async function newSessionClaims(db: Db, userId: string): Promise<SessionClaims> {
  const [row] = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return { sid: randomUUID(), sv: row?.sv ?? 0 };
}

export type SessionAccount = Pick<User, "id" | "name" | "email" | "emailVerified" | "roleGrant">;

/**
 * The account behind a session token, or null when the token may no longer be
 * used: the account is gone, the session was ended, the account's sessions
 * were all ended since, or the token predates session ids.
 */
export async function checkSession(
  db: Db,
  token: { sub?: unknown; sid?: unknown; sv?: unknown },
): Promise<SessionAccount | null> {
  if (typeof token.sub !== "string" || typeof token.sid !== "string" || typeof token.sv !== "number") return null;
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      emailVerified: users.emailVerified,
      roleGrant: users.roleGrant,
      sessionVersion: users.sessionVersion,
      revoked: sql<boolean>`exists (select 1 from ${revokedSessions} where ${revokedSessions.sessionId} = ${token.sid})`,
    })
    .from(users)
    .where(eq(users.id, token.sub))
    .limit(1);
  if (!row || row.revoked || row.sessionVersion !== token.sv) return null;
  const { sessionVersion: _v, revoked: _r, ...account } = row;
  return account;
}

/** End one session (sign-out): its token, and every copy of it, stops working. */
export async function endSession(db: Db, token: { sub?: unknown; sid?: unknown }): Promise<void> {
  if (typeof token.sub !== "string" || typeof token.sid !== "string") return;
  const expiresAt = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.insert(revokedSessions).values({ sessionId: token.sid, userId: token.sub, expiresAt }).onConflictDoNothing();
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, new Date()));
}

/** End every session of an account (password change, or an operator's request). */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

export async function hasPassword(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  return !!row?.hash;
}

/** The name shown beside the reader's public notes and replies (validated by displayNameSchema). */
export async function updateDisplayName(db: Db, userId: string, name: string): Promise<void> {
  await db.update(users).set({ name }).where(eq(users.id, userId));
}

/**
 * Deletes an account for good: its private annotations, its public ones and
 * replies removed or kept without a name (the reader's choice; see
 * releaseUserAnnotations), then the account with its sign-in methods and
 * sessions. Other readers' replies to its notes stay readable.
 */
export async function deleteAccount(
  db: Db,
  userId: string,
  publicNotes: PublicNotesChoice,
): Promise<{ removed: number; anonymised: number }> {
  const outcome = await db.transaction(async (tx) => {
    // One deletion at a time per account; writes that lost the race find no account and are refused.
    await tx.execute(lockKey(`account:${userId}`));
    const released = await releaseUserAnnotations(tx, userId, publicNotes);
    await tx.delete(users).where(eq(users.id, userId));
    return released;
  });
  // Signed-out readers' cached copies of public notes may hold this reader's name or notes.
  await expireTags([CACHE_TAGS.allPublicAnnotations]);
  return outcome;
}

export class AccountError extends Error {}

async function findByEmail(db: Db, email: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  if (!user)
    throw new AccountError(
      `No account with the email ${email.trim()}. The person signs up first; then grant the role.`,
    );
  return user;
}

/** Give an account the author role without proof of its address (an operator's decision). */
export async function grantAuthor(db: Db, email: string): Promise<User> {
  const user = await findByEmail(db, email);
  const [updated] = await db.update(users).set({ roleGrant: "author" }).where(eq(users.id, user.id)).returning();
  return updated!;
}

/** Take the author role away, even from an address in AUTHOR_EMAILS. */
export async function revokeAuthor(db: Db, email: string): Promise<User> {
  const user = await findByEmail(db, email);
  const [updated] = await db.update(users).set({ roleGrant: "reader" }).where(eq(users.id, user.id)).returning();
  return updated!;
}

export async function signOutEverywhere(db: Db, email: string): Promise<User> {
  const user = await findByEmail(db, email);
  await endAllSessions(db, user.id);
  return user;
}

export type AccountSummary = {
  email: string | null;
  name: string | null;
  createdAt: Date;
  verified: boolean;
  password: boolean;
  role: Role;
  reason: RoleReason;
};

export async function listAccounts(db: Db): Promise<AccountSummary[]> {
  const rows = await db.select().from(users).orderBy(asc(users.createdAt));
  return rows.map((u) => ({
    email: u.email,
    name: u.name,
    createdAt: u.createdAt,
    verified: !!u.emailVerified,
    password: !!u.passwordHash,
    ...roleOf(u),
  }));
}
