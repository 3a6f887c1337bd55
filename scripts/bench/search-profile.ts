/**
 * node --import tsx scripts/bench/search-profile.ts --keep <dir> [--generated N] [--queries 1000] [--dump <file>] [--phases]
 *
 * A development aid for the built-in engine's query path, on a database kept
 * by `npm run bench:search -- --keep <dir>`:
 *  --dump <file>: every answer `search()` gives to the benchmark's query mix,
 *    the dev questions and deeper pages, one JSON line each (without the
 *    timing), so two versions of the engine can be compared result for result;
 *  --phases: where the time of those queries goes (generation check, named
 *    concept, plan, scoring, rerank, page, facets), p50/p95 per phase.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { search, type SearchRequest } from "@/lib/search";
import { withCurrentIndex } from "@/lib/search/builtin-cache";
import { searchIndex } from "@/lib/search/builtin-search";
import { findNamedConcept, suggestCorrection } from "@/lib/search/lookup";
import type { MemoryIndex } from "@/lib/search/memory-index";
import { DEFAULT_RANKING } from "@/lib/search/postings";
import { planQuery } from "@/lib/search/query-plan";
import { DEFAULT_PROXIMITY, scoreDocuments } from "@/lib/search/ranking";
import { loadDevQuestions, QUESTIONS_FILE } from "../eval-search";
import { buildQueryMix } from "./query-mix";
import { flag, hasFlag, withSearchDatabase } from "./search-harness";

async function requests(db: Db, count: number): Promise<SearchRequest[]> {
  const mix = (await buildQueryMix(db, count)).map((m) => m.request);
  const out: SearchRequest[] = [...mix];
  if (!flag("generated") && fs.existsSync(QUESTIONS_FILE)) for (const c of await loadDevQuestions(db)) out.push({ q: c.q, kind: "issue", limit: 10, offset: 0 });
  // Deeper pages and other shapes of the same queries.
  for (const r of mix.slice(0, 100)) {
    out.push({ ...r, offset: 10, limit: 10 });
    out.push({ ...r, offset: 45, limit: 20 });
    out.push({ ...r, kind: "concept" });
  }
  return out;
}

function pct(times: number[], p: number): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}

async function main(): Promise<void> {
  const keep = flag("keep");
  if (!keep) throw new Error("--keep <dir> (a directory kept by bench:search) is required");
  const generated = flag("generated");
  const dir = path.join(keep, generated ? `generated-${generated}` : "corpus");
  const count = Number(flag("queries") ?? 1000);
  await withSearchDatabase({ useConfigured: false, inputs: [], keepDir: dir, reuse: true }, async (db) => {
    const all = await requests(db, count);
    await search({ q: "warm up", kind: "all", limit: 10, offset: 0 }, db);
    const dump = flag("dump");
    if (dump) {
      const lines: string[] = [];
      for (const r of all) {
        const { tookMs, ...rest } = await search(r, db);
        void tookMs;
        lines.push(JSON.stringify({ request: r, response: rest }));
      }
      fs.writeFileSync(dump, lines.join("\n") + "\n");
      process.stderr.write(`wrote ${lines.length} answers to ${dump}\n`);
    }
    if (hasFlag("loop")) {
      // Only search() calls, e.g. under --cpu-prof.
      const times: number[] = [];
      const cpu = process.cpuUsage();
      for (let round = 0; round < 3; round++) {
        for (const r of all) {
          const t = performance.now();
          await search(r, db);
          times.push(performance.now() - t);
        }
      }
      const used = process.cpuUsage(cpu);
      process.stdout.write(
        `search() x ${times.length}: p50 ${pct(times, 50).toFixed(3)}  p95 ${pct(times, 95).toFixed(3)}  p99 ${pct(times, 99).toFixed(3)} ms; this process's CPU ${((used.user + used.system) / 1000 / times.length).toFixed(3)} ms a query\n`,
      );
    }
    if (hasFlag("phases")) {
      const index = await withCurrentIndex(db, DEFAULT_RANKING, (i: MemoryIndex) => i);
      const phases = new Map<string, number[]>();
      const add = (name: string, ms: number) => (phases.get(name) ?? phases.set(name, []).get(name)!).push(ms);
      for (let round = 0; round < 2; round++) {
        for (const r of all) {
          let t = performance.now();
          await db.execute(sql`select generation::float8 as generation from search_stats where id = 1`);
          const gen = performance.now() - t;
          t = performance.now();
          await withCurrentIndex(db, DEFAULT_RANKING, () => 0);
          const emptyRead = performance.now() - t;
          t = performance.now();
          findNamedConcept(index, r.q);
          const named = performance.now() - t;
          t = performance.now();
          const plan = planQuery(index, r.q);
          const planMs = performance.now() - t;
          t = performance.now();
          const mask = index.mask(r.kind, r.year, r.concept);
          scoreDocuments(index, plan, mask);
          const score = performance.now() - t;
          t = performance.now();
          const result = searchIndex(index, r, DEFAULT_PROXIMITY);
          const whole = performance.now() - t;
          t = performance.now();
          if (result.total === 0) suggestCorrection(index, r.q);
          const suggest = performance.now() - t;
          t = performance.now();
          await search(r, db);
          const full = performance.now() - t;
          if (round === 0) continue;
          add("generation check (1 round trip)", gen);
          add("empty read, freshness-checked", emptyRead);
          add("named concept", named);
          add("plan", planMs);
          add("score (mask+BM25F)", score);
          add("searchIndex (all)", whole);
          add("suggest", suggest);
          add("search() end to end", full);
        }
      }
      process.stdout.write(`${all.length} queries, index of ${index.size} documents\n`);
      for (const [name, times] of phases) {
        process.stdout.write(`${name.padEnd(34)} p50 ${pct(times, 50).toFixed(3)}  p95 ${pct(times, 95).toFixed(3)}  p99 ${pct(times, 99).toFixed(3)}  total ${times.reduce((a, b) => a + b, 0).toFixed(0)}\n`);
      }
    }
  });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
