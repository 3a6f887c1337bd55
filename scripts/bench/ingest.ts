/**
 * npm run bench:ingest [-- --issues 10000] [--skip-generated] [--skip-corpus]
 *
 * Ingest speed and memory on a throw-away embedded PostgreSQL:
 *  - the real corpus (../shared/corpus), end to end as the author runs it
 *    (`npm run ingest`, a fresh process), first run and an all-unchanged re-run;
 *  - a generated corpus of 10,000 issues (scripts/bench/generate-corpus.ts),
 *    measured in a child process so its peak memory is the ingest's own.
 *  - after each: the author adds one new issue, then edits it (`npm run ingest -- new.md`, end
 *    to end), with the time of each step (storing, then each derived stage): the author's wait
 *    (the command returns once the issue is stored, its known concepts placed and it is indexed),
 *    then the corpus-wide concepts re-derivation the command starts in the background, timed
 *    from the command's return to the background process's exit;
 *  - the same two with the app running: the command hands the file to the app's launcher
 *    (lib/ingest/handoff.ts). The launcher's ingest service runs here in a child process of its
 *    own (`--serve`), started as scripts/start.ts starts it, without the web server.
 * Targets (issue #3): real corpus < 10 s end to end; 10,000 issues < 3 min and < 1 GB.
 * Targets (issue #14) for one new or edited issue: < 2 s at ~500 issues, < 5 s at 10,000.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { closeDb, getDb } from "@/db";
import { migrateDb } from "@/db/connect";
import { startOrAttachEmbedded } from "@/db/embedded";
import { isAlive } from "@/lib/cli/locks";
import { getDataDir, resetEnvCache } from "@/lib/env";
import { startIngestService } from "@/lib/ingest/handoff-service";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { generateCorpus, writeNextIssue } from "./generate-corpus";
import { loadAverage, machine } from "./measure";

const ROOT = path.resolve(__dirname, "..", "..");
const CORPUS = path.resolve(ROOT, "..", "shared", "corpus");

type Measure = {
  label: string;
  issues: number;
  seconds: number;
  peakMb?: number;
  failed: number;
  target?: string;
  steps?: string;
  conceptSteps?: string;
};

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = serverUrl.replace(/\/postgres$/, `/${name}`);
  await migrateDb(url);
  return url;
}

/** Milliseconds by step as "store 0.41, concepts 1.20 s". */
function inSeconds(msByStep: Record<string, number>): string {
  return `${Object.entries(msByStep)
    .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(2)}`)
    .join(", ")} s`;
}

/** The data directory the commands' background passes lock and log in. */
let dataDir = "";

/**
 * `npm run ingest` as the author runs it; wall time includes process start and migrations check.
 * `throughTsx`: the command started from its TypeScript sources instead of npm's bundle (the reference).
 */
async function endToEnd(
  label: string,
  url: string,
  inputs: string[],
  target?: string,
  throughTsx = false,
): Promise<Measure & { background?: { pid: number; log: string } }> {
  const [cmd, ...args] = throughTsx
    ? [process.execPath, "--heap-growing-percent=50", "--require", "tsx/cjs", "scripts/ingest.ts"]
    : ["npm", "run", "-s", "ingest", "--"];
  const result = await run(cmd!, [...args, ...inputs, "--json"], {
    DATABASE_URL: url,
    CONCORDANCE_DATA_DIR: dataDir,
  });
  if (result.code !== 0) throw new Error(`${label}: ingest exited ${result.code}\n${result.stderr.slice(-2000)}`);
  const summary = JSON.parse(result.stdout) as {
    counts: Record<string, number>;
    conceptsBackground?: { pid: number; log: string };
    startup?: { importsMs: number; databaseMs?: number; handoffMs?: number };
    timings?: {
      storeMs: number;
      stagesMs: Record<string, number>;
      stageSteps?: Record<string, Record<string, number>>;
    };
  };
  const issues = (summary.counts.new ?? 0) + (summary.counts.updated ?? 0) + (summary.counts.unchanged ?? 0);
  const t = summary.timings;
  const startup: Record<string, number> = {};
  if (summary.startup) startup["start-up"] = summary.startup.importsMs;
  if (summary.startup?.databaseMs !== undefined) startup.database = summary.startup.databaseMs;
  // Handed to the app: the command's time from sending the file to the app's last word.
  if (summary.startup?.handoffMs !== undefined) startup["in the app"] = summary.startup.handoffMs;
  const steps = t && inSeconds({ ...startup, store: t.storeMs, ...t.stagesMs });
  const concepts = t?.stageSteps?.concepts;
  const conceptSteps = concepts && inSeconds(concepts);
  return {
    label,
    issues,
    seconds: result.seconds,
    failed: summary.counts.failed ?? 0,
    target,
    steps,
    conceptSteps,
    background: summary.conceptsBackground,
  };
}

/** The background re-derivation an ingest started: from the command's return until its process exits. */
async function backgroundPass(label: string, background: { pid: number; log: string }): Promise<Measure> {
  const started = performance.now();
  while (isAlive(background.pid)) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - started) / 1000;
  const log = fs.readFileSync(background.log, "utf8");
  const ran = [...log.matchAll(/ (\d+) pass(?:es)? in ([\d.]+) s/g)].pop();
  const steps = [...log.matchAll(/concepts: \d+ concepts .* in ([\d.]+) s/g)].pop();
  return {
    label,
    issues: 1,
    seconds,
    failed: 0,
    steps: ran
      ? `${ran[1]} pass${ran[1] === "1" ? "" : "es"} in ${ran[2]} s${steps ? ` (concepts stage ${steps[1]} s)` : ""}`
      : "no pass logged",
  };
}

/** The app launcher's ingest service, in a child process, until `stop`. */
async function startService(url: string): Promise<{ stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", __filename, "--serve"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, CONCORDANCE_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
    child.on("exit", (code) => reject(new Error(`the ingest service exited ${code} before it was ready`)));
  });
  return {
    stop: () =>
      new Promise((resolve) => {
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function serve(): Promise<void> {
  const service = await startIngestService(
    getDb(),
    { dataDir: getDataDir(), configuredDatabaseUrl: process.env.DATABASE_URL },
    () => {},
  );
  if (!service) throw new Error("the ingest service could not listen");
  process.stdout.write("ready\n");
  await new Promise((resolve) => process.once("SIGTERM", resolve));
  await service.close();
  await closeDb();
}

/**
 * One new issue, then the same issue edited, into an archive already ingested: end to end, with
 * steps — with the command on its own, then handed to the running app.
 */
async function oneIssue(label: string, url: string, work: string, n: number, target: string): Promise<Measure[]> {
  const dir = path.join(work, `one-issue-${n}`);
  const out: Measure[] = [];
  for (const where of ["command on its own", "app running"] as const) {
    const service = where === "app running" ? await startService(url) : undefined;
    try {
      for (const [what, edit] of [
        ["one new issue", false],
        ["the same issue edited", true],
      ] as const) {
        const issue = writeNextIssue(dir, where === "app running" ? n + 1 : n, { edit });
        const m = await endToEnd(`${label}: ${what}, ${where} (author's wait)`, url, [issue], target);
        out.push(m);
        if (m.background)
          out.push(await backgroundPass(`${label}: ${what}, ${where}, background re-derivation`, m.background));
      }
      if (where === "command on its own") {
        // Another new issue, the command started from its TypeScript sources through tsx as before
        // the bundle: start-up against start-up in the same run.
        const issue = writeNextIssue(dir, n + 2);
        const m = await endToEnd(`${label}: another new issue, through tsx (reference)`, url, [issue], target, true);
        out.push(m);
        if (m.background) await backgroundPass("", m.background);
      }
    } finally {
      await service?.stop();
    }
  }
  return out;
}

/** The ingest alone, in a child process that reports its own peak RSS. */
async function inChild(label: string, url: string, inputs: string[], target?: string): Promise<Measure> {
  // With the heap flag `npm run ingest` is started with (package.json).
  const result = await run(
    process.execPath,
    ["--heap-growing-percent=50", "--import", "tsx", __filename, "--child", ...inputs],
    { DATABASE_URL: url },
  );
  if (result.code !== 0) throw new Error(`${label}: child exited ${result.code}\n${result.stderr.slice(-2000)}`);
  const m = JSON.parse(result.stdout.trim().split("\n").pop()!) as {
    issues: number;
    seconds: number;
    peakMb: number;
    failed: number;
  };
  return { label, ...m, target };
}

async function child(inputs: string[]): Promise<void> {
  const summary = await ingestPaths(getDb(), inputs);
  const { counts } = summary;
  await closeDb();
  process.stdout.write(
    `${JSON.stringify({
      issues: counts.new + counts.updated + counts.unchanged,
      failed: counts.failed,
      seconds: summary.durationMs / 1000,
      // maxRSS is in kilobytes.
      peakMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}

/** Issues per second, only where a run had enough issues for a rate to mean something (not the one-issue runs). */
function rate(r: Measure): string {
  return r.issues >= 10 ? (r.issues / r.seconds).toFixed(0) : "—";
}

function table(rows: Measure[]): string {
  const lines = [
    "| run | issues | time | issues/s | peak memory | target | steps |",
    "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.issues}${r.failed ? ` (${r.failed} failed)` : ""} | ${r.seconds.toFixed(1)} s | ${rate(r)} | ${r.peakMb ? `${r.peakMb.toFixed(0)} MB` : "—"} | ${r.target ?? ""} | ${r.steps ?? ""} |`,
    ),
  ];
  return lines.join("\n");
}

async function main(): Promise<number> {
  if (process.argv.includes("--serve")) {
    await serve();
    return 0;
  }
  if (process.argv.includes("--child")) {
    await child(process.argv.slice(process.argv.indexOf("--child") + 1));
    return 0;
  }
  const count = Number(flag("issues") ?? 10_000);
  const loadBefore = loadAverage();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-bench-"));
  dataDir = path.join(work, "data");
  // Its own temp dir: embedded Postgres makes its data directory reachable for the postgres user.
  const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-bench-pg-"));
  const server = await startOrAttachEmbedded(pgDir, { quiet: true });
  const rows: Measure[] = [];
  try {
    if (!process.argv.includes("--skip-corpus")) {
      if (!fs.existsSync(CORPUS)) process.stderr.write(`skipping the real corpus: ${CORPUS} is not present\n`);
      else {
        const url = await createDatabase(server.url, "bench_corpus");
        rows.push(await endToEnd("real corpus, end to end (first run)", url, [CORPUS], "< 10 s"));
        rows.push(await endToEnd("real corpus, end to end (re-run, all unchanged)", url, [CORPUS]));
        rows.push(...(await oneIssue("real corpus", url, work, 900, "< 2 s")));
        const url2 = await createDatabase(server.url, "bench_corpus_child");
        rows.push(await inChild("real corpus, ingest only", url2, [CORPUS]));
      }
    }
    if (!process.argv.includes("--skip-generated")) {
      const dir = path.join(work, "generated");
      const started = performance.now();
      generateCorpus(dir, count);
      process.stderr.write(`generated ${count} issues in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      const url = await createDatabase(server.url, "bench_generated");
      rows.push(
        await inChild(`generated ${count.toLocaleString("en")} issues (first run)`, url, [dir], "< 180 s, < 1024 MB"),
      );
      rows.push(await inChild(`generated ${count.toLocaleString("en")} issues (re-run, all unchanged)`, url, [dir]));
      rows.push(...(await oneIssue(`generated ${count.toLocaleString("en")}`, url, work, count + 1, "< 5 s")));
    }
  } finally {
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(pgDir, { recursive: true, force: true });
  }
  const breakdown = rows.filter((r) => r.conceptSteps).map((r) => `- ${r.label}: ${r.conceptSteps}`);
  process.stdout.write(
    `\n${table(rows)}\n\nThe concepts stage by step:\n${breakdown.join("\n")}\n\nMachine: ${machine()}; ${new Date().toISOString().slice(0, 10)}\nLoad (1, 5, 15 min) before / after: ${loadBefore} / ${loadAverage()}\n`,
  );
  return 0;
}

resetEnvCache();
void main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
