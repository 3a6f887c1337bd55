/**
 * Resolving and preparing the database for a process (launcher, scripts, tests):
 * the configured server, or the embedded one; pending migrations applied.
 * Not imported by the web app, which is always handed a DATABASE_URL.
 */
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import postgres from "postgres";
import { getDataDir, getEnv, resetEnvCache } from "@/lib/env";
import { startOrAttachEmbedded } from "./embedded";
import { closeDb, CONNECT_TIMEOUT_SECONDS } from "./index";

const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** Any constant shared by every process migrating this database ("conc" in ASCII). */
const MIGRATION_LOCK_KEY = 0x636f6e63;

export async function migrateDb(url: string): Promise<void> {
  // One connection, so the session-level advisory lock covers the migrator's queries: processes
  // starting at once (an app and an ingest, two app instances) migrate one after the other.
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: CONNECT_TIMEOUT_SECONDS });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * Make DATABASE_URL usable: with none configured, start or attach to the
 * embedded server. Applies pending migrations. Returns a function that releases
 * what this process started.
 */
export async function connectDatabase(options: { quiet?: boolean } = {}): Promise<{
  url: string;
  embedded: boolean;
  release: () => Promise<void>;
  /** The embedded server only: start it again on the same address if it died (true when it had to). */
  ensureRunning?: () => Promise<boolean>;
}> {
  const configured = getEnv().DATABASE_URL;
  if (configured) {
    await migrateDb(configured);
    return { url: configured, embedded: false, release: closeDb };
  }
  const handle = await startOrAttachEmbedded(getDataDir(), options);
  process.env.DATABASE_URL = handle.url;
  resetEnvCache();
  try {
    await migrateDb(handle.url);
  } catch (err) {
    await handle.stop().catch(() => {});
    throw err;
  }
  return {
    url: handle.url,
    embedded: true,
    release: async () => {
      await closeDb();
      await handle.stop();
    },
    ensureRunning: async () => !handle.isRunning() && (await handle.ensureRunning()),
  };
}
