/**
 * The corpus-wide concept re-derivation after a quick ingest (quick.ts): started by the ingest
 * command as a detached process of its own (`npm run concepts -- refresh --background`), logging
 * to a file in the data directory, or run in the foreground (`npm run concepts -- refresh`,
 * `npm run ingest -- --wait`). One pass at a time holds the data directory's concepts lock; a pass
 * that finds more quick changes came in while it ran goes round again. Of the background passes
 * that ingests run back to back start, one at a time waits for that lock; the others return at once,
 * since the waiting one will derive their changes too. A pass that dies leaves the derivation
 * pending, and the next ingest or refresh catches up.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "@/db";
import { acquireLock, LockHeldError, type Release } from "@/lib/cli/locks";
import { noChanges, type StageOptions } from "@/lib/ingest/stage-types";
import { runDerivedStages } from "@/lib/ingest/stages";
import { readDerivation, recordBackgroundPass } from "./derivation";

const REFRESH_LOCK = "concepts-refresh.lock";
/** Held by the one background pass waiting for REFRESH_LOCK, until it takes it. */
const WAITING_LOCK = "concepts-refresh-waiting.lock";
const REFRESH_LOG = "concepts-refresh.log";
/** A pass waits this long for one already running (which may take minutes on a large archive). */
const LOCK_WAIT_MS = 30 * 60_000;
/** Passes in a row while quick changes keep arriving; the next run catches up on the rest. */
const MAX_PASSES = 3;
/**
 * The pass's niceness: it often runs beside the app (started by its hand-off), and readers' pages
 * come first; it takes what CPU they leave (bench:load --during-derivation measures the difference).
 */
const BACKGROUND_NICENESS = 10;

/** The pass's niceness: BACKGROUND_NICENESS, or this process's own if that is lower priority already. */
export const backgroundNiceness = () => Math.max(os.getPriority(), BACKGROUND_NICENESS);

/**
 * Re-derive until nothing is pending (or a stage fails). Returns the stages' errors. `passes`:
 * how many full passes ran. With `coalesce` (a background pass), when another pass is already
 * waiting for the one running, this one returns at once with `joined`: that pass has not started
 * yet, so it will derive every change recorded before this call.
 */
export async function runPendingDerivation(
  db: Db,
  dataDir: string,
  options: StageOptions = {},
  { coalesce = false }: { coalesce?: boolean } = {},
): Promise<{ errors: string[]; passes: number; joined: boolean }> {
  const locks = path.join(dataDir, "locks");
  let waiting: Release | undefined;
  if (coalesce) {
    try {
      waiting = await acquireLock(locks, WAITING_LOCK);
    } catch (err) {
      if (err instanceof LockHeldError) return { errors: [], passes: 0, joined: true };
      throw err;
    }
  }
  let release: Release;
  try {
    release = await acquireLock(locks, REFRESH_LOCK, LOCK_WAIT_MS);
  } finally {
    // Taken (or given up): the next pass to start may wait in its turn.
    await waiting?.().catch(() => {});
  }
  const errors: string[] = [];
  let passes = 0;
  try {
    // The first pass always runs: it also catches up on whatever else is stale (as `refresh` always has).
    do {
      errors.push(...(await runDerivedStages(db, noChanges(), options)));
      passes++;
    } while (errors.length === 0 && passes < MAX_PASSES && (await readDerivation(db)).pendingSince);
  } finally {
    await release().catch(() => {});
  }
  return { errors, passes, joined: false };
}

export type BackgroundPass = { pid: number; log: string };

/**
 * Start the re-derivation as a detached process. `databaseUrl`: the one configured by the user
 * (passed on), or undefined for the embedded server, which the child attaches to itself.
 * `handOver(pid)` is called before this process may let go of the embedded server, so it is not
 * stopped under the child (db/embedded.ts's registerUser).
 */
export async function startBackgroundPass(
  db: Db,
  dataDir: string,
  databaseUrl: string | undefined,
  handOver?: (pid: number) => void,
): Promise<BackgroundPass> {
  fs.mkdirSync(dataDir, { recursive: true });
  const log = path.join(dataDir, REFRESH_LOG);
  const out = fs.openSync(log, "a");
  fs.writeSync(out, `\n--- ${new Date().toISOString()} started by ingest (pid ${process.pid})\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, CONCORDANCE_DATA_DIR: dataDir };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  // Not under npm: it must outlive this process (lib/cli/run.ts stops a script whose npm went away).
  delete env.npm_lifecycle_event;
  const root = process.cwd();
  // From its bundle (scripts/cli.cjs), as npm runs the commands: a second less of start-up beside the author.
  const child = spawn(
    process.execPath,
    ["--heap-growing-percent=50", path.join(root, "scripts", "cli.cjs"), "concepts", "refresh", "--background"],
    { cwd: root, env, detached: true, stdio: ["ignore", out, out] },
  );
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error("could not start the background concepts pass");
  try {
    os.setPriority(pid, backgroundNiceness());
  } catch {
    // Already gone (it logs why), or a system that won't lower it: it runs at this process's priority.
  }
  handOver?.(pid);
  child.unref();
  await recordBackgroundPass(db, pid);
  return { pid, log };
}
