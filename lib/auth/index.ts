/**
 * Auth.js, fully configured: the database adapter and the providers this
 * deployment has. Email + password always; GitHub when AUTH_GITHUB_ID/SECRET
 * are set; email sign-in links when SMTP_URL is set. Initialised lazily so
 * building the app needs neither a database nor a secret.
 *
 * Every request's session token is checked against the database here (the
 * jwt callback): a signed-out or superseded session ends, and the role is
 * read fresh (lib/auth/accounts.ts).
 */
import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Nodemailer from "next-auth/providers/nodemailer";
import { z } from "zod";
import { getDb } from "@/db";
import { isDatabaseUnavailable } from "@/db/errors";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { findCause, redactForLog } from "@/lib/api/errors";
import { getEnv } from "@/lib/env";
import { SESSION_MAX_AGE_SECONDS, checkSession, endSession, newSessionClaims, roleOf } from "./accounts";
import { authConfig } from "./config";
import { credentialsSchema, verifyCredentials } from "./credentials";
import { clientAddress } from "./client-address";
import { safeRedirectUrl } from "./return-path";
import { MailLimitError, confirmSignUp, mayEmail } from "./signup";

/**
 * A refused password sign-in whose reason the form shows: `code` is
 * `throttled:<limit>:<seconds>`, `busy`, or `confirm:<reason>` for a spent
 * confirmation link.
 */
class ExplainedSignin extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

/** The database isn't answering: not the reader's password, and the form says so. */
class UnavailableSignin extends CredentialsSignin {
  code = "unavailable";
}

const confirmSchema = z.object({ confirmToken: z.string().min(1).max(200) });

/** Which ways of signing in this deployment offers (the login page shows only those). */
export function getSignInOptions(): { github: boolean; emailLink: boolean } {
  const env = getEnv();
  return { github: !!(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET), emailLink: !!env.SMTP_URL };
}

/**
 * A sender of sign-in links that first checks the inbox's email limit (MailLimitError past it).
 * Auth.js awaits other work (hashing the token) before it awaits the sender's promise, so a refusal
 * settling in between would be an unhandled rejection (Next's server logs it as an error; a plain
 * Node process exits on one; the test runner fails the run): the promise is marked handled here,
 * and Auth.js still receives the refusal when it awaits it.
 */
export function withinMailLimit<P extends { identifier: string }>(send: (params: P) => unknown) {
  return (params: P): Promise<void> => {
    const sending = (async () => {
      const allowed = await mayEmail(getDb(), params.identifier.toLowerCase());
      if (!allowed.ok) throw new MailLimitError(allowed.retryAfterSeconds);
      await send(params);
    })();
    sending.catch(() => {});
    return sending;
  };
}

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const options = getSignInOptions();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        // The link that confirms a sign-up signs its new account in.
        const confirm = confirmSchema.safeParse(raw);
        if (confirm.success) {
          const confirmed = await confirmSignUp(getDb(), confirm.data.confirmToken);
          if (!confirmed.ok) throw new ExplainedSignin(`confirm:${confirmed.reason}`);
          const { id, name, email, image } = confirmed.user;
          return { id, name, email, image };
        }
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const result = await verifyCredentials(getDb(), {
          ...parsed.data,
          client: clientAddress(request.headers),
        }).catch((err: unknown) => {
          throw isDatabaseUnavailable(err) ? new UnavailableSignin() : err;
        });
        if (result.ok) {
          const { id, name, email, image } = result.user;
          return { id, name, email, image };
        }
        if (result.reason === "throttled")
          throw new ExplainedSignin(`throttled:${result.limit}:${result.retryAfterSeconds}`);
        if (result.reason === "busy") throw new ExplainedSignin("busy");
        return null;
      },
    }),
  ];
  if (options.github) providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  if (options.emailLink && env.SMTP_URL) {
    const mail = { server: env.SMTP_URL, from: env.EMAIL_FROM ?? "Concordance <no-reply@localhost>" };
    const send = Nodemailer(mail).sendVerificationRequest;
    providers.push(
      Nodemailer({
        ...mail,
        // Sign-in links count against the inbox's email limit, however they are asked for.
        sendVerificationRequest: withinMailLimit(send),
      }),
    );
  }
  return {
    ...authConfig,
    session: { ...authConfig.session, maxAge: SESSION_MAX_AGE_SECONDS },
    callbacks: {
      ...authConfig.callbacks,
      async jwt({ token, user }) {
        const db = getDb();
        if (user?.id) {
          // A new session: it gets its own id and the account's current session version.
          Object.assign(token, await newSessionClaims(db, user.id));
        }
        const account = await checkSession(db, token);
        if (!account) return null;
        token.name = account.name;
        token.email = account.email;
        token.role = roleOf(account).role;
        return token;
      },
      redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, baseUrl);
      },
    },
    events: {
      async signOut(message) {
        if ("token" in message && message.token) await endSession(getDb(), message.token);
      },
    },
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
        if (error instanceof CredentialsSignin || findCause(error, MailLimitError)) return;
        console.error(redactForLog(error));
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
