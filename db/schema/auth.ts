import { bigserial, boolean, index, integer, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";

// The tables @auth/drizzle-adapter expects, plus our own columns on users.

export const users = pgTable("users", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  email: text("email").unique(),
  emailVerified: timestamp("email_verified", { mode: "date" }),
  image: text("image"),
  /** argon2id hash; null for accounts that only sign in through OAuth or email links. */
  passwordHash: text("password_hash"),
  /**
   * The role given from the command line (`npm run users`): "author" grants it, "reader"
   * takes it away even from an address in AUTHOR_EMAILS; null leaves it to AUTHOR_EMAILS
   * plus a proven address (emailVerified).
   */
  roleGrant: text("role_grant").$type<"author" | "reader">(),
  /** Part of every session token; raising it ends all of the account's sessions (password change). */
  sessionVersion: integer("session_version").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable("sessions", {
  sessionToken: text("session_token").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp("expires", { mode: "date" }).notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/**
 * Every password sign-in attempt, kept for throttling: repeated failures for one
 * email (or from one address) make the next attempt wait, longer each time.
 * An attempt is recorded as failed before its password is checked and marked
 * succeeded after, so parallel guesses count. Stored in Postgres so the limit
 * holds across processes and restarts; purged after a day.
 */
export const authAttempts = pgTable(
  "auth_attempts",
  {
    id: serial("id").primaryKey(),
    /** Lower-cased email the attempt was for (whether or not such a user exists). */
    email: text("email").notNull(),
    /** The client address (TRUST_PROXY) or "*" for the one shared bucket when addresses aren't known. */
    ip: text("ip"),
    succeeded: boolean("succeeded").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("auth_attempts_email_idx").on(t.email, t.createdAt),
    index("auth_attempts_ip_idx").on(t.ip, t.createdAt),
    index("auth_attempts_created_idx").on(t.createdAt),
  ],
);

/**
 * Sessions ended before their token expired (sign-out). Session tokens are JWTs, so
 * a copy of one stays valid until it is listed here; rows are dropped once the
 * token would have expired anyway.
 */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);

/**
 * Sign-ups waiting for their address to be confirmed (only when email is
 * configured): the account is created from this row when the emailed link is
 * used, so nobody can claim an address they can't read. Only a hash of the
 * link's token is stored.
 */
export const pendingSignups = pgTable(
  "pending_signups",
  {
    tokenHash: text("token_hash").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("pending_signups_email_idx").on(t.email), index("pending_signups_expires_idx").on(t.expiresAt)],
);

/**
 * One row per counted action (an annotation created, a sign-up) under a key such
 * as `annotations:user:<id>`, for sliding-window rate limits (lib/api/rate-limit.ts).
 * Rows older than the longest window are purged.
 */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("rate_limit_hits_key_idx").on(t.key, t.createdAt),
    index("rate_limit_hits_created_idx").on(t.createdAt),
  ],
);

/**
 * Password-reset links sent by email: only a hash of the link's token is
 * stored; a link works once, until it expires, and any newer password (or a
 * used link) spends every other link of the account.
 */
export const passwordResets = pgTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("password_resets_user_idx").on(t.userId), index("password_resets_expires_idx").on(t.expiresAt)],
);

export type User = typeof users.$inferSelect;
