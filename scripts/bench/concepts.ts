/**
 * npm run bench:concepts [-- <paths...>]
 * Concept extraction over the whole shared corpus (../shared/corpus by default):
 * reading and cleaning the sources as ingest does (not counted), then the NLP
 * candidate step for every issue and the corpus-wide selection, mentions,
 * passages and relations (counted). Budget: 15 s on the reference machine.
 */
import os from "node:os";
import path from "node:path";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import { extractConcepts } from "@/lib/concepts/extract";
import { readIssueTexts } from "@/lib/concepts/offline";
import { runMain } from "@/lib/cli/main";

const BUDGET_MS = 15_000;

async function main(): Promise<number> {
  const inputs = process.argv.slice(2);
  const corpus = path.resolve(process.cwd(), "..", "shared", "corpus");
  const paths = inputs.length > 0 ? inputs : [corpus];
  const readStart = performance.now();
  const issues = await readIssueTexts(paths);
  const readMs = performance.now() - readStart;
  const words = issues.reduce((n, i) => n + i.blocks.reduce((m, b) => m + b.text.split(/\s+/).length, 0), 0);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const candidates = new Map(issues.map((i) => [i.id, extractIssueCandidates(i)]));
  const t1 = performance.now();
  const cpu1 = process.cpuUsage(cpu0);
  const result = extractConcepts({ issues, candidates });
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (u: NodeJS.CpuUsage) => ((u.user + u.system) / 1e6).toFixed(2);
  const total = t2 - t0;

  const rows: [string, string][] = [
    ["machine", `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`],
    ["issues", String(issues.length)],
    ["words", String(words)],
    ["read + clean (not counted)", `${(readMs / 1000).toFixed(2)} s`],
    ["candidates (NLP)", `${((t1 - t0) / 1000).toFixed(2)} s (CPU ${cpuSeconds(cpu1)} s)`],
    [
      "selection, mentions, passages, relations",
      `${((t2 - t1) / 1000).toFixed(2)} s (CPU ${((cpu.user + cpu.system - cpu1.user - cpu1.system) / 1e6).toFixed(2)} s)`,
    ],
    ["extraction total", `${(total / 1000).toFixed(2)} s (budget ${BUDGET_MS / 1000} s)`],
    // On a shared machine the wall time above grows with the load; CPU time says what the work costs.
    ["extraction CPU time (user + system)", `${cpuSeconds(cpu)} s`],
    ["load average (1 min)", os.loadavg()[0]!.toFixed(1)],
    ["concepts", String(result.concepts.length)],
    ["mentions", String(result.concepts.reduce((n, c) => n + c.mentions.length, 0))],
    ["relations", String(result.relations.length)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  return total <= BUDGET_MS ? 0 : 1;
}

runMain(main);
