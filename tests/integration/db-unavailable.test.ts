// When Postgres goes away the API answers 503 `unavailable` at once (not a 500, not a hang), and
// recovers by itself when the server is back. Runs its own embedded server, since it kills it.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as listIssues } from "@/app/api/issues/route";
import { closeDb } from "@/db";
import { migrateDb } from "@/db/connect";
import { startOrAttachEmbedded, type EmbeddedHandle } from "@/db/embedded";
import { resetEnvCache } from "@/lib/env";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-unavailable-"));
let server: EmbeddedHandle;

async function useDatabase(url: string): Promise<void> {
  await closeDb();
  process.env.DATABASE_URL = url;
  resetEnvCache();
}

async function timed(work: () => Promise<Response>): Promise<{ res: Response; ms: number }> {
  const started = performance.now();
  const res = await work();
  return { res, ms: performance.now() - started };
}

const get = (url: string) => new Request(`http://localhost${url}`);

beforeAll(async () => {
  server = await startOrAttachEmbedded(dataDir, { quiet: true });
  await migrateDb(server.url);
  await useDatabase(server.url);
}, 120_000);

afterAll(async () => {
  await closeDb();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("database unavailable", () => {
  it("answers 503 with a clear message within 2 s when the server dies, and recovers once it is back", async () => {
    expect((await listIssues(get("/api/issues"), undefined)).status).toBe(200);

    const pid = Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, "SIGKILL");
    for (let i = 0; i < 100 && server.isRunning(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(server.isRunning()).toBe(false);

    // Readers keep asking while it is down: every answer stays quick (the driver's default
    // reconnect backoff grows to 20 s after a few failures, and requests waited that long).
    const slowest: number[] = [];
    for (let i = 0; i < 12; i++) {
      const route =
        i % 2 ? () => health(get("/api/health"), undefined) : () => listIssues(get("/api/issues"), undefined);
      const { res, ms } = await timed(route);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(await res.json()).toEqual({
        error: { code: "unavailable", message: "The database is not answering right now. Try again in a moment." },
      });
      slowest.push(ms);
    }
    expect(Math.max(...slowest)).toBeLessThan(2000);

    expect(await server.ensureRunning()).toBe(true);
    // The same pool reconnects at once: no restart of the app, no wait for a backoff to run out.
    const { res, ms } = await timed(() => listIssues(get("/api/issues"), undefined));
    expect(res.status).toBe(200);
    expect(ms).toBeLessThan(2000);
    expect(await (await health(get("/api/health"), undefined)).json()).toEqual({ status: "ok" });
  }, 60_000);

  it("gives up on a server that accepts connections but never answers after the connect timeout, not 30 s", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      await useDatabase(`postgres://postgres:x@127.0.0.1:${port}/postgres`);
      const { res, ms } = await timed(() => listIssues(get("/api/issues"), undefined));
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe("unavailable");
      expect(ms).toBeLessThan(6000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
      await useDatabase(server.url);
    }
  }, 60_000);
});
