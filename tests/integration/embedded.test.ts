import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startOrAttachEmbedded } from "@/db/embedded";

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-embedded-"));

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function count(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from kept`;
    return row?.n ?? 0;
  } finally {
    await sql.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("lets a second process attach, stops only when the last one leaves, and keeps data across restarts", async () => {
    const first = await startOrAttachEmbedded(dataDir, { quiet: true });
    expect(first.owned).toBe(true);
    const sql = postgres(first.url, { max: 1, onnotice: () => {} });
    await sql`create table kept (n int)`;
    await sql`insert into kept values (1), (2)`;

    const second = await startOrAttachEmbedded(dataDir, { quiet: true });
    expect(second.owned).toBe(false);
    expect(second.url).toBe(first.url);

    // `sql` is still connected, so the owner must not stop the server under it.
    await first.stop();
    expect(await count(second.url)).toBe(2);
    await sql.end();
    await second.stop();
    expect(fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);

    const restarted = await startOrAttachEmbedded(dataDir, { quiet: true });
    expect(restarted.owned).toBe(true);
    expect(await count(restarted.url)).toBe(2);
    await restarted.stop();
  });

  it("refuses a second app on the same data directory with a clear message", async () => {
    // A live process (this test runner) holds the lock, as a running app would.
    fs.writeFileSync(path.join(dataDir, "app.lock"), JSON.stringify({ pid: process.pid, port: "3999" }));
    const err = await run("npx", ["tsx", "scripts/start.ts", "--port", "3998"], {
      env: { ...process.env, CONCORDANCE_DATA_DIR: dataDir, DATABASE_URL: "" },
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain(`Concordance is already running from ${dataDir} (pid ${process.pid}, http://localhost:3999)`);
    fs.rmSync(path.join(dataDir, "app.lock"));
  });
});
