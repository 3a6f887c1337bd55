import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireLock, isAlive, LockHeldError, withLock } from "@/lib/cli/locks";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-locks-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("data directory locks", () => {
  it("holds two locks of one folder independently (the app's and the database's)", async () => {
    const releaseApp = await acquireLock(dir, "app.lock");
    const releaseDb = await acquireLock(dir, "postgres.lock");
    await expect(acquireLock(dir, "app.lock")).rejects.toBeInstanceOf(LockHeldError);
    await releaseDb();
    expect(fs.existsSync(path.join(dir, "postgres.lock"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "app.lock"))).toBe(true);
    await releaseApp();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("makes a second holder wait its turn", async () => {
    const order: string[] = [];
    const first = withLock(dir, "turn.lock", 0, async () => {
      order.push("first in");
      await new Promise((r) => setTimeout(r, 300));
      order.push("first out");
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = withLock(dir, "turn.lock", 5000, async () => void order.push("second in"));
    await Promise.all([first, second]);
    expect(order).toEqual(["first in", "first out", "second in"]);
  });

  it("takes over a lock whose holder died without releasing it, once it is stale", async () => {
    const lock = path.join(dir, "orphan.lock");
    fs.mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    const release = await acquireLock(dir, "orphan.lock");
    await release();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it("tells a live process from a finished one", () => {
    expect(isAlive(process.pid)).toBe(true);
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    expect(isAlive(Number(child.stdout))).toBe(false);
    expect(isAlive(Number.NaN)).toBe(false);
    expect(isAlive(0)).toBe(false);
  });
});
