/**
 * npm run reindex
 * Rebuilds the search index (the built-in one, and Meilisearch when MEILI_HOST
 * is set) from Postgres. Searches keep answering from the old index until the
 * new one is complete.
 */
import { getDb } from "@/db";
import { runWithDatabase } from "@/lib/cli/run";
import { getConfiguredEngineName } from "@/lib/search";
import { rebuildSearchIndex } from "@/lib/search/sync";

void runWithDatabase(async () => {
  process.stderr.write(`Rebuilding the search index (engine: ${getConfiguredEngineName()})…\n`);
  await rebuildSearchIndex(getDb(), (message) => process.stderr.write(`  ${message}\n`));
  process.stderr.write("Done.\n");
  return 0;
});
