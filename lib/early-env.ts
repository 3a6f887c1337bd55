/**
 * The settings a command reads before it decides what to load (scripts/ingest.ts hands small runs
 * to the running app): read as lib/env.ts reads them, without its validation of everything else,
 * because importing zod alone takes 0.3–0.6 s on these machines. lib/env.ts uses these too, so the
 * two agree.
 */
import path from "node:path";

type Source = Record<string, string | undefined>;

/** A setting as the validated environment has it: trimmed, blank as unset. */
function setting(source: Source, name: string): string | undefined {
  return source[name]?.trim() || undefined;
}

/** The data directory: CONCORDANCE_DATA_DIR, or `.data` in the working directory. */
export function dataDirFrom(value: string | undefined): string {
  return path.resolve(/*turbopackIgnore: true*/ value ?? ".data");
}

/** The data directory and the configured database (undefined: the embedded one there), unvalidated. */
export function earlyEnv(source: Source = process.env): { dataDir: string; databaseUrl: string | undefined } {
  return {
    dataDir: dataDirFrom(setting(source, "CONCORDANCE_DATA_DIR")),
    databaseUrl: setting(source, "DATABASE_URL"),
  };
}
