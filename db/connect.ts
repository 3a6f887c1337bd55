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
import { closeDb } from "./index";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export async function migrateDb(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
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
}> {
  const configured = getEnv().DATABASE_URL;
  if (configured) {
    await migrateDb(configured);
    return { url: configured, embedded: false, release: closeDb };
  }
  const handle = await startOrAttachEmbedded(getDataDir(), options);
  process.env.DATABASE_URL = handle.url;
  resetEnvCache();
  await migrateDb(handle.url);
  return {
    url: handle.url,
    embedded: true,
    release: async () => {
      await closeDb();
      await handle.stop();
    },
  };
}

