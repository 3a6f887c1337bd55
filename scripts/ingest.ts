/**
 * npm run ingest -- <file|dir>... [--dry-run] [--json]
 * The author's one command for adding and updating issues.
 */
import { Command } from "commander";
import cliProgress from "cli-progress";
import { getDb } from "@/db";
import { runWithDatabase } from "@/lib/cli/run";
import { ingestPaths, type IngestSummary } from "@/lib/ingest/pipeline";
import type { IngestOutcome } from "@/lib/ingest/types";

const program = new Command()
  .name("ingest")
  .description("Ingest newsletter issues into Concordance")
  .argument("<paths...>", "files or directories to ingest")
  .option("--dry-run", "report what would change without writing anything")
  .option("--json", "print a machine-readable summary on stdout")
  .option("--verbose", "print a line for every issue, not only failures")
  .showHelpAfterError();

program.parse();
const opts = program.opts<{ dryRun?: boolean; json?: boolean; verbose?: boolean }>();
const paths = program.args;

function line(o: IngestOutcome): string {
  const what = o.slug ? `${o.slug}${o.revision && o.revision > 1 ? ` (revision ${o.revision})` : ""}` : "";
  return o.status === "failed" ? `✗ ${o.source}: ${o.error}` : `${o.status.padEnd(9)} ${what}  ← ${o.source}`;
}

function printSummary(summary: IngestSummary, dryRun: boolean): void {
  const { counts, durationMs } = summary;
  const rows: [string, string][] = [
    ["new", String(counts.new)],
    ["updated", String(counts.updated)],
    ["unchanged", String(counts.unchanged)],
    ["failed", String(counts.failed)],
    ["time", `${(durationMs / 1000).toFixed(2)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stderr.write(`\n${dryRun ? "Dry run — nothing was written.\n" : ""}`);
  for (const [k, v] of rows) process.stderr.write(`  ${k.padEnd(width)}  ${v.padStart(8)}\n`);
}

void runWithDatabase(async () => {
  const interactive = process.stderr.isTTY && !opts.json;
  const bar = interactive
    ? new cliProgress.SingleBar(
        { format: "ingest {bar} {value}/{total} files | {rate}/s | ETA {eta_formatted}", etaBuffer: 50, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const started = Date.now();
  // On a terminal, a message clears the bar's line; the bar redraws on its next update.
  const log = (text: string) => process.stderr.write(`${bar ? "\r\x1b[K" : ""}${text}\n`);

  const summary = await ingestPaths(getDb(), paths, { dryRun: opts.dryRun }, {
    onStart: (total) => bar?.start(total, 0, { rate: "0.0" }),
    onOutcome: (o) => {
      if (o.status === "failed" || opts.verbose) log(line(o));
      else if (!bar && !opts.json) process.stderr.write(`${line(o)}\n`);
    },
    onSourceDone: () => {
      const secs = (Date.now() - started) / 1000;
      bar?.increment(1, { rate: ((bar.getProgress() * bar.getTotal() + 1) / Math.max(secs, 0.001)).toFixed(1) });
    },
  });
  bar?.stop();

  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ dryRun: !!opts.dryRun, ...summary }, null, 2)}\n`);
  } else {
    printSummary(summary, !!opts.dryRun);
  }
  return summary.counts.failed > 0 ? 1 : 0;
}, { quiet: !!opts.json });
