/**
 * npm start [-- --port 3000] [--no-samples] [--page-cache-mb 64]   |   npm run dev
 * Runs the web app on the configured database, or on the embedded one, which it
 * starts (or attaches to) first and restarts if it dies. One app per data
 * directory: a second start refuses to run instead of sharing state it doesn't own.
 *
 * Stopping (Ctrl-C, SIGTERM, SIGHUP) is handled from the first line on: whatever
 * step is under way finishes or is interrupted, then the web server, the
 * embedded database (unless another process still uses it) and the lock are
 * released before the process exits. npm launches this with `node --import tsx`,
 * not the tsx command, whose wrapper would kill this process before that runs;
 * a SIGTERM to npm itself only kills npm's shell, so being orphaned counts as one too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { getDb } from "@/db";
import { connectDatabase } from "@/db/connect";
import { acquireLock, isAlive, LOCK_STALE_MS, LockHeldError, type Release } from "@/lib/cli/locks";
import { stopWhenOrphaned } from "@/lib/cli/run";
import { getDataDir, getEnv } from "@/lib/env";
import type { IngestService } from "@/lib/ingest/handoff-service";
import { checkSearchEngine } from "@/lib/search";
import { loadSamplesIfEmpty } from "@/lib/ingest/samples";
import { getSite } from "@/lib/site";

const program = new Command()
  .name("start")
  .option("--dev", "run the Next.js development server")
  .option("-p, --port <port>", "port to listen on", process.env.PORT ?? "3000")
  .option("--no-samples", "don't load the sample issues into an empty database")
  .option("--page-cache-mb <mb>", "memory for the pages kept for signed-out readers (0: none)", "64")
  .parse();
const opts = program.opts<{ dev?: boolean; port: string; samples: boolean; pageCacheMb: string }>();

/** How often the embedded database is checked, and restarted if it died. */
const SUPERVISE_EVERY_MS = 1000;

const say = (line: string) => process.stderr.write(`${line}\n`);

/** A stop request, and the child process (build or web server) it must reach. */
const shutdown = {
  signal: undefined as NodeJS.Signals | undefined,
  count: 0,
  child: undefined as ChildProcess | undefined,
};

function onSignal(signal: NodeJS.Signals): void {
  shutdown.signal ??= signal;
  shutdown.count += 1;
  if (shutdown.count >= 3) {
    say("Stopping now without waiting (the database may be left running; the next start attaches to it).");
    process.exit(130);
  }
  if (shutdown.count === 2)
    say("Still stopping: waiting for the web server and the database to shut down (once more to quit at once)…");
  shutdown.child?.kill(signal);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
stopWhenOrphaned(() => {
  if (shutdown.signal) return; // already stopping: the same stop, seen twice
  say("The process that started this one (npm's shell) has gone; stopping.");
  onSignal("SIGTERM");
});

type Holder = { pid: number; port: string };

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}

/** Take the data directory's app lock, or explain who holds it and exit. */
async function acquireAppLock(dataDir: string): Promise<Release> {
  const locksDir = path.join(dataDir, "locks");
  const holderFile = path.join(locksDir, "app.json");
  const refuse = (holder: Holder | undefined): never => {
    say(
      `Concordance is already running from ${dataDir}${holder ? ` (pid ${holder.pid}, http://localhost:${holder.port})` : ""}.\n` +
        "Stop it first (Ctrl-C in its terminal), or use `npm run ingest` to add issues while it runs.",
    );
    process.exit(1);
  };
  let release: Release;
  try {
    release = await acquireLock(locksDir, "app.lock");
  } catch (err) {
    if (!(err instanceof LockHeldError)) throw err;
    const holder = readHolder(holderFile);
    if (holder && isAlive(holder.pid)) refuse(holder);
    // Its holder is gone without releasing it (killed outright): the lock expires once it goes stale.
    say(
      `A previous run${holder ? ` (pid ${holder.pid})` : ""} ended without releasing ${err.lockPath}; waiting for it to expire…`,
    );
    try {
      release = await acquireLock(locksDir, "app.lock", LOCK_STALE_MS * 2);
    } catch (again) {
      if (again instanceof LockHeldError) refuse(readHolder(holderFile)); // another start took it meanwhile
      throw again;
    }
  }
  fs.writeFileSync(holderFile, JSON.stringify({ pid: process.pid, port: opts.port } satisfies Holder));
  return async () => {
    fs.rmSync(holderFile, { force: true });
    await release().catch(() => {});
  };
}

/** Auth.js needs a secret; the embedded default keeps a generated one in the data directory. */
function ensureAuthSecret(dataDir: string): string {
  const configured = getEnv().AUTH_SECRET;
  if (configured) return configured;
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

/** Restart the embedded database whenever it dies; returns the function that stops watching. */
function superviseDatabase(ensureRunning: () => Promise<boolean>): () => void {
  let busy = false;
  let lastError = "";
  const timer = setInterval(() => {
    if (busy || shutdown.signal) return;
    busy = true;
    const started = Date.now();
    ensureRunning()
      .then((restarted) => {
        lastError = "";
        if (restarted)
          say(
            `[postgres] the embedded PostgreSQL had stopped; restarted it in ${((Date.now() - started) / 1000).toFixed(1)} s`,
          );
      })
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (message !== lastError)
          say(`[postgres] the embedded PostgreSQL has stopped and could not be restarted (retrying): ${message}`);
        lastError = message;
      })
      .finally(() => (busy = false));
  }, SUPERVISE_EVERY_MS);
  return () => clearInterval(timer);
}

/** The exit code for a stop on request: a clean shutdown is a success. */
const STOPPED = 0;

async function main(): Promise<number> {
  // A mistake in concordance.json or SITE_* is said once, here, rather than on every page.
  getSite();
  const dataDir = getDataDir();
  // As the user configured it: connecting to the embedded server sets it for this process only.
  const configuredDatabaseUrl = getEnv().DATABASE_URL || undefined;
  const releaseLock = await acquireAppLock(dataDir);
  let db: Awaited<ReturnType<typeof connectDatabase>> | undefined;
  let stopSupervising = () => {};
  let ingestService: Promise<IngestService | undefined> | undefined;
  try {
    db = await connectDatabase();
    if (shutdown.signal) return STOPPED;
    // Refuses (throws) a Meilisearch we don't support or that rejects our key; an unreachable one is a warning.
    say(await checkSearchEngine());
    if (opts.samples) {
      const loaded = await loadSamplesIfEmpty(getDb());
      if (loaded) say(`Loaded ${loaded.counts.new} sample issues into the empty database.`);
    }
    if (shutdown.signal) return STOPPED;
    const nextBin = path.join(process.cwd(), "node_modules", ".bin", "next");
    if (!opts.dev && !fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
      say("No production build yet; running `next build` once…");
      const code = await run(nextBin, ["build"], { ...process.env, DATABASE_URL: db.url });
      if (shutdown.signal) return STOPPED;
      if (code !== 0) throw new Error(`next build failed (${code})`);
    }
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      AUTH_SECRET: ensureAuthSecret(dataDir),
      AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
    };
    if (db.ensureRunning) stopSupervising = superviseDatabase(db.ensureRunning);
    say(
      `Concordance on http://localhost:${opts.port} (${db.embedded ? `embedded PostgreSQL in ${dataDir}` : "DATABASE_URL"})`,
    );
    // Production runs Next inside our own server (scripts/server.ts), which keeps signed-out readers' pages.
    const serving = opts.dev
      ? run(nextBin, ["dev", "-p", opts.port], env)
      : run(
          process.execPath,
          [
            "--import",
            "tsx",
            path.join(__dirname, "server.ts"),
            "--port",
            opts.port,
            "--page-cache-mb",
            opts.pageCacheMb,
          ],
          { ...env, NODE_ENV: "production" },
        );
    // Meanwhile, `npm run ingest` gets a door into this process (lib/ingest/handoff.ts). Its modules
    // (the pipeline, parsers, word lists) load in the background: until then the command runs on its own.
    ingestService = import("@/lib/ingest/handoff-service")
      .then(({ startIngestService }) => startIngestService(getDb(), { dataDir, configuredDatabaseUrl }, say))
      .catch((err: unknown) => {
        say(
          `[ingest] could not take ingests from the command line: ${err instanceof Error ? err.message : String(err)}`,
        );
        return undefined;
      });
    const code = await serving;
    return shutdown.signal ? STOPPED : code;
  } finally {
    stopSupervising();
    // A run handed over finishes (briefly) before the database goes.
    await (await ingestService)?.close();
    if (shutdown.signal) say("Stopping…");
    await db
      ?.release()
      .catch((err: unknown) =>
        say(`warning: could not stop the embedded PostgreSQL: ${err instanceof Error ? err.message : String(err)}`),
      );
    await releaseLock();
  }
}

/** Run a child to its end; a stop request is passed on to it. Resolves its exit code (128+n for a signal). */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: "inherit" });
    shutdown.child = child;
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      shutdown.child = undefined;
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // A step cut short by the stop request (initdb gets the terminal's Ctrl-C too) is no error.
    if (shutdown.signal) {
      say("Stopped.");
      process.exit(STOPPED);
    }
    say(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
