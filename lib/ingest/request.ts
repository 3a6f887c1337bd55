/**
 * What the author asked `npm run ingest` for, as plain data: read from the command line, checked
 * once, and either run in the command's own process or handed to the running app
 * (lib/ingest/handoff.ts), which checks it again. Kept free of the database, the parsers and zod
 * so the command can decide where to run before loading them.
 */
import path from "node:path";
import { parsePartialDate, type PartialDate } from "./dates";
import type { IngestOptions } from "./group";
import type { InputFormat } from "./types";

export type IngestRequest = {
  inputs: string[];
  dryRun: boolean;
  format?: InputFormat;
  boilerplate: string[];
  keepBoilerplate: string[];
  date?: string;
  year?: string;
  wait: boolean;
};

/** A mistake in how the command was called: said before anything runs, with exit code 2. */
export class UsageError extends Error {}

/** `--boilerplate` patterns as regular expressions; a bad one is a usage error. */
export function compilePatterns(sources: string[]): RegExp[] {
  return sources.map((source) => {
    try {
      return new RegExp(source, "gi");
    } catch (err) {
      throw new UsageError(
        `invalid boilerplate pattern ${JSON.stringify(source)}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  });
}

/** `--date` / `--year` as a date; a bad value is a usage error. */
function runDate(request: IngestRequest): PartialDate | undefined {
  if (request.date && request.year) throw new UsageError("give --date or --year, not both");
  if (request.year) {
    const year = parsePartialDate(request.year);
    if (year?.precision !== "year") throw new UsageError(`--year ${request.year}: not a year (e.g. --year 2020)`);
    return year;
  }
  if (request.date) {
    const date = parsePartialDate(request.date);
    if (!date || date.precision === "year")
      throw new UsageError(`--date ${request.date}: not a date (YYYY-MM-DD, or YYYY-MM; --year for a year)`);
    return date;
  }
  return undefined;
}

/** The pipeline's options for a request (throws UsageError). */
export function toIngestOptions(request: IngestRequest): IngestOptions {
  return {
    dryRun: request.dryRun,
    format: request.format,
    boilerplatePatterns: compilePatterns(request.boilerplate),
    keepBoilerplate: request.keepBoilerplate,
    date: runDate(request),
    quickConcepts: !request.wait,
  };
}

/** Inputs that name files, as absolute paths (URLs as given): the same sources from any working directory. */
export function absoluteInputs(inputs: string[], cwd: string): string[] {
  return inputs.map((input) => (/^https?:\/\//i.test(input) ? input : path.resolve(cwd, input)));
}
