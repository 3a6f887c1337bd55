/**
 * One throw-away embedded PostgreSQL for the whole Vitest run. Migrations are
 * applied once to a template database; each test file clones its own database
 * from it (tests/helpers/db.ts), so files run in parallel without sharing rows.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrateDb } from "@/db/connect";
import { startOrAttachEmbedded } from "@/db/embedded";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}

export const TEMPLATE_DB = "test_template";

export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-test-"));
  const server = await startOrAttachEmbedded(dataDir, { quiet: true });
  const admin = postgres(server.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${TEMPLATE_DB}`);
  await admin.end();
  await migrateDb(server.url.replace(/\/postgres$/, `/${TEMPLATE_DB}`));
  project.provide("pgServerUrl", server.url);

  return async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
