/**
 * What `npm run ingest` shows the author while it runs and when it is done: a progress bar (on a
 * terminal), a line per failure (per issue with --verbose), then the summary — or the summary as
 * JSON. The same view whether the work ran in the command's process or in the running app's
 * (lib/ingest/handoff.ts), which sends it the same events.
 */
import cliProgress from "cli-progress";
import type { BackgroundPass } from "@/lib/concepts/background";
import { createStepBars } from "@/lib/cli/progress";
import type { IngestEvents } from "./group";
import type { IngestSummary } from "./pipeline";
import type { IngestOutcome } from "./types";

export type ViewOptions = { json: boolean; verbose: boolean; dryRun: boolean };

/** Where the time before the first issue went (milliseconds), for `--json`. */
export type Startup = Record<string, number | string>;

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

/**
 * The events that draw the run as it goes, and `finish`, which prints its end. `say` prints a line
 * of the command's own (not in --json), without a bar drawing over it.
 */
export function createIngestView(options: ViewOptions): {
  events: IngestEvents;
  say: (text: string) => void;
  finish: (summary: IngestSummary, startup: Startup, background?: BackgroundPass) => void;
} {
  const interactive = process.stderr.isTTY && !options.json;
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
  const say = (text: string) => {
    if (options.json) return;
    process.stderr.write(`${bar ? "\r\x1b[K" : ""}${text}\n`);
  };

  const events: IngestEvents = {
    onStart: (total) => bar?.start(total, 0, payload()),
    onOutcome: (o) => {
      if (o.status !== "failed") issues += 1;
      // Failures always get their line; others on a plain stream or with --verbose.
      if (o.status === "failed" || options.verbose || !bar) say(line(o));
      for (const w of o.warnings ?? []) say(`! ${o.source}: ${w}`);
      if (options.verbose) for (const l of removalLines(o)) say(l);
      if (options.verbose) for (const src of o.missingImages ?? []) say(`    − image not found: ${src}`);
    },
    onReading: (done, total) => bar?.update(payload(total > 1 ? `(reading ${done}/${total})` : "")),
    onSourceDone: () => bar?.increment(1, payload()),
    onStageMessage: (m) => say(m),
    onStageProgress: (stage, step, done, total) => {
      if (!stageBars) return;
      if (!sourcesDone) {
        sourcesDone = true;
        bar?.stop();
      }
      stageBars.update(`${stage}: ${step}`, done, total);
    },
  };

  const finish = (summary: IngestSummary, startup: Startup, background?: BackgroundPass) => {
    if (!sourcesDone) bar?.stop();
    stageBars?.stop();
    if (options.json) {
      const outcomes = options.verbose ? summary.outcomes : summary.outcomes.map(({ removed: _r, ...o }) => o);
      process.stdout.write(
        `${JSON.stringify({ dryRun: options.dryRun, ...summary, outcomes, startup, ...(background ? { conceptsBackground: background } : {}) }, null, 2)}\n`,
      );
      return;
    }
    printSummary(summary, options.dryRun, options.verbose);
    if (summary.conceptsPending)
      process.stderr.write(
        `\n${summary.conceptsPending.message[0]!.toUpperCase()}${summary.conceptsPending.message.slice(1)}: the new issues show the concepts already known now; ${background ? `the whole archive is re-derived in the background (pid ${background.pid}, log ${background.log})` : "run `npm run concepts -- refresh`"}.\n`,
      );
  };
  return { events, say, finish };
}
