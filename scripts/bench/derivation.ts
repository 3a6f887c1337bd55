/**
 * npm run bench:derivation -- <mode> ...
 *   (with CONCORDANCE_DATA_DIR pointing at an ingested archive; it is changed)
 *
 * (To compare two runs' results, tests/helpers/derived.ts dumps them in a canonical form.)
 *
 * The corpus-wide concept re-derivation (lib/concepts/store.ts's refreshConcepts, what the
 * background pass runs) step by step, on an archive already ingested:
 *   add <dir> <n>   one new generated issue (number n, written to <dir>) ingested the quick way, then
 *                   the re-derivation; then the same issue edited, and again;
 *   steps [runs]    the re-derivation marked due and run, `runs` times (nothing changed).
 * Each run prints its steps in seconds, and the CPU time this process spent on the pass.
 */
import { getDb } from "@/db";
import { runWithDatabase } from "@/lib/cli/run";
import { markDerivationPending } from "@/lib/concepts/derivation";
import { type RefreshSummary, refreshConcepts } from "@/lib/concepts/store";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { writeNextIssue } from "./generate-corpus";
import { loadAverage } from "./measure";

/** The pass and the CPU time this process spent on it (user + system; the database's own is not in it): on a shared machine, steadier than the wall clock. */
async function timed(pass: () => Promise<RefreshSummary>): Promise<RefreshSummary & { cpuMs: number }> {
  const before = process.cpuUsage();
  const summary = await pass();
  const { user, system } = process.cpuUsage(before);
  return { ...summary, cpuMs: (user + system) / 1000 };
}

const line = (label: string, s: RefreshSummary & { cpuMs: number }) =>
  `${label}: ${(s.durationMs / 1000).toFixed(2)} s (cpu ${(s.cpuMs / 1000).toFixed(2)} s) | ${Object.entries(s.steps)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`)
    .join(" | ")} | load ${loadAverage()}\n`;

const [mode = "steps", ...args] = process.argv.slice(2);
void runWithDatabase(async () => {
  const db = getDb();
  if (mode === "steps") {
    for (let i = 0; i < Number(args[0] ?? 1); i++) {
      await markDerivationPending(db, "benchmark");
      process.stdout.write(line(`pass ${i + 1}`, await timed(() => refreshConcepts(db))));
    }
  } else if (mode === "add") {
    for (const edit of [false, true]) {
      const file = writeNextIssue(args[0]!, Number(args[1]), { edit });
      const quick = await ingestPaths(db, [file], { quickConcepts: true });
      const label = `${edit ? "edited" : "new"} (quick ${((quick.timings.stageSteps.concepts?.quick ?? 0) / 1000).toFixed(2)} s), re-derivation`;
      process.stdout.write(line(label, await timed(() => refreshConcepts(db))));
    }
  } else {
    process.stderr.write("usage: npm run bench:derivation -- add <dir> <n> | steps [runs]\n");
    return 2;
  }
  return 0;
});
