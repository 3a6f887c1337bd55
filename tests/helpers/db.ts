/**
 * A fresh database per test file, cloned from the migrated template. Refuses to
 * touch anything that isn't a `test_` database on the run's throw-away server.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { closeDb, getDb, type Db } from "@/db";
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
    await closeDb();
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  return { db: getDb, url: () => url };
}
