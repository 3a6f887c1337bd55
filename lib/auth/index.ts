/**
 * Auth.js, fully configured: the database adapter and the providers this
 * deployment has. Email + password always; GitHub when AUTH_GITHUB_ID/SECRET
 * are set; email sign-in links when SMTP_URL is set. Initialised lazily so
 * building the app needs neither a database nor a secret.
 */
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Nodemailer from "next-auth/providers/nodemailer";
import { getDb } from "@/db";
import { isDatabaseUnavailable } from "@/db/errors";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { authConfig } from "./config";
import { clientIp, credentialsSchema, verifyCredentials } from "./credentials";

/** Too many wrong passwords: the sign-in page explains and says when to retry. */
class ThrottledSignin extends CredentialsSignin {
  code = "throttled";
}

/** The database isn't answering: not the reader's password, and the form says so. */
class UnavailableSignin extends CredentialsSignin {
  code = "unavailable";
}

/** Which ways of signing in this deployment offers (the login page shows only those). */
export function getSignInOptions(): { github: boolean; emailLink: boolean } {
  const env = getEnv();
  return { github: !!(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET), emailLink: !!env.SMTP_URL };
}

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const options = getSignInOptions();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const result = await verifyCredentials(getDb(), { ...parsed.data, ip: clientIp(request.headers) }).catch((err: unknown) => {
          throw isDatabaseUnavailable(err) ? new UnavailableSignin() : err;
        });
        if (result.ok) {
          const { id, name, email, image } = result.user;
          return { id, name, email, image };
        }
        if (result.reason === "throttled") throw new ThrottledSignin();
        return null;
      },
    }),
  ];
  if (options.github) providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  if (options.emailLink && env.SMTP_URL) {
    providers.push(Nodemailer({ server: env.SMTP_URL, from: env.EMAIL_FROM ?? "Concordance <no-reply@localhost>" }));
  }
  return {
    ...authConfig,
    adapter: DrizzleAdapter(getDb(), {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    providers,
    secret: env.AUTH_SECRET,
    trustHost: env.AUTH_TRUST_HOST === "true" || env.NODE_ENV !== "production",
    logger: {
      // A wrong password is an expected outcome, not a server error worth a stack trace.
      error(error) {
        if (error instanceof CredentialsSignin) return;
        console.error(error);
      },
    },
  };
}

export const {
  handlers: { GET, POST },
  auth,
  signIn,
  signOut,
} = NextAuth(() => buildConfig());
