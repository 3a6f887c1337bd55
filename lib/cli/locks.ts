/**
 * Locks between the processes that share a data directory (the web server's
 * launcher, ingest and the other scripts, tests), and the one liveness check
 * for a process id. The locks are proper-lockfile's: an atomic mkdir whose
 * holder keeps its mtime fresh, so a holder that died without cleaning up (a
 * SIGKILL, a power cut) is recognised as stale and its lock taken over, and one
 * that exits in any ordinary way (signals included) removes it on the way out.
 */
import fs from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";

/** A lock whose holder stopped refreshing it this long ago is taken over. */
export const LOCK_STALE_MS = 10_000;
const RETRY_EVERY_MS = 100;

/**
 * Whether a process with this id exists. EPERM means it does but belongs to
 * another user (Postgres runs as `postgres` when we are root): alive.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock is held by another process (or another holder in this one). */
export class LockHeldError extends Error {
  constructor(readonly lockPath: string) {
    super(`${lockPath} is held by another process`);
  }
}

export type Release = () => Promise<void>;

/**
 * Take the lock `name` under `dir` (created if needed), waiting up to `waitMs`
 * for its holder to let go. Throws LockHeldError if it is still held then.
 */
export async function acquireLock(dir: string, name: string, waitMs = 0): Promise<Release> {
  fs.mkdirSync(dir, { recursive: true });
  const lockfilePath = path.join(dir, name);
  const retries = Math.ceil(waitMs / RETRY_EVERY_MS);
  try {
    // proper-lockfile keeps its bookkeeping per locked path: each lock gets a path of its own
    // (it needn't exist), or a second lock in the same folder would overwrite the first's.
    return await lockfile.lock(lockfilePath.replace(/\.lock$/, ""), {
      lockfilePath,
      stale: LOCK_STALE_MS,
      realpath: false,
      retries: retries > 0 ? { retries, factor: 1, minTimeout: RETRY_EVERY_MS, maxTimeout: RETRY_EVERY_MS } : 0,
      // The default throws from a timer and kills the process; a lock that went stale while this
      // process was stalled (a suspended laptop) is worth a warning, not a crash of the web server.
      onCompromised: (err) => process.stderr.write(`warning: the lock ${lockfilePath} was lost (${err.message})\n`),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOCKED") throw new LockHeldError(lockfilePath);
    throw err;
  }
}

/** Run `work` holding the lock, waiting up to `waitMs` for it. */
export async function withLock<T>(dir: string, name: string, waitMs: number, work: () => Promise<T>): Promise<T> {
  const release = await acquireLock(dir, name, waitMs);
  try {
    return await work();
  } finally {
    await release().catch(() => {}); // already gone (compromised): nothing left to release
  }
}
