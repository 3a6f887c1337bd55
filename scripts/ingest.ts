/**
 * npm run ingest -- <file|dir|glob|zip|feed-url>... [--format f] [--dry-run] [--json] [--verbose] [--boilerplate re] [--keep-boilerplate text] [--date d | --year y] [--wait] [--in-process]
 * The author's one command for adding and updating issues. Exit code 0 when
 * every input was ingested, 1 when anything failed (2 for usage errors).
 *
 * A few added or edited issues get their concepts placed at once and the corpus-wide
 * re-derivation is started in the background (lib/concepts/background.ts); `--wait` runs it
 * before returning instead. While the app runs (`npm start`), a few files are handed to it
 * (lib/ingest/handoff.ts), which has everything loaded: this file imports only what deciding
 * that takes, and loads the pipeline when it runs the ingest itself. npm runs it bundled into one
 * file (scripts/cli.cjs): loading ~110 TypeScript modules through tsx took longer than the work.
 */
import { Command, Option } from "commander";
import { earlyEnv } from "@/lib/early-env";
import { absoluteInputs, type IngestRequest, toIngestOptions, UsageError } from "@/lib/ingest/request";
import { canHandOff, databaseIdentity, handOff, ingestSocketPath } from "@/lib/ingest/handoff";
import { createIngestView } from "@/lib/ingest/report";
import { INPUT_FORMATS, type InputFormat } from "@/lib/ingest/types";

// Milliseconds since the process started: Node, tsx or the bundle, and every module this command imports.
const importedAt = performance.now();

/** Defined (true) when scripts/cli.cjs runs this command from its bundle. */
declare const CONCORDANCE_BUNDLED: boolean | undefined;

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
  .option("--in-process", "run in this process even when the app is running (it takes a few files over otherwise)")
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
  inProcess?: boolean;
}>();
const inputs = program.args;
// As the user configured it: connecting to the embedded server sets it for this process only.
const { dataDir, databaseUrl: configuredDatabaseUrl } = earlyEnv();
const request: IngestRequest = {
  inputs,
  dryRun: !!opts.dryRun,
  format: opts.format,
  boilerplate: opts.boilerplate,
  keepBoilerplate: opts.keepBoilerplate,
  date: opts.date,
  year: opts.year,
  wait: !!opts.wait,
};
const view = createIngestView({ json: !!opts.json, verbose: !!opts.verbose, dryRun: request.dryRun });

function usage(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

/** The run in the app's launcher; undefined when no app took it. */
async function inTheApp(): Promise<number | undefined> {
  // A long run (--wait's whole re-derivation, folders, archives) stays out of the launcher.
  if (opts.inProcess || opts.wait || !canHandOff(inputs)) return undefined;
  const startedAt = performance.now();
  const result = await handOff(
    ingestSocketPath(dataDir),
    {
      request: { ...request, inputs: absoluteInputs(inputs, process.cwd()) },
      database: databaseIdentity(configuredDatabaseUrl),
    },
    view.events,
  );
  if (result.ran === "nowhere") {
    if (opts.verbose) view.say(`Running here: ${result.reason}.`);
    return undefined;
  }
  if (result.ran === "usage") usage(result.message);
  view.say(`Ran in the running app (pid ${result.pid}).`);
  view.finish(
    result.summary,
    { importsMs: importedAt, handoffMs: performance.now() - startedAt, ranIn: "app" },
    result.background,
  );
  return result.summary.counts.failed > 0 || result.summary.stageErrors.length > 0 ? 1 : 0;
}

/** The run in this process: connect (starting or attaching to the embedded database), ingest, release. */
async function here(): Promise<never> {
  const connectStarted = performance.now();
  // Started through tsx's require hook alone (`node --require tsx/cjs scripts/ingest.ts`), the
  // pipeline's dynamic imports need its ES-module loader too, registered here; npm runs the bundle
  // (scripts/cli.cjs), which loads no TypeScript, and `node --import tsx` has the loader already.
  const bundled = typeof CONCORDANCE_BUNDLED !== "undefined";
  if (!bundled && !/(^| )--import[= ]tsx( |$)/.test(process.execArgv.join(" ")))
    (await import("tsx/esm/api")).register();
  const [{ getDb }, { runWithDatabase }, { runIngest }, { BoilerplateKeepError }] = await Promise.all([
    import("@/db"),
    import("@/lib/cli/run"),
    import("@/lib/ingest/command"),
    import("@/lib/ingest/boilerplate"),
  ]);
  const loadedAt = performance.now();
  return runWithDatabase(
    async () => {
      // Where the time before the first issue went: process start and imports, then the database
      // (starting or attaching to the embedded server, the migrations check).
      const startup = {
        importsMs: importedAt + (loadedAt - connectStarted),
        databaseMs: performance.now() - loadedAt,
        ranIn: "command",
      };
      try {
        const { summary, background } = await runIngest(getDb(), request, view.events, {
          dataDir,
          configuredDatabaseUrl,
        });
        view.finish(summary, startup, background);
        return summary.counts.failed > 0 || summary.stageErrors.length > 0 ? 1 : 0;
      } catch (err) {
        // A --keep-boilerplate text that matches nothing is a usage error, said before anything ran.
        if (!(err instanceof BoilerplateKeepError)) throw err;
        process.stderr.write(`error: ${err.message}\n`);
        return 2;
      }
    },
    { quiet: !!opts.json },
  );
}

// A bad option is a usage error: said before anything starts, with the usage-error code.
try {
  toIngestOptions(request);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  usage(err.message);
}
void inTheApp().then(
  async (code) => (code === undefined ? here() : process.exit(code)),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
