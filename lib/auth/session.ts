/**
 * Who is asking: the signed-in user with their role, for pages (auth(), cached
 * per request) and for API route handlers (the session token read straight
 * from the Request, so handlers stay plain functions of their request). Both
 * check the token against the database: a signed-out session is nobody.
 */
import "server-only";
import { getToken } from "next-auth/jwt";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { ApiError } from "@/lib/api/errors";
import { getEnv } from "@/lib/env";
import { checkSession, roleOf } from "./accounts";
import { auth } from "./index";
import type { CurrentUser } from "./types";

export type { CurrentUser };

function displayName(name: unknown, email: string | null): string {
  return typeof name === "string" && name.trim() ? name.trim() : (email?.split("@")[0] ?? "Reader");
}

export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id) return null;
  const email = typeof user.email === "string" ? user.email : null;
  return { id: user.id, name: displayName(user.name, email), email, role: user.role ?? "reader" };
});

/** For pages: the signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

// Auth.js names its cookie __Secure-… over https and plainly otherwise; accept either.
const cookieNames = ["authjs.session-token", "__Secure-authjs.session-token"];

/** For API route handlers: the signed-in user, or null (also for a session that was signed out). */
export async function getRequestUser(request: Request): Promise<CurrentUser | null> {
  const secret = getEnv().AUTH_SECRET;
  if (!secret) return null;
  for (const cookieName of cookieNames) {
    const token = await getToken({
      req: request,
      secret,
      cookieName,
      salt: cookieName,
      secureCookie: cookieName.startsWith("__"),
    });
    if (!token) continue;
    const account = await checkSession(getDb(), token);
    if (!account) return null;
    return {
      id: account.id,
      name: displayName(account.name, account.email),
      email: account.email,
      role: roleOf(account).role,
    };
  }
  return null;
}

export async function requireRequestUser(request: Request): Promise<CurrentUser> {
  const user = await getRequestUser(request);
  if (!user) throw new ApiError("unauthorized", "Sign in to do this.");
  return user;
}
