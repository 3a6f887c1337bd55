/**
 * The part of the Auth.js configuration that runs anywhere, the edge included:
 * pages, JWT sessions and the callbacks that put the user's id in the session.
 * Providers that need Node (argon2, the database, SMTP) are added in ./index.ts.
 */
import type { DefaultSession, NextAuthConfig } from "next-auth";
import type { Role } from "./types";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** This session's id: listed in revoked_sessions once it is signed out. */
    sid?: string;
    /** The account's session version when the session began. */
    sv?: number;
    role?: Role;
  }
}

export const authConfig = {
  pages: { signIn: "/login", error: "/login", verifyRequest: "/login/check-email" },
  // The credentials provider only works with JWT sessions; the adapter still stores users and accounts.
  session: { strategy: "jwt" },
  providers: [],
  callbacks: {
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.user.role = token.role ?? "reader";
      return session;
    },
  },
} satisfies NextAuthConfig;
