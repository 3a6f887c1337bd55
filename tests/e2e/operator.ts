/** What the operator does beside the running e2e server: `npm run users`, and SQL for states only old versions could create. */
import { execFileSync } from "node:child_process";

function env(dataDir = process.env.CONCORDANCE_E2E_DATA_DIR): NodeJS.ProcessEnv {
  return { ...process.env, CONCORDANCE_DATA_DIR: dataDir, DATABASE_URL: "", FORCE_COLOR: "0" };
}

/** `npm run users -- <args>` against the e2e server's database; returns stdout. */
export function users(...args: string[]): string {
  return usersIn(process.env.CONCORDANCE_E2E_DATA_DIR, ...args);
}

/** `npm run users -- <args>` against another e2e server's data directory (the archive server's). */
export function usersIn(dataDir: string | undefined, ...args: string[]): string {
  if (!dataDir) throw new Error("no data directory for `npm run users` (playwright.config.ts sets them)");
  return execFileSync("node", ["--import", "tsx", "scripts/users.ts", ...args], {
    env: env(dataDir),
    stdio: ["ignore", "pipe", "pipe"],
  }).toString();
}

/** One SQL statement against the e2e server's database; returns its rows. */
export function runSql<T = Record<string, unknown>>(statement: string): T[] {
  const out = execFileSync("node", ["--import", "tsx", "tests/e2e/run-sql.ts", statement], {
    env: env(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out.toString()) as T[];
}
