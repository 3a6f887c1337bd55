/**
 * The part of the Auth.js configuration that runs anywhere, the edge included:
 * pages, JWT sessions and the callbacks that put the user's id in the session.
 * Providers that need Node (argon2, the database, SMTP) are added in ./index.ts.
 */
import type { DefaultSession, NextAuthConfig } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
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
      return session;
    },
  },
} satisfies NextAuthConfig;
