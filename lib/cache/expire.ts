/**
 * Making cached page data stale after a change, wherever the change happened. Inside the web app
 * (a server action, a route handler) the tags are expired directly. The command-line tools run
 * in their own processes, so they ask the running app to do it: POST /api/revalidate with a
 * shared secret (REVALIDATE_SECRET, else a generated file in the data directory, which the app
 * reads too). An app that isn't running has nothing cached; one that can't be reached keeps
 * its entries until their backstop age (lib/cache/reads.ts), and the caller is told so.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isAlive } from "@/lib/cli/locks";
import { getDataDir, getEnv } from "@/lib/env";
import { dropCachedPages } from "./html";

const SECRET_FILE = "revalidate-secret";

/** The secret the tools and the app share; generated once (mode 0600) when not configured. */
export function getRevalidateSecret(): string {
  const configured = getEnv().REVALIDATE_SECRET;
  if (configured) return configured;
  const dir = getDataDir();
  const file = path.join(dir, SECRET_FILE);
  try {
    fs.mkdirSync(dir, { recursive: true });
    // "wx": if the app and a tool race to create it, one wins and both read the winner's.
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return fs.readFileSync(file, "utf8").trim();
}

/** Constant-time comparison of a presented secret with ours. */
export function isRevalidateSecret(presented: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(getRevalidateSecret());
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Where the app using this data directory listens: CONCORDANCE_APP_URL, else its lock file (scripts/start.ts) if its process is alive. */
export function findRunningApp(): string | undefined {
  const configured = getEnv().CONCORDANCE_APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  try {
    const holder = JSON.parse(fs.readFileSync(path.join(getDataDir(), "locks", "app.json"), "utf8")) as {
      pid?: number;
      port?: string | number;
    };
    if (typeof holder.pid === "number" && isAlive(holder.pid) && holder.port) return `http://127.0.0.1:${holder.port}`;
  } catch {
    // no app has run from this directory, or it stopped cleanly
  }
  return undefined;
}

/** Expire the tags inside the web app's own process (Next.js sets NEXT_RUNTIME there), and its stored pages. */
export async function expireInApp(tags: string[]): Promise<void> {
  const { revalidateTag } = await import("next/cache");
  // expire 0: the next read waits for fresh data rather than being served the old entry once more.
  for (const tag of tags) revalidateTag(tag, { expire: 0 });
  // The server drops its pages on any expiry it sees in Next's tag manifest; this is said outright too.
  dropCachedPages();
}

/** Ask the running app to expire the tags; returns a warning when it couldn't be reached. */
async function notifyApp(tags: string[]): Promise<string | undefined> {
  const app = findRunningApp();
  if (!app) return undefined;
  try {
    const res = await fetch(`${app}/api/revalidate`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${getRevalidateSecret()}` },
      body: JSON.stringify({ tags }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) return `the running app at ${app} refused to refresh its pages (${res.status})`;
    return undefined;
  } catch (err) {
    return `the running app at ${app} could not be told to refresh its pages (${err instanceof Error ? err.message : String(err)})`;
  }
}

/**
 * Make the cached reads with these tags stale, in this process or the running app's. Never throws:
 * the change itself is committed; a warning says when pages may show old data for a while.
 */
export async function expireTags(tags: string[]): Promise<string | undefined> {
  if (tags.length === 0) return undefined;
  if (getEnv().NEXT_RUNTIME) {
    try {
      await expireInApp(tags);
      return undefined;
    } catch (err) {
      return `cached pages could not be refreshed (${err instanceof Error ? err.message : String(err)})`;
    }
  }
  return notifyApp(tags);
}
