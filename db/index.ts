/**
 * The one database client. Scripts and the launcher resolve the connection
 * string first (db/connect.ts), then everything uses `getDb()`.
 */
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase } from "drizzle-orm/pg-core";
import { drizzle, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { getEnv } from "@/lib/env";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;

/** The database or a transaction on it: what a function that only queries needs (a `Db` is one too). */
export type Queryable = PgDatabase<PostgresJsQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;

/**
 * A database that doesn't answer a connection attempt within this many seconds is
 * reported unavailable (API 503) instead of holding the request for postgres.js's 30 s.
 */
export const CONNECT_TIMEOUT_SECONDS = 3;

/**
 * Seconds postgres.js waits before a new connection attempt, after `retries` failed ones.
 * Its default grows to 20 s after a handful of failures, and a request arriving then waits
 * that long before even trying: during an outage answers would take 20 s, and for as long
 * again after the database is back. A short, capped pause keeps both quick.
 */
function reconnectBackoff(retries: number): number {
  return Math.min(0.05 * retries, 0.5);
}

type Holder = { db?: Db; client?: postgres.Sql };
// Cached on globalThis so Next's dev-mode module reloads don't open new pools.
const holder = globalThis as unknown as { __concordanceDb?: Holder };
const state: Holder = (holder.__concordanceDb ??= {});

export function getDb(): Db {
  if (!state.db) {
    const url = getEnv().DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Start the app with `npm start` (which provides the embedded database) or set DATABASE_URL.",
      );
    }
    state.client = postgres(url, {
      max: 10,
      onnotice: () => {},
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      backoff: reconnectBackoff,
    });
    state.db = drizzle(state.client, { schema });
  }
  return state.db;
}

export async function closeDb(): Promise<void> {
  const client = state.client;
  state.client = undefined;
  state.db = undefined;
  await client?.end({ timeout: 5 });
}
