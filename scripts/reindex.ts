/**
 * npm run reindex
 * Rebuilds the search index (the built-in one, and Meilisearch when MEILI_HOST
 * is set) from Postgres. Searches keep answering from the old index until the
 * new one is complete. It runs as the derived stages' search step (asked to
 * rebuild), so concepts left stale by an interrupted run are caught up first
 * and the index is built from current concepts.
 */
import { getDb } from "@/db";
import { createStepBars } from "@/lib/cli/progress";
import { runWithDatabase } from "@/lib/cli/run";
import { noChanges } from "@/lib/ingest/stage-types";
import { runDerivedStages } from "@/lib/ingest/stages";
import { getConfiguredEngineName } from "@/lib/search";

void runWithDatabase(async () => {
  process.stderr.write(`Rebuilding the search index (engine: ${getConfiguredEngineName()})…\n`);
  const bars = createStepBars();
  let errors: string[];
  try {
    errors = await runDerivedStages(getDb(), noChanges(), {
      rebuild: { search: true },
      onMessage: bars?.log ?? ((message) => process.stderr.write(`  ${message}\n`)),
      onProgress: (stage, step, done, total) => bars?.update(`${stage}: ${step}`, done, total),
    });
  } finally {
    bars?.stop();
  }
  if (errors.length > 0) {
    process.stderr.write(`Failed: ${errors.join("; ")}\n`);
    return 1;
  }
  process.stderr.write("Done.\n");
  return 0;
});
