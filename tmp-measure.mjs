import { spawn } from "node:child_process";
import fs from "node:fs";
const dir = fs.mkdtempSync("/tmp/concordance-measure-");
const port = 3619;
const child = spawn("node", ["--import", "tsx", "scripts/start.ts", "--port", String(port), "--no-samples"], { env: { ...process.env, CONCORDANCE_DATA_DIR: dir, DATABASE_URL: "", AUTH_SECRET: "" }, stdio: ["ignore", "pipe", "pipe"] });
const T = Date.now();
const stamp = () => ((Date.now() - T) / 1000).toFixed(2);
child.stderr.on("data", (c) => String(c).split("\n").filter(Boolean).forEach((l) => console.log(stamp(), "ERR", l.slice(0, 200))));
child.stdout.on("data", (c) => String(c).split("\n").filter(Boolean).forEach((l) => console.log(stamp(), "OUT", l.slice(0, 200))));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (;;) { try { if ((await fetch(`http://localhost:${port}/api/health`)).ok) break; } catch {} await sleep(100); }
const pid = Number(fs.readFileSync(`${dir}/postgres/postmaster.pid`, "utf8").split("\n")[0]);
process.kill(pid, "SIGKILL");
console.log(stamp(), "killed");
let last;
for (;;) {
  const res = await fetch(`http://localhost:${port}/api/issues`);
  if (res.status !== last) { console.log(stamp(), "status", res.status, res.status === 200 ? "" : JSON.stringify(await res.json())); last = res.status; }
  if (res.status === 200) break;
  await sleep(50);
}
child.kill("SIGTERM");
await new Promise((r) => child.on("exit", r));
fs.rmSync(dir, { recursive: true, force: true });
