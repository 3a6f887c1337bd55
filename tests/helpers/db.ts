/**
 * A fresh database per test file, cloned from the migrated template. Refuses to
 * touch anything that isn't a `test_` database on the run's throw-away server.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { closeDb, getDb, type Db } from "@/db";
import { isAlive } from "@/lib/cli/locks";
import { readDerivation } from "@/lib/concepts/derivation";
import { resetEnvCache } from "@/lib/env";

export function useTestDatabase(): { db: () => Db; url: () => string } {
  const serverUrl = inject("pgServerUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const url = serverUrl.replace(/\/postgres$/, `/${name}`);

  beforeAll(async () => {
    if (!/^test_[0-9a-f]+$/.test(name)) throw new Error(`refusing to use non-test database ${name}`);
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template test_template`);
    await admin.end();
    process.env.DATABASE_URL = url;
    resetEnvCache();
    await closeDb();
  });

  afterAll(async () => {
    // A background concepts pass started by a test's ingest (lib/concepts/background.ts) ends
    // with its file: it would lose its database below, and take CPU from the files after it.
    const { backgroundPid } = await readDerivation(getDb()).catch(() => ({ backgroundPid: null }));
    for (const until = Date.now() + 120_000; backgroundPid && isAlive(backgroundPid) && Date.now() < until; )
      await new Promise((r) => setTimeout(r, 200));
    await closeDb();
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  return { db: getDb, url: () => url };
}
