/**
 * npm run ingest -- <file|dir|glob|zip|feed-url>... [--format f] [--dry-run] [--json] [--verbose] [--boilerplate re] [--keep-boilerplate text] [--date d | --year y] [--wait]
 * The author's one command for adding and updating issues. Exit code 0 when
 * every input was ingested, 1 when anything failed (2 for usage errors).
 *
 * A few added or edited issues get their concepts placed at once and the corpus-wide
 * re-derivation is started in the background (lib/concepts/background.ts); `--wait` runs it
 * before returning instead.
 */
import { Command, Option } from "commander";
import cliProgress from "cli-progress";
import { getDb } from "@/db";
import { registerUser } from "@/db/embedded";
import { startBackgroundPass, type BackgroundPass } from "@/lib/concepts/background";
import { getDataDir } from "@/lib/env";
import { createStepBars } from "@/lib/cli/progress";
import { runWithDatabase } from "@/lib/cli/run";
import { BoilerplateKeepError, compilePatterns } from "@/lib/ingest/boilerplate";
import { parsePartialDate, type PartialDate } from "@/lib/ingest/dates";
import { INPUT_FORMATS, type InputFormat } from "@/lib/ingest/parse";
import { ingestPaths, type IngestSummary } from "@/lib/ingest/pipeline";
import type { IngestOutcome } from "@/lib/ingest/types";

// Milliseconds since the process started: Node, tsx and every module this command imports.
const importedAt = performance.now();
let connectStarted = 0;

const program = new Command()
  .name("ingest")
  .description(
    "Ingest newsletter issues into Concordance: Markdown, HTML (posts and multi-issue books), RSS/Atom feeds, Substack exports",
  )
  .argument("<inputs...>", "files, folders, globs, .zip exports or feed URLs")
  .addOption(
    new Option("--format <format>", "read every input as this format instead of detecting it").choices([
      ...INPUT_FORMATS,
    ]),
  )
  .option("--dry-run", "report what would change without writing anything")
  .option("--json", "print a machine-readable summary on stdout")
  .option("--verbose", "print a line for every issue and what cleaning removed from it")
  .option(
    "--boilerplate <regex>",
    "also drop blocks consisting only of this phrase (repeatable)",
    (v: string, all: string[]) => [...all, v],
    [] as string[],
  )
  .option(
    "--keep-boilerplate <text>",
    "a block learned as boilerplate is writing after all: keep it from now on (the start of its text; repeatable)",
    (v: string, all: string[]) => [...all, v],
    [] as string[],
  )
  .option("--date <date>", "the date of every issue read that has none of its own (YYYY-MM-DD, or YYYY-MM)")
  .option("--year <year>", "the year of every issue read that has no date of its own")
  .option(
    "--wait",
    "re-derive concepts across the whole archive before returning, instead of in the background after a few added or edited issues",
  )
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program.parse();
const opts = program.opts<{
  format?: InputFormat;
  dryRun?: boolean;
  json?: boolean;
  verbose?: boolean;
  boilerplate: string[];
  keepBoilerplate: string[];
  date?: string;
  year?: string;
  wait?: boolean;
}>();
const inputs = program.args;
// As the user configured it: connecting to the embedded server sets it for this process only.
const configuredDatabaseUrl = process.env.DATABASE_URL;
// A bad pattern is a usage error: said before anything starts, with the usage-error code.
let patterns: RegExp[] = [];
try {
  patterns = compilePatterns(opts.boilerplate);
} catch (err) {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}

function usage(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

/** `--date` / `--year` as a date; a bad value is a usage error. */
function runDate(): PartialDate | undefined {
  if (opts.date && opts.year) usage("give --date or --year, not both");
  if (opts.year) {
    const year = parsePartialDate(opts.year);
    if (year?.precision !== "year") usage(`--year ${opts.year}: not a year (e.g. --year 2020)`);
    return year;
  }
  if (opts.date) {
    const date = parsePartialDate(opts.date);
    if (!date || date.precision === "year")
      usage(`--date ${opts.date}: not a date (YYYY-MM-DD, or YYYY-MM; --year for a year)`);
    return date;
  }
  return undefined;
}

const date = runDate();
connectStarted = performance.now();

function line(o: IngestOutcome): string {
  if (o.status === "failed") return `✗ ${o.source}: ${o.error}`;
  const what = o.slug ? `${o.slug}${o.revision && o.revision > 1 ? ` (revision ${o.revision})` : ""}` : "";
  return `${o.status.padEnd(9)} ${what}  ← ${o.source}`;
}

function removalLines(o: IngestOutcome): string[] {
  return (o.removed ?? []).map((r) => `    − ${r.reason}: ${r.text.length > 100 ? `${r.text.slice(0, 97)}…` : r.text}`);
}

function printSummary(summary: IngestSummary, dryRun: boolean, verbose: boolean): void {
  const { counts, durationMs } = summary;
  const issues = counts.new + counts.updated + counts.unchanged;
  const rows: [string, string][] = [
    ["new", String(counts.new)],
    ["updated", String(counts.updated)],
    ["unchanged", String(counts.unchanged)],
    ["failed", String(counts.failed)],
    ["time", `${(durationMs / 1000).toFixed(2)} s`],
    ["rate", `${(issues / Math.max(durationMs / 1000, 0.001)).toFixed(1)} issues/s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stderr.write(`\n${dryRun ? "Dry run — nothing was written.\n" : ""}`);
  for (const [k, v] of rows) process.stderr.write(`  ${k.padEnd(width)}  ${v.padStart(16)}\n`);
  for (const e of summary.stageErrors) process.stderr.write(`  ✗ ${e}\n`);
  const { images, issues: withMissing } = summary.missingImages;
  if (images > 0) {
    process.stderr.write(
      `\n${images} image${images === 1 ? "" : "s"} in ${withMissing} issue${withMissing === 1 ? "" : "s"} could not be found beside ${withMissing === 1 ? "its source" : "their sources"} and ${images === 1 ? "was" : "were"} left out${verbose ? "" : " (--verbose lists them)"}.\n`,
    );
  }
  const samples = summary.samplesRemoved;
  if (samples && samples.deleted.length + samples.withdrawn.length > 0) {
    const n = samples.deleted.length + samples.withdrawn.length;
    process.stderr.write(
      `\n${dryRun ? "Would remove" : "Removed"} the ${n} sample issue${n === 1 ? "" : "s"}: your own issues take their place.\n`,
    );
    if (samples.withdrawn.length > 0) {
      process.stderr.write(
        `  ${samples.withdrawn.length} had readers' annotations: ${dryRun ? "they would be" : "they are"} withdrawn, not deleted, and the annotations kept.\n`,
      );
    }
  }
  const withdrawn = summary.outcomes.filter((o) => o.withdrawn);
  if (withdrawn.length > 0) {
    process.stderr.write(
      `\n${withdrawn.length} issue${withdrawn.length === 1 ? " was" : "s were"} left alone because you deleted ${withdrawn.length === 1 ? "it" : "them"}:\n`,
    );
    for (const o of withdrawn.slice(0, 10)) process.stderr.write(`  ${o.slug}\n`);
    if (withdrawn.length > 10) process.stderr.write(`  … and ${withdrawn.length - 10} more\n`);
    process.stderr.write(`Bring one back with: npm run issues -- restore <slug>\n`);
  }
  for (const text of summary.keptBoilerplate)
    process.stderr.write(`  kept as writing from now on: ${text.length > 90 ? `${text.slice(0, 87)}…` : text}\n`);
  if (summary.learnedBoilerplate.length > 0) {
    process.stderr.write(`\nLearned as boilerplate (it recurs at the start or end of issues) and removed from them:\n`);
    for (const b of summary.learnedBoilerplate) {
      process.stderr.write(`  ${b.issues} issues  ${b.text.length > 90 ? `${b.text.slice(0, 87)}…` : b.text}\n`);
    }
    process.stderr.write(
      `If one of these is writing, re-run with --keep-boilerplate "<its first words>" to put it back.\n`,
    );
  }
}

void runWithDatabase(
  async () => {
    // Where the time before the first issue went: process start and imports, then the database
    // (starting or attaching to the embedded server, the migrations check).
    const startup = { importsMs: importedAt, databaseMs: performance.now() - connectStarted };
    const interactive = process.stderr.isTTY && !opts.json;
    const bar = interactive
      ? new cliProgress.SingleBar(
          {
            format:
              "ingest {bar} {value}/{total} sources | {issues} issues | {rate} issues/s | ETA {eta_formatted} {phase}",
            etaBuffer: 50,
            hideCursor: true,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    // After the issues are stored, the derived stages' long steps (reading issues for concepts,
    // writing mentions, indexing documents) get a bar each.
    const stageBars = interactive ? createStepBars() : undefined;
    let sourcesDone = false;
    const started = Date.now();
    let issues = 0;
    const payload = (phase = "") => ({
      issues,
      rate: (issues / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(1),
      phase,
    });
    // On a terminal a message clears the bar's line; the bar redraws on its next update.
    const log = (text: string) => {
      if (opts.json) return;
      process.stderr.write(`${bar ? "\r\x1b[K" : ""}${text}\n`);
    };

    const ingestOptions = {
      dryRun: opts.dryRun,
      format: opts.format,
      boilerplatePatterns: patterns,
      keepBoilerplate: opts.keepBoilerplate,
      date,
      quickConcepts: !opts.wait,
    };
    let summary: IngestSummary;
    try {
      summary = await ingestPaths(getDb(), inputs, ingestOptions, {
        onStart: (total) => bar?.start(total, 0, payload()),
        onOutcome: (o) => {
          if (o.status !== "failed") issues += 1;
          // Failures always get their line; others on a plain stream or with --verbose.
          if (o.status === "failed" || opts.verbose || !bar) log(line(o));
          for (const w of o.warnings ?? []) log(`! ${o.source}: ${w}`);
          if (opts.verbose) for (const l of removalLines(o)) log(l);
          if (opts.verbose) for (const src of o.missingImages ?? []) log(`    − image not found: ${src}`);
        },
        onReading: (done, total) => bar?.update(payload(total > 1 ? `(reading ${done}/${total})` : "")),
        onSourceDone: () => bar?.increment(1, payload()),
        onStageMessage: (m) => log(m),
        onStageProgress: (stage, step, done, total) => {
          if (!stageBars) return;
          if (!sourcesDone) {
            sourcesDone = true;
            bar?.stop();
          }
          stageBars.update(`${stage}: ${step}`, done, total);
        },
      });
    } catch (err) {
      // A --keep-boilerplate text that matches nothing is a usage error, said before anything ran.
      if (!(err instanceof BoilerplateKeepError)) throw err;
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (!sourcesDone) bar?.stop();
    stageBars?.stop();

    // The corpus-wide concept re-derivation this run (or an earlier one that never finished) left due.
    let background: BackgroundPass | undefined;
    if (summary.conceptsPending && !opts.dryRun) {
      try {
        const dataDir = getDataDir();
        background = await startBackgroundPass(getDb(), dataDir, configuredDatabaseUrl, (pid) => {
          if (!configuredDatabaseUrl) registerUser(dataDir, pid);
        });
      } catch (err) {
        summary.stageErrors.push(
          `concepts: could not start the background re-derivation (${err instanceof Error ? err.message : String(err)}); run \`npm run concepts -- refresh\``,
        );
      }
    }

    if (opts.json) {
      const outcomes = opts.verbose ? summary.outcomes : summary.outcomes.map(({ removed: _r, ...o }) => o);
      process.stdout.write(
        `${JSON.stringify({ dryRun: !!opts.dryRun, ...summary, outcomes, startup, ...(background ? { conceptsBackground: background } : {}) }, null, 2)}\n`,
      );
    } else {
      printSummary(summary, !!opts.dryRun, !!opts.verbose);
      if (summary.conceptsPending)
        process.stderr.write(
          `\n${summary.conceptsPending.message[0]!.toUpperCase()}${summary.conceptsPending.message.slice(1)}: the new issues show the concepts already known now; ${background ? `the whole archive is re-derived in the background (pid ${background.pid}, log ${background.log})` : "run `npm run concepts -- refresh`"}.\n`,
        );
    }
    return summary.counts.failed > 0 || summary.stageErrors.length > 0 ? 1 : 0;
  },
  { quiet: !!opts.json },
);
