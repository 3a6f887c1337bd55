/**
 * The shape every script shares: connect, do the work, release, exit with a clear code.
 *
 * The batch commands (ingest, issues, concepts, reindex, users) are started with
 * `node --heap-growing-percent=50` (package.json): they read whole archives in passes, and
 * their garbage is promoted between database round trips. V8 on a large machine lets the heap
 * grow to 4× the live data before a full collection; these let it grow by half. A few percent
 * more time in GC buys a footprint that follows the live data (a 10,000-issue ingest stays well
 * under 1 GB; see the README's ingest benchmark). The web server keeps V8's defaults. The flag
 * is on the command line because V8 reads it as the heap is set up (NODE_OPTIONS refuses it).
 */
import os from "node:os";
import { connectDatabase } from "@/db/connect";
import { getEnv } from "@/lib/env";

/**
 * Call `stop` once if npm's shell, this process's parent, goes away. npm runs a
 * script through `sh -c`, and a SIGTERM sent to npm is passed to that shell,
 * which dies of it without passing it on: the script is left running, orphaned,
 * and its cleanup never starts. Noticing the new parent is the portable way to
 * hear that stop. Only under npm: a process started directly (`nohup node … &`)
 * may outlive the shell that started it on purpose.
 */
export function stopWhenOrphaned(stop: () => void, everyMs = 500): void {
  if (!getEnv().npm_lifecycle_event) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, everyMs);
  timer.unref();
}

/**
 * Connect, run `work`, release, exit with its code. A stop signal (Ctrl-C, SIGTERM,
 * SIGHUP) releases the database first — the embedded server is stopped if this
 * process started it and nobody else uses it — then exits with 128+signal. Each
 * issue is written in its own transaction, so an interrupted ingest leaves whole
 * issues only. A second signal exits at once.
 */
export async function runWithDatabase(work: () => Promise<number>, options: { quiet?: boolean } = {}): Promise<never> {
  let release: (() => Promise<void>) | undefined;
  let interrupted: NodeJS.Signals | undefined;
  const exitOnSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(128 + (os.constants.signals[signal] ?? 0));
    interrupted = signal;
    // The progress bar hides the cursor; give it back.
    process.stderr.write(`${process.stderr.isTTY ? "\x1b[?25h" : ""}\ninterrupted (${signal}); stopping…\n`);
    // Before connecting there is nothing to release: exit once the connection is made.
    if (release)
      void release()
        .catch(() => {})
        .finally(() => process.exit(128 + (os.constants.signals[signal] ?? 0)));
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, exitOnSignal);
  stopWhenOrphaned(() => interrupted || exitOnSignal("SIGTERM"));

  let code = 1;
  try {
    ({ release } = await connectDatabase(options));
    if (interrupted) {
      await release().catch(() => {});
      process.exit(128 + (os.constants.signals[interrupted] ?? 0));
    }
    code = await work();
  } catch (err) {
    if (!interrupted) process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    code = 1;
  }
  if (interrupted) {
    // With a connection, the signal handler is releasing it and exits when done.
    if (release) return new Promise<never>(() => {});
    process.exit(128 + (os.constants.signals[interrupted] ?? 0));
  }
  await release?.().catch(() => {});
  process.exit(code);
}
