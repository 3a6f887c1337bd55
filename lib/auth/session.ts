/**
 * Who is asking: the signed-in user with their role, for pages (auth(), cached
 * per request) and for API route handlers (the session token read straight
 * from the Request, so handlers stay plain functions of their request).
 */
import { getToken } from "next-auth/jwt";
import { redirect } from "next/navigation";
import { cache } from "react";
import { ApiError } from "@/lib/api/errors";
import { getEnv } from "@/lib/env";
import { auth } from "./index";

export type Role = "reader" | "author";

export type CurrentUser = { id: string; name: string; email: string | null; role: Role };

/** Authors are listed by email in AUTHOR_EMAILS; read on every request so a change needs no new session. */
export function roleOf(email: string | null | undefined): Role {
  if (!email) return "reader";
  const authors = (getEnv().AUTHOR_EMAILS ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  return authors.includes(email.toLowerCase()) ? "author" : "reader";
}

function toCurrentUser(id: string | undefined, name: unknown, email: unknown): CurrentUser | null {
  if (!id) return null;
  const mail = typeof email === "string" ? email : null;
  const display = typeof name === "string" && name.trim() ? name.trim() : (mail?.split("@")[0] ?? "Reader");
  return { id, name: display, email: mail, role: roleOf(mail) };
}

export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  return toCurrentUser(session?.user?.id, session?.user?.name, session?.user?.email);
});

/** For pages: the signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

// Auth.js names its cookie __Secure-… over https and plainly otherwise; accept either.
const cookieNames = ["authjs.session-token", "__Secure-authjs.session-token"];

/** For API route handlers: the signed-in user, or null. */
export async function getRequestUser(request: Request): Promise<CurrentUser | null> {
  const secret = getEnv().AUTH_SECRET;
  if (!secret) return null;
  for (const cookieName of cookieNames) {
    const token = await getToken({ req: request, secret, cookieName, salt: cookieName, secureCookie: cookieName.startsWith("__") });
    if (token) return toCurrentUser(token.sub, token.name, token.email);
  }
  return null;
}

export async function requireRequestUser(request: Request): Promise<CurrentUser> {
  const user = await getRequestUser(request);
  if (!user) throw new ApiError("unauthorized", "Sign in to do this.");
  return user;
}
