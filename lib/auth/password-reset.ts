/**
 * "Forgot password": a link by email that sets a new password. The answer to
 * a request is the same whether or not the address has an account (the email
 * itself is the only difference, and only the inbox's reader sees it). Links
 * carry a random token of which only a hash is stored; each works once, for an
 * hour, and a new password spends every other link of the account.
 */
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { passwordResets, users, type User } from "@/db/schema";
import { BusyError, findPasswordProblem, hashPassword } from "./credentials";
import type { Mailer } from "./mail";
import { mayEmail } from "./signup";

/** How long a reset link works. */
export const RESET_TTL_MS = 60 * 60 * 1000;

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{20,100}$/;

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function looksLikeResetToken(token: string): boolean {
  return TOKEN_FORMAT.test(token);
}

/**
 * Emails a reset link when `email` belongs to an account and its inbox hasn't
 * had too many emails from this site lately; otherwise does nothing. The caller
 * answers the same either way.
 */
export async function requestPasswordReset(
  db: Db,
  email: string,
  options: { origin: string; mailer: Mailer },
): Promise<"sent" | "not-sent"> {
  const address = email.trim().toLowerCase();
  // Counted for every address, so a flood of requests for one inbox is refused whether or not it has an account.
  if (!(await mayEmail(db, address)).ok) return "not-sent";
  const [user] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(eq(users.email, address))
    .limit(1);
  if (!user) return "not-sent";
  const token = randomBytes(32).toString("base64url");
  await db.delete(passwordResets).where(lt(passwordResets.expiresAt, new Date()));
  await db
    .insert(passwordResets)
    .values({ tokenHash: tokenHash(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_TTL_MS) });
  await options.mailer.send({
    to: address,
    subject: "Reset your password",
    text: [
      `Hello${user.name ? ` ${user.name}` : ""},`,
      "",
      "Someone (probably you) asked to reset the password of your account. Open this link to choose a new one:",
      "",
      `${options.origin}/login/reset?token=${token}`,
      "",
      "The link works once, for an hour. If you didn't ask, ignore this email: your password stays as it is.",
    ].join("\n"),
  });
  return "sent";
}

export type ResetCheck =
  | { ok: true; user: Pick<User, "id" | "name" | "email"> }
  | { ok: false; reason: "invalid" | "expired" };

/** Whether a link's token can still set a password (without spending it). */
export async function checkResetToken(db: Db, token: string): Promise<ResetCheck> {
  if (!looksLikeResetToken(token)) return { ok: false, reason: "invalid" };
  const [row] = await db
    .select({ expiresAt: passwordResets.expiresAt, id: users.id, name: users.name, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, tokenHash(token)))
    .limit(1);
  if (!row) return { ok: false, reason: "invalid" };
  if (row.expiresAt.getTime() < Date.now()) return { ok: false, reason: "expired" };
  return { ok: true, user: { id: row.id, name: row.name, email: row.email } };
}

export type ResetResult =
  | { ok: true; email: string }
  | { ok: false; reason: "invalid" | "expired" | "busy" }
  | { ok: false; reason: "weak"; message: string };

/**
 * Sets the account's new password with a link's token: the link is spent, and
 * so is every other link of the account; every session of the account ends;
 * the address counts as proven (only its reader could open the link).
 */
export async function resetPassword(db: Db, token: string, password: string): Promise<ResetResult> {
  const checked = await checkResetToken(db, token);
  if (!checked.ok) return checked;
  const weak = findPasswordProblem(password, [checked.user.name ?? "", checked.user.email ?? ""]);
  if (weak) return { ok: false, reason: "weak", message: weak };
  let passwordHash: string;
  try {
    passwordHash = await hashPassword(password);
  } catch (err) {
    // Busy: the link isn't spent, so the reader can simply try again.
    if (err instanceof BusyError) return { ok: false, reason: "busy" };
    throw err;
  }
  return db.transaction(async (tx) => {
    // Spending the link is the first write: of two submissions racing with it, only one gets past here.
    const [spent] = await tx
      .delete(passwordResets)
      .where(and(eq(passwordResets.tokenHash, tokenHash(token)), gt(passwordResets.expiresAt, new Date())))
      .returning({ userId: passwordResets.userId });
    if (!spent) return { ok: false as const, reason: "invalid" as const };
    await tx.delete(passwordResets).where(eq(passwordResets.userId, spent.userId));
    const [user] = await tx
      .update(users)
      .set({
        passwordHash,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        emailVerified: sql`coalesce(${users.emailVerified}, now())`,
      })
      .where(eq(users.id, spent.userId))
      .returning({ email: users.email });
    return { ok: true as const, email: user?.email ?? "" };
  });
}

export const resetMessages: Record<"invalid" | "expired", string> = {
  invalid: "That reset link isn't valid, or it was already used. Ask for a new one.",
  expired: "That reset link has expired. Ask for a new one.",
};
