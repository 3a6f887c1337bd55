/**
 * Runs once when a server process starts (Next.js calls register()).
 * - The environment and the site's settings are validated first (lib/env.ts,
 *   lib/site.ts): a bad URL, or no AUTH_SECRET in production, stops the server
 *   at start (exit code 1) with a message naming the variable, instead of
 *   failing later on some request.
 * - Next.js logs an error thrown while rendering a page or running a server
 *   action with console.error, and a failed query's error carries its
 *   parameters (a reader's note, an email, a password hash): every
 *   console.error of the server goes through the same redaction as the API's
 *   own logging.
 * - The built-in search index is read into memory on first use; it is read
 *   now, so no reader waits for it.
 * (The runtime condition is replaced at build time, keeping these imports out of the edge bundle.)
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { EnvError, checkServerEnv, getEnv } = await import("@/lib/env");
  try {
    checkServerEnv();
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    // Next.js logs a failed register() and serves anyway; a server without the settings it needs must not start.
    console.error(`${err.message}\nThe server was not started.`);
    process.exit(1);
  }
  // The site's settings (its config file and SITE_* variables), which every page's layout reads.
  const { getSite } = await import("@/lib/site");
  try {
    getSite();
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\nThe server was not started.`);
    process.exit(1);
  }

  const { redactForLog } = await import("@/lib/api/errors");
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => original(...args.map((arg) => redactForLog(arg)));

  // Without a database (DATABASE_URL unset) there is no index to read.
  if (getEnv().DATABASE_URL) {
    const [{ getDb }, { warmSearchIndex }] = await Promise.all([import("@/db"), import("@/lib/search")]);
    void warmSearchIndex(getDb());
  }
}
