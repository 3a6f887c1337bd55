import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startOrAttachEmbedded, type EmbeddedHandle } from "@/db/embedded";
import { acquireLock } from "@/lib/cli/locks";

const run = promisify(execFile);
const dirs: string[] = [];
const handles: EmbeddedHandle[] = [];

function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-embedded-"));
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string): Promise<EmbeddedHandle> {
  const handle = await startOrAttachEmbedded(dataDir, { quiet: true });
  handles.push(handle);
  return handle;
}

afterAll(async () => {
  // Whatever a failed test left running is stopped before its folder goes.
  for (const handle of handles) await handle.stop().catch(() => {});
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function query<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

const count = (url: string) =>
  query(url, async (sql) => (await sql<{ n: number }[]>`select count(*)::int as n from kept`)[0]!.n);

function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, "postgres", "postmaster.pid");
  return fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8").split("\n")[0]) : undefined;
}

describe("embedded PostgreSQL", () => {
  it("lets a second process attach, stops only when the last one leaves, and keeps data across restarts", async () => {
    const dataDir = freshDir();
    const first = await start(dataDir);
    expect(first.owned).toBe(true);
    const sql = postgres(first.url, { max: 1, onnotice: () => {} });
    await sql`create table kept (n int)`;
    await sql`insert into kept values (1), (2)`;

    const second = await start(dataDir);
    expect(second.owned).toBe(false);
    expect(second.url).toBe(first.url);

    // The second handle still uses it, so the owner must not stop the server under it.
    await first.stop();
    expect(await count(second.url)).toBe(2);
    await sql.end();
    await second.stop();
    expect(postmasterPid(dataDir)).toBeUndefined();

    const restarted = await start(dataDir);
    expect(restarted.owned).toBe(true);
    expect(await count(restarted.url)).toBe(2);
    await restarted.stop();
  });

  it("never loses a cluster's data when its connection details are missing or unreadable", async () => {
    const dataDir = freshDir();
    const stateFile = path.join(dataDir, "embedded-postgres.json");
    const first = await start(dataDir);
    await query(first.url, async (sql) => {
      await sql`create table kept (n int)`;
      await sql`insert into kept values (1), (2), (3)`;
    });
    await first.stop();

    fs.rmSync(stateFile);
    const recovered = await start(dataDir);
    expect(recovered.owned).toBe(true);
    expect(await count(recovered.url)).toBe(3);
    expect(JSON.parse(fs.readFileSync(stateFile, "utf8"))).toMatchObject({
      port: expect.any(Number),
      password: expect.any(String),
    });
    await recovered.stop();

    // A truncated file (a crash mid-write by an older version) is no different.
    fs.writeFileSync(stateFile, '{"port": 5');
    const again = await start(dataDir);
    expect(await count(again.url)).toBe(3);

    // Deleted while a process uses the server: refused with a clear message, the user undisturbed.
    fs.rmSync(stateFile);
    await expect(startOrAttachEmbedded(dataDir, { quiet: true })).rejects.toThrow(
      /connection details \(.*embedded-postgres\.json\) are missing\. Stop the processes using it/,
    );
    expect(await count(again.url)).toBe(3);
    await again.stop();

    // Deleted while the server runs with nobody left using it (its starter was killed outright):
    // restarted with new details, rows kept.
    const orphaner = spawn(process.execPath, ["--import", "tsx", "tests/helpers/embedded-child.ts", dataDir], {
      stdio: "pipe",
    });
    await new Promise<void>((resolve, reject) => {
      orphaner.stdout.once("data", () => resolve());
      orphaner.once("exit", (code) => reject(new Error(`child exited with ${code}`)));
    });
    const exited = new Promise((resolve) => orphaner.once("exit", resolve));
    orphaner.kill("SIGKILL");
    await exited;
    const orphanPid = postmasterPid(dataDir);
    expect(orphanPid).toBeDefined();
    fs.rmSync(stateFile);
    const adopted = await start(dataDir);
    expect(adopted.owned).toBe(true);
    expect(await count(adopted.url)).toBe(3);
    await adopted.stop();
    expect(postmasterPid(dataDir)).toBeUndefined();
  }, 120_000);

  it("leaves a data folder that isn't a complete cluster untouched, with a clear error", async () => {
    const dataDir = freshDir();
    const pgDir = path.join(dataDir, "postgres");
    fs.mkdirSync(pgDir);
    fs.writeFileSync(path.join(pgDir, "notes.txt"), "mine");
    await expect(startOrAttachEmbedded(dataDir, { quiet: true })).rejects.toThrow(
      /is not a PostgreSQL data directory \(no PG_VERSION\)\. It is left untouched/,
    );
    expect(fs.readFileSync(path.join(pgDir, "notes.txt"), "utf8")).toBe("mine");

    fs.writeFileSync(path.join(pgDir, "PG_VERSION"), "18\n");
    await expect(startOrAttachEmbedded(dataDir, { quiet: true })).rejects.toThrow(
      /holds an incomplete PostgreSQL cluster/,
    );
    expect(fs.readdirSync(pgDir).sort()).toEqual(["PG_VERSION", "notes.txt"]);
  });

  it.runIf(process.getuid?.() === 0)(
    "says which folder keeps the postgres user out, before creating anything (as root)",
    async () => {
      const closed = freshDir(); // mkdtemp: mode 0700
      const dataDir = path.join(closed, "data");
      await expect(startOrAttachEmbedded(dataDir, { quiet: true })).rejects.toThrow(
        `The embedded PostgreSQL runs as the "postgres" user, which can't reach ${dataDir}: ${closed} is closed to other users.`,
      );
      expect(fs.readdirSync(dataDir)).toEqual([]);
    },
  );

  it("lets two processes start on one fresh data directory at once: one starts it, the other attaches", async () => {
    const dataDir = freshDir();
    const children: ChildProcessWithoutNullStreams[] = [];
    const launch = () => {
      const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/embedded-child.ts", dataDir], {
        stdio: "pipe",
      });
      children.push(child);
      return new Promise<{ url: string; owned: boolean }>((resolve, reject) => {
        let out = "";
        let err = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!) as { url: string; owned: boolean });
        });
        child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("exit", (code) => reject(new Error(`child exited with ${code}: ${err}`)));
      });
    };
    try {
      const results = await Promise.all([launch(), launch()]);
      expect(results.filter((r) => r.owned)).toHaveLength(1);
      expect(results[0]!.url).toBe(results[1]!.url);
      expect(await query(results[0]!.url, async (sql) => (await sql<{ one: number }[]>`select 1 as one`)[0]!.one)).toBe(
        1,
      );

      const exits = children.map((c) => new Promise<number | null>((resolve) => c.on("exit", resolve)));
      for (const child of children) child.stdin.end();
      expect(await Promise.all(exits)).toEqual([0, 0]);
      expect(postmasterPid(dataDir)).toBeUndefined();
    } finally {
      for (const child of children) if (child.exitCode == null) child.kill("SIGKILL");
    }
  }, 120_000);

  it("refuses a second app on the same data directory with a clear message", async () => {
    const dataDir = freshDir();
    const locksDir = path.join(dataDir, "locks");
    // This test runner holds the app lock, as a running app would.
    const release = await acquireLock(locksDir, "app.lock");
    fs.writeFileSync(path.join(locksDir, "app.json"), JSON.stringify({ pid: process.pid, port: "3999" }));
    try {
      const err = await run(process.execPath, ["--import", "tsx", "scripts/start.ts", "--port", "3998"], {
        env: { ...process.env, CONCORDANCE_DATA_DIR: dataDir, DATABASE_URL: "" },
        timeout: 60_000,
      }).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(err?.code).toBe(1);
      expect(err?.stderr).toContain(
        `Concordance is already running from ${dataDir} (pid ${process.pid}, http://localhost:3999)`,
      );
      expect(fs.existsSync(path.join(dataDir, "postgres"))).toBe(false);
    } finally {
      await release();
    }
  });
});
