/**
 * A database to evaluate or benchmark search on: by default a throw-away
 * embedded PostgreSQL with the given inputs ingested through the author's own
 * pipeline (so every derived stage runs: concepts, search index); with
 * `useConfigured`, the configured database as it is.
 *
 * With MEILI_HOST set, a throw-away run indexes into its own prefixed
 * Meilisearch index and deletes it afterwards, so a real index is never touched.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { Meilisearch } from "meilisearch";
import { closeDb, getDb, type Db } from "@/db";
import { connectDatabase, migrateDb } from "@/db/connect";
import { startOrAttachEmbedded } from "@/db/embedded";
import { getEnv, resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { indexName } from "@/lib/search/meilisearch";
import { rebuildSearchIndex } from "@/lib/search/sync";

export const CORPUS_DIR = path.resolve(__dirname, "..", "..", "..", "shared", "corpus");

export function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function hasFlag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

export async function withSearchDatabase<T>(
  options: {
    useConfigured: boolean;
    inputs: string[];
    log?: (m: string) => void;
    /** Keep the embedded database in this directory between runs (a second run finds the inputs unchanged). */
    keepDir?: string;
    /** With keepDir: when the kept database already holds issues, use it as it is (no ingest). */
    reuse?: boolean;
  },
  work: (db: Db) => Promise<T>,
): Promise<T> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  if (options.useConfigured) {
    const connection = await connectDatabase({ quiet: true });
    try {
      return await work(getDb());
    } finally {
      await connection.release();
    }
  }

  const dir = options.keepDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "concordance-search-"));
  fs.mkdirSync(dir, { recursive: true });
  const server = await startOrAttachEmbedded(dir, { quiet: true });
  const prefix = `eval_${randomBytes(4).toString("hex")}_`;
  try {
    await migrateDb(server.url);
    process.env.DATABASE_URL = server.url;
    if (process.env.MEILI_HOST) process.env.MEILI_INDEX_PREFIX = prefix;
    resetEnvCache();
    if (options.keepDir && options.reuse) {
      const [row] = (await getDb().execute(sql`select count(*)::int as n from issues`)) as unknown as { n: number }[];
      if ((row?.n ?? 0) > 0) {
        log(`using the ${row!.n} issues already in ${dir}`);
        // Each run has its own Meilisearch index (and deletes it afterwards): build it from the kept documents.
        if (process.env.MEILI_HOST) await rebuildSearchIndex(getDb(), log);
        return await work(getDb());
      }
    }
    const started = performance.now();
    const summary = await ingestPaths(getDb(), options.inputs, {}, { onStageMessage: (m) => log(`  ${m}`) });
    const stored = summary.counts.new + summary.counts.updated + summary.counts.unchanged;
    log(
      `ingested ${stored} issues (${summary.counts.failed} failed) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return await work(getDb());
  } finally {
    const env = getEnv();
    if (env.MEILI_HOST) {
      const client = new Meilisearch({ host: env.MEILI_HOST, apiKey: env.MEILI_API_KEY });
      await client.deleteIndexIfExists(indexName(prefix)).catch(() => undefined);
    }
    await closeDb();
    await server.stop();
    if (!options.keepDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
