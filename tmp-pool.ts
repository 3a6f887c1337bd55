import fs from "node:fs";
import postgres from "postgres";
import { startOrAttachEmbedded } from "@/db/embedded";
async function main() {
  const dir = fs.mkdtempSync("/tmp/concordance-pool-");
  const h = await startOrAttachEmbedded(dir, { quiet: true });
  const sql = postgres(h.url, { max: 10, onnotice: () => {}, connect_timeout: 3 });
  await sql`select 1`;
  const T = Date.now(); const st = () => ((Date.now() - T) / 1000).toFixed(2);
  const pid = Number(fs.readFileSync(`${dir}/postgres/postmaster.pid`, "utf8").split("\n")[0]);
  process.kill(pid, "SIGKILL");
  console.log(st(), "killed");
  while (h.isRunning()) await new Promise((r) => setTimeout(r, 20));
  console.log(st(), "postmaster gone");
  setTimeout(() => { console.log(st(), "restart begins"); h.ensureRunning().then((r) => console.log(st(), "restart done", r), (e) => console.log(st(), "restart failed", e.message)); }, 1500);
  for (let i = 0; i < 200; i++) {
    const s = Date.now();
    try { await sql`select 1`; console.log(st(), "ok in", Date.now() - s, "ms"); if (Date.now() - T > 1600) break; }
    catch (e: any) { console.log(st(), "err", e.code, "after", Date.now() - s, "ms"); }
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 3000)); await sql.end(); await h.stop(); fs.rmSync(dir, { recursive: true, force: true });
}
main();
