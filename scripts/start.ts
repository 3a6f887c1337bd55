/**
 * npm start [-- --port 3000] [--no-samples]   |   npm run dev
 * Runs the web app on the configured database, or on the embedded one, which it
 * starts (or attaches to) first. One app per data directory: a second start
 * refuses to run instead of sharing state it doesn't own.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { getDb } from "@/db";
import { connectDatabase } from "@/db/connect";
import { getDataDir, getEnv } from "@/lib/env";
import { loadSamplesIfEmpty } from "@/lib/ingest/samples";
import { getSite } from "@/lib/site";

const program = new Command()
  .name("start")
  .option("--dev", "run the Next.js development server")
  .option("-p, --port <port>", "port to listen on", process.env.PORT ?? "3000")
  .option("--no-samples", "don't load the sample issues into an empty database")
  .parse();
const opts = program.opts<{ dev?: boolean; port: string; samples: boolean }>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Take the data directory's app lock, or explain who holds it. */
function acquireLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "app.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify({ pid: process.pid, port: opts.port }), { flag: "wx" });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = JSON.parse(fs.readFileSync(lockFile, "utf8")) as { pid: number; port: string };
      if (isAlive(holder.pid)) {
        process.stderr.write(
          `Concordance is already running from ${dataDir} (pid ${holder.pid}, http://localhost:${holder.port}).\n` +
            "Stop it first (Ctrl-C in its terminal), or use `npm run ingest` to add issues while it runs.\n",
        );
        process.exit(1);
      }
      fs.rmSync(lockFile, { force: true }); // left by a crashed run
    }
  }
  throw new Error(`could not take the lock ${lockFile}`);
}

/** Auth.js needs a secret; the embedded default keeps a generated one in the data directory. */
function ensureAuthSecret(dataDir: string): string {
  const configured = getEnv().AUTH_SECRET;
  if (configured) return configured;
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

async function main(): Promise<number> {
  // A mistake in concordance.json or SITE_* is said once, here, rather than on every page.
  getSite();
  const dataDir = getDataDir();
  const releaseLock = acquireLock(dataDir);
  const db = await connectDatabase();
  try {
    if (opts.samples) {
      const loaded = await loadSamplesIfEmpty(getDb());
      if (loaded) process.stderr.write(`Loaded ${loaded.counts.new} sample issues into the empty database.\n`);
    }
    const nextBin = path.join(process.cwd(), "node_modules", ".bin", "next");
    if (!opts.dev && !fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
      process.stderr.write("No production build yet; running `next build` once…\n");
      await run(nextBin, ["build"], { ...process.env, DATABASE_URL: db.url });
    }
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      AUTH_SECRET: ensureAuthSecret(dataDir),
      AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
    };
    process.stderr.write(`Concordance on http://localhost:${opts.port} (${db.embedded ? `embedded PostgreSQL in ${dataDir}` : "DATABASE_URL"})\n`);
    return await run(nextBin, [opts.dev ? "dev" : "start", "-p", opts.port], env, true);
  } finally {
    await db.release().catch(() => {});
    releaseLock();
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, forwardSignals = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    if (forwardSignals) {
      process.on("SIGINT", forward);
      process.on("SIGTERM", forward);
    }
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      if (!forwardSignals && code !== 0) reject(new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${code ?? signal})`));
      else resolve(code ?? 0);
    });
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
