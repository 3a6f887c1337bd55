/**
 * Sliding-window rate limits kept in Postgres, so they hold across processes
 * and restarts. A limit is "at most N actions per window" for one key (a user,
 * a client address); a check and the recording of the action happen in one
 * transaction under an advisory lock on the key, so parallel requests can't
 * all slip under the limit.
 */
import { and, asc, count, eq, gt, lt, min, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rateLimitHits } from "@/db/schema";

export type RateLimit = {
  max: number;
  windowMs: number;
  /** What the window is called in messages: "10 minutes", "day". */
  per: string;
};

export type RateLimitResult = { ok: true } | { ok: false; limit: RateLimit; retryAfterSeconds: number };

/** Rows older than this are no longer needed by any limit. */
const KEEP_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 10 * 60 * 1000;
let lastPurge = 0;

/** Serializes transactions on one key: later ones see the rows earlier ones wrote. */
export function lockKey(key: string) {
  return sql`select pg_advisory_xact_lock(hashtextextended(${key}, 7))`;
}

/**
 * Count one action under `key` if every limit allows it; otherwise record
 * nothing and say which limit was reached and when the oldest counted action
 * leaves its window.
 */
export async function consumeRateLimit(db: Db, key: string, limits: RateLimit[]): Promise<RateLimitResult> {
  const result = await db.transaction(async (tx) => {
    await tx.execute(lockKey(key));
    for (const limit of limits) {
      const since = new Date(Date.now() - limit.windowMs);
      const [row] = await tx
        .select({ n: count(), oldest: min(rateLimitHits.createdAt) })
        .from(rateLimitHits)
        .where(and(eq(rateLimitHits.key, key), gt(rateLimitHits.createdAt, since)));
      if (row && row.n >= limit.max) {
        // The action may be repeated once enough of the counted ones have aged out of the window.
        const [freeing] = await tx
          .select({ at: rateLimitHits.createdAt })
          .from(rateLimitHits)
          .where(and(eq(rateLimitHits.key, key), gt(rateLimitHits.createdAt, since)))
          .orderBy(asc(rateLimitHits.createdAt))
          .offset(row.n - limit.max)
          .limit(1);
        const at = (freeing?.at ?? row.oldest ?? new Date()).getTime() + limit.windowMs;
        return { ok: false as const, limit, retryAfterSeconds: Math.max(1, Math.ceil((at - Date.now()) / 1000)) };
      }
    }
    await tx.insert(rateLimitHits).values({ key });
    return { ok: true as const };
  });
  await purgeOldHits(db);
  return result;
}

/** At most every few minutes per process, drop rows no limit looks at any more. */
async function purgeOldHits(db: Db, force = false): Promise<void> {
  if (!force && Date.now() - lastPurge < PURGE_EVERY_MS) return;
  lastPurge = Date.now();
  await db.delete(rateLimitHits).where(lt(rateLimitHits.createdAt, new Date(Date.now() - KEEP_MS)));
}

/** "1 second", "3 minutes": for messages that say when to try again. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes <= 60) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? "1 hour" : `${hours} hours`;
}
