/**
 * npm run reindex
 * Rebuilds the search index (the built-in one, and Meilisearch when MEILI_HOST
 * is set) from Postgres. Searches keep answering from the old index until the
 * new one is complete. It runs the derived stages asked to rebuild from
 * scratch: concepts first, every issue re-read (the per-issue memo ignored and
 * rewritten), then the index, built from those concepts.
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
      rebuild: { concepts: true, search: true },
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
