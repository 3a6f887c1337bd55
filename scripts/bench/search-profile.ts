/**
 * node --import tsx scripts/bench/search-profile.ts --keep <dir> [--generated N] [--queries 1000] [--match <regexp>]
 *   [--dump <file>] [--phases] [--loop] [--intrinsic] [--compare <other checkout>] [--verbose]
 *
 * A development aid for the built-in engine's query path, on a database kept
 * by `npm run bench:search -- --keep <dir>`:
 *  --dump <file>: every answer `search()` gives to the benchmark's query mix,
 *    the dev questions and deeper pages, one JSON line each (without the
 *    timing), so two versions of the engine can be compared result for result;
 *  --phases: where the time of those queries goes (generation check, named
 *    concept, plan, scoring, the whole page), p50/p95 per phase;
 *  --loop: only search() calls (to run under `node --cpu-prof`), with this
 *    process's CPU time per query;
 *  --intrinsic: the engine's own work per request, the fastest of 5 runs;
 *  --compare <dir>: another checkout's engine (e.g. `git worktree add` of an
 *    earlier commit) against this one, query by query, in turns.
 * --match keeps only the queries the regular expression matches.
 */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db";
import { search, type SearchRequest } from "@/lib/search";
import { readGeneration, withCurrentIndex } from "@/lib/search/builtin-cache";
import { searchIndex } from "@/lib/search/builtin-search";
import { findNamedConcept, suggestCorrection } from "@/lib/search/lookup";
import type { MemoryIndex } from "@/lib/search/memory-index";
import { DEFAULT_RANKING } from "@/lib/search/postings";
import { planQuery } from "@/lib/search/query-plan";
import { DEFAULT_PROXIMITY, scoreDocuments } from "@/lib/search/ranking";
import { loadDevQuestions, QUESTIONS_FILE } from "../eval-search";
import { buildQueryMix } from "./query-mix";
import { flag, hasFlag, withSearchDatabase } from "./search-harness";
import { runMain } from "@/lib/cli/main";

async function requests(db: Db, count: number): Promise<SearchRequest[]> {
  const mix = (await buildQueryMix(db, count)).map((m) => m.request);
  const out: SearchRequest[] = [...mix];
  if (!flag("generated") && fs.existsSync(QUESTIONS_FILE))
    for (const c of await loadDevQuestions(db)) out.push({ q: c.q, kind: "issue", limit: 10, offset: 0 });
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

async function main(): Promise<number> {
  const keep = flag("keep");
  if (!keep) throw new Error("--keep <dir> (a directory kept by bench:search) is required");
  const generated = flag("generated");
  const dir = path.join(keep, generated ? `generated-${generated}` : "corpus");
  const count = Number(flag("queries") ?? 1000);
  await withSearchDatabase({ useConfigured: false, inputs: [], keepDir: dir, reuse: true }, async (db) => {
    const only = flag("match");
    const all = (await requests(db, count)).filter((r) => !only || new RegExp(only).test(r.q));
    await search(db, { q: "warm up", kind: "all", limit: 10, offset: 0 });
    const dump = flag("dump");
    if (dump) {
      const lines: string[] = [];
      for (const r of all) {
        const { tookMs, ...rest } = await search(db, r);
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
          await search(db, r);
          times.push(performance.now() - t);
        }
      }
      const used = process.cpuUsage(cpu);
      process.stdout.write(
        `search() x ${times.length}: p50 ${pct(times, 50).toFixed(3)}  p95 ${pct(times, 95).toFixed(3)}  p99 ${pct(times, 99).toFixed(3)} ms; this process's CPU ${((used.user + used.system) / 1000 / times.length).toFixed(3)} ms a query\n`,
      );
    }
    if (hasFlag("intrinsic")) {
      // The engine's own work per request (named concept, page, suggestion; no freshness check), the
      // fastest of 5 runs each: a machine shared with other work slows every run, the fastest least.
      const mins: number[] = [];
      const slow: { ms: number; what: string }[] = [];
      for (const r of all) {
        let min = Infinity;
        for (let k = 0; k < 5; k++) {
          await withCurrentIndex(db, DEFAULT_RANKING, (index) => {
            const t0 = performance.now();
            findNamedConcept(index, r.q);
            const result = searchIndex(index, r, DEFAULT_PROXIMITY);
            if (result.total === 0) suggestCorrection(index, r.q);
            min = Math.min(min, performance.now() - t0);
          });
        }
        mins.push(min);
        slow.push({ ms: min, what: `${r.q} [${r.kind}${r.year ? ` ${r.year}` : ""} ${r.offset}+${r.limit}]` });
      }
      if (hasFlag("verbose"))
        for (const x of slow.sort((a, b) => b.ms - a.ms).slice(0, 15))
          process.stdout.write(`  ${x.ms.toFixed(2)} ms  ${x.what}\n`);
      process.stdout.write(
        `intrinsic (fastest of 5) x ${mins.length}: p50 ${pct(mins, 50).toFixed(3)}  p95 ${pct(mins, 95).toFixed(3)}  p99 ${pct(mins, 99).toFixed(3)}  mean ${(mins.reduce((a, b) => a + b, 0) / mins.length).toFixed(3)} ms\n`,
      );
    }
    const against = flag("compare");
    if (against) {
      // Another checkout's engine over the same database, timed query by query against this one, in
      // turns (which goes first alternates), the fastest of 3 runs each: a paired comparison that
      // load on the machine hits alike. Its index is cached under other parameters (an extra key
      // the ranking ignores), so the two copies don't share one.
      type Engine = {
        cache: typeof import("@/lib/search/builtin-cache");
        search: typeof import("@/lib/search/builtin-search");
        lookup: typeof import("@/lib/search/lookup");
      };
      const load = async (root: string): Promise<Engine> => ({
        cache: await import(path.join(root, "lib/search/builtin-cache.ts")),
        search: await import(path.join(root, "lib/search/builtin-search.ts")),
        lookup: await import(path.join(root, "lib/search/lookup.ts")),
      });
      const engines = [await load(path.resolve(against)), await load(process.cwd())];
      const params = [{ ...DEFAULT_RANKING, variant: "other" }, DEFAULT_RANKING];
      const indexes = await Promise.all(engines.map((e, k) => e.cache.withCurrentIndex(db, params[k]!, (i) => i)));
      const times: number[][] = [[], []];
      const slow: { ratio: number; a: number; b: number; q: string }[] = [];
      for (const [n, r] of all.entries()) {
        const best = [Infinity, Infinity];
        for (let round = 0; round < 3; round++) {
          for (const k of (n + round) % 2 === 0 ? [0, 1] : [1, 0]) {
            const e = engines[k]!;
            const index = indexes[k]! as never;
            const t = performance.now();
            e.lookup.findNamedConcept(index, r.q);
            const result = e.search.searchIndex(index, r, DEFAULT_PROXIMITY);
            if (result.total === 0) e.lookup.suggestCorrection(index, r.q);
            best[k] = Math.min(best[k]!, performance.now() - t);
          }
        }
        times[0]!.push(best[0]!);
        times[1]!.push(best[1]!);
        slow.push({ ratio: best[1]! / best[0]!, a: best[0]!, b: best[1]!, q: r.q });
      }
      for (const [k, name] of [
        [0, `other (${against})`],
        [1, "this checkout"],
      ] as const) {
        const t = times[k]!;
        process.stdout.write(
          `${name.padEnd(40)} p50 ${pct(t, 50).toFixed(3)}  p95 ${pct(t, 95).toFixed(3)}  p99 ${pct(t, 99).toFixed(3)}  mean ${(t.reduce((a, b) => a + b, 0) / t.length).toFixed(3)} ms\n`,
        );
      }
      if (hasFlag("verbose"))
        for (const x of slow.sort((a, b) => b.b - a.b).slice(0, 10))
          process.stdout.write(`  ${x.b.toFixed(2)} vs ${x.a.toFixed(2)} ms  ${x.q}\n`);
    }
    if (hasFlag("phases")) {
      const index = await withCurrentIndex(db, DEFAULT_RANKING, (i: MemoryIndex) => i);
      const phases = new Map<string, number[]>();
      const add = (name: string, ms: number) => (phases.get(name) ?? phases.set(name, []).get(name)!).push(ms);
      for (let round = 0; round < 2; round++) {
        for (const r of all) {
          let t = performance.now();
          await readGeneration(db);
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
          await search(db, r);
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
        process.stdout.write(
          `${name.padEnd(34)} p50 ${pct(times, 50).toFixed(3)}  p95 ${pct(times, 95).toFixed(3)}  p99 ${pct(times, 99).toFixed(3)}  total ${times.reduce((a, b) => a + b, 0).toFixed(0)}\n`,
        );
      }
    }
  });
  return 0;
}

runMain(main);
