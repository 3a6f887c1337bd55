/** Signed-in requests for route-handler tests: real users in the test database, real Auth.js session tokens. */
import { encode } from "next-auth/jwt";
import type { Db } from "@/db";
import { newSessionClaims } from "@/lib/auth/accounts";
import { createPasswordUser } from "@/lib/auth/credentials";
import { resetEnvCache } from "@/lib/env";

export const TEST_ORIGIN = "http://localhost";
const COOKIE = "authjs.session-token";

export function useTestAuthSecret(): string {
  process.env.AUTH_SECRET = "test-secret-for-route-handler-tests-only";
  resetEnvCache();
  return process.env.AUTH_SECRET;
}

export type TestUser = { id: string; name: string; email: string; cookie: string; sid: string };

/** A session token as Auth.js issues it at sign-in (its own session id and the account's session version). */
export async function sessionCookie(
  db: Db,
  user: { id: string; name: string; email: string },
): Promise<{ cookie: string; sid: string }> {
  const claims = await newSessionClaims(db, user.id);
  const token = await encode({
    token: { sub: user.id, name: user.name, email: user.email, ...claims },
    secret: process.env.AUTH_SECRET!,
    salt: COOKIE,
  });
  return { cookie: `${COOKIE}=${token}`, sid: claims.sid };
}

export async function createTestUser(db: Db, name: string, email: string): Promise<TestUser> {
  const created = await createPasswordUser(db, { name, email, password: "correct horse battery staple" });
  if (!created.ok) throw new Error(`user ${email} exists`);
  const { cookie, sid } = await sessionCookie(db, { id: created.user.id, name, email });
  return { id: created.user.id, name, email, cookie, sid };
}

type Options = {
  method?: string;
  user?: TestUser;
  body?: unknown;
  origin?: string | null;
  headers?: Record<string, string>;
};

export function apiRequest(path: string, options: Options = {}): Request {
  const headers: Record<string, string> = { ...options.headers };
  if (options.user) headers.cookie = options.user.cookie;
  if (options.origin !== null && options.method && options.method !== "GET")
    headers.origin = options.origin ?? TEST_ORIGIN;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${TEST_ORIGIN}${path}`, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}
