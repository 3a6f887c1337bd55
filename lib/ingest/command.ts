/**
 * The work of one `npm run ingest`, wherever it runs — in the command's own process, or in the
 * running app's launcher it was handed to (lib/ingest/handoff.ts): store the issues and their
 * derived data, then start the corpus-wide concept re-derivation a quick run left due.
 */
import type { Db } from "@/db";
import { registerUser } from "@/db/embedded";
import { startBackgroundPass, type BackgroundPass } from "@/lib/concepts/background";
import type { IngestEvents } from "./group";
import { ingestPaths, type IngestSummary } from "./pipeline";
import { toIngestOptions, type IngestRequest } from "./request";

/** Where the work runs: its data directory, and the database the user configured (undefined: the embedded server in that directory). */
export type IngestPlace = { dataDir: string; configuredDatabaseUrl: string | undefined };

/** Throws UsageError (a bad option) and BoilerplateKeepError (a --keep-boilerplate text that matches nothing). */
export async function runIngest(
  db: Db,
  request: IngestRequest,
  events: IngestEvents,
  place: IngestPlace,
): Promise<{ summary: IngestSummary; background?: BackgroundPass }> {
  const summary = await ingestPaths(db, request.inputs, toIngestOptions(request), events);
  if (!summary.conceptsPending || request.dryRun) return { summary };
  try {
    const background = await startBackgroundPass(db, place.dataDir, place.configuredDatabaseUrl, (pid) => {
      if (!place.configuredDatabaseUrl) registerUser(place.dataDir, pid);
    });
    return { summary, background };
  } catch (err) {
    summary.stageErrors.push(
      `concepts: could not start the background re-derivation (${err instanceof Error ? err.message : String(err)}); run \`npm run concepts -- refresh\``,
    );
    return { summary };
  }
}
