/**
 * npm run bench:search [-- --queries 1000] [--issues 10000] [--skip-corpus] [--skip-generated] [--use-configured] [--verbose] [--keep <dir>]
 *
 * One run, two engines over the same documents: the search engine in use
 * (the built-in one unless MEILI_HOST is set) and SQLite FTS5 through
 * better-sqlite3 (scripts/bench/references.ts), both in this process.
 *  - Relevance on the natural questions (../shared/eval/questions-dev.jsonl),
 *    MRR@10 and Recall@1/5/10, beside a plain BM25.
 *  - Latency p50/p95/p99 of a page of results (ranking, facets, snippets; for
 *    the built-in engine the whole `search()` call, named-concept lookup and
 *    the freshness check against Postgres included; no HTTP) over a mix of
 *    queries like readers type them — keywords, questions, unfinished words,
 *    typos, quoted phrases, concept names, some with a year filter — each
 *    query timed on both engines back to back, so load on the machine hits
 *    both alike:
 *      on the real corpus (../shared/corpus), ingested into a throw-away database;
 *      on a generated corpus of 10,000 issues (scripts/bench/generate-corpus.ts).
 * --keep <dir> keeps the ingested databases under <dir> and reuses them on the next run.
 * Targets (issue 11): built-in p95 < 5 ms on the real corpus and < 20 ms at
 * 10,000 issues, and not slower than FTS5.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { getConfiguredEngineName, search } from "@/lib/search";
import { loadDevQuestions, scoreRuns, type Metrics } from "../eval-search";
import { generateCorpus } from "./generate-corpus";
import { loadAverage, machine, percentile } from "./measure";
import { buildQueryMix } from "./query-mix";
import { createFts5, createPlainBm25, loadReferenceDocs, type Fts5Reference } from "./references";
import { CORPUS_DIR, flag, hasFlag, withSearchDatabase } from "./search-harness";
import { runMain } from "@/lib/cli/main";

const TARGET_P95_MS = { small: 5, large: 20 };
const WARM_UP = 50;

type Latency = { p50: number; p95: number; p99: number; mean: number; max: number };

type Stats = {
  label: string;
  issues: number;
  concepts: number;
  queries: number;
  engine: Latency;
  fts5: Latency;
  byType: { type: string; n: number; engine: Latency; fts5: Latency }[];
  slowest: { q: string; ms: number }[];
  relevance?: { engine: Metrics; fts5: Metrics; bm25: Metrics };
  /** The first search: reads every document from Postgres and builds the index in memory. */
  coldMs: number;
  ftsBuildMs: number;
  heapMb: number;
};

function latency(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: times.reduce((s, t) => s + t, 0) / Math.max(1, times.length),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

async function relevance(
  db: Db,
  fts5: Fts5Reference,
  bm25: ReturnType<typeof createPlainBm25>,
): Promise<Stats["relevance"]> {
  const file = path.resolve(CORPUS_DIR, "..", "eval", "questions-dev.jsonl");
  if (!fs.existsSync(file)) return undefined;
  const cases = await loadDevQuestions(db, file);
  const engine: string[][] = [];
  for (const c of cases)
    engine.push(
      (await search(db, { q: c.q, kind: "issue", limit: 10, offset: 0 })).hits.map((h) => `${h.kind}:${h.slug}`),
    );
  const score = (ranked: string[][]) => scoreRuns(cases.map((c, i) => ({ ranked: ranked[i]!, relevant: c.relevant })));
  return {
    engine: score(engine),
    fts5: score(cases.map((c) => fts5.search(c.q, "issue", 10))),
    bm25: score(cases.map((c) => bm25.search(c.q, "issue", 10))),
  };
}

async function measure(label: string, db: Db, count: number, withRelevance: boolean): Promise<Stats> {
  const [row] = (await db.execute(
    sql`select (select count(*)::int from issues) as issues, (select count(*)::int from concepts where not hidden) as concepts`,
  )) as unknown as { issues: number; concepts: number }[];
  const heapBefore = process.memoryUsage().heapUsed;
  let started = performance.now();
  await search(db, { q: "warm up", kind: "all", limit: 10, offset: 0 });
  const coldMs = performance.now() - started;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const docs = await loadReferenceDocs(db);
  started = performance.now();
  const fts5 = createFts5(docs);
  const ftsBuildMs = performance.now() - started;
  process.stderr.write(
    `  first search (index loaded into memory) ${coldMs.toFixed(0)} ms; FTS5 index of ${docs.length} documents built in ${ftsBuildMs.toFixed(0)} ms\n`,
  );
  const queries = await buildQueryMix(db, count + WARM_UP);
  const engineTimes: number[] = [];
  const ftsTimes: number[] = [];
  const byType = new Map<string, { engine: number[]; fts5: number[] }>();
  const all: { q: string; ms: number }[] = [];
  let degraded = 0;
  for (const [i, { type, request }] of queries.entries()) {
    const runEngine = async () => {
      const t = performance.now();
      const response = await search(db, request);
      if (response.degraded) degraded++;
      return performance.now() - t;
    };
    const runFts5 = () => {
      const t = performance.now();
      fts5.query(
        request.q,
        request.kind === "issue" ? "issue" : "all",
        request.limit,
        typeof request.year === "number" ? request.year : undefined,
      );
      return performance.now() - t;
    };
    // Alternate which goes first, so neither always runs on a warmer cache.
    let e: number;
    let f: number;
    if (i % 2 === 0) {
      e = await runEngine();
      f = runFts5();
    } else {
      f = runFts5();
      e = await runEngine();
    }
    if (i < WARM_UP) continue;
    engineTimes.push(e);
    ftsTimes.push(f);
    const t = byType.get(type) ?? { engine: [], fts5: [] };
    t.engine.push(e);
    t.fts5.push(f);
    byType.set(type, t);
    all.push({ q: request.q + (request.year ? ` [year ${request.year}]` : ""), ms: e });
  }
  if (degraded > 0)
    process.stderr.write(`⚠ ${degraded} queries were answered by the built-in engine (Meilisearch unreachable)\n`);
  const stats: Stats = {
    label,
    issues: row?.issues ?? 0,
    concepts: row?.concepts ?? 0,
    queries: engineTimes.length,
    engine: latency(engineTimes),
    fts5: latency(ftsTimes),
    byType: [...byType]
      .map(([type, t]) => ({ type, n: t.engine.length, engine: latency(t.engine), fts5: latency(t.fts5) }))
      .sort((a, b) => a.type.localeCompare(b.type)),
    slowest: all.sort((a, b) => b.ms - a.ms).slice(0, 5),
    coldMs,
    ftsBuildMs,
    heapMb,
    ...(withRelevance ? { relevance: await relevance(db, fts5, createPlainBm25(docs)) } : {}),
  };
  fts5.close();
  return stats;
}

function printStats(all: Stats[]): void {
  const engineName = getConfiguredEngineName() === "postgres" ? "built-in" : "meilisearch";
  const f = (v: number) => v.toFixed(2).padStart(7);
  process.stdout.write(`\nSearch, in-process (${machine()}, load average ${loadAverage()} at the end)\n`);
  for (const s of all) {
    if (!s.relevance) continue;
    const r = s.relevance;
    const m = (x: Metrics) => `${x.mrr.toFixed(3)}   ${x.r1.toFixed(3)} ${x.r5.toFixed(3)} ${x.r10.toFixed(3)}`;
    process.stdout.write(
      `\nRelevance, ${r.engine.n} natural questions among the ${s.issues} issues of the ${s.label}:\n`,
    );
    process.stdout.write(`${"engine".padEnd(14)} MRR@10    R@1   R@5  R@10\n`);
    process.stdout.write(
      `${engineName.padEnd(14)} ${m(r.engine)}\n${"SQLite FTS5".padEnd(14)} ${m(r.fts5)}\n${"plain BM25".padEnd(14)} ${m(r.bm25)}\n`,
    );
  }
  process.stdout.write(`\nLatency of a page of 10 results, ms:\n`);
  process.stdout.write(
    `${"corpus".padEnd(16)} ${"issues".padStart(6)} ${"concepts".padStart(8)} ${"queries".padStart(7)}  ${"engine".padEnd(12)}     p50     p95     p99    mean     max\n`,
  );
  for (const s of all) {
    for (const [name, l] of [
      [engineName, s.engine],
      ["SQLite FTS5", s.fts5],
    ] as const) {
      process.stdout.write(
        `${s.label.padEnd(16)} ${String(s.issues).padStart(6)} ${String(s.concepts).padStart(8)} ${String(s.queries).padStart(7)}  ${name.padEnd(12)} ${f(l.p50)} ${f(l.p95)} ${f(l.p99)} ${f(l.mean)} ${f(l.max)}\n`,
      );
    }
  }
  // Both engines timed back to back on every query: their ratio is what load on the machine changes least.
  process.stdout.write(`\n${engineName} / FTS5, per percentile (below 1: faster):\n`);
  for (const s of all) {
    const r = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "–").padStart(6);
    process.stdout.write(
      `  ${s.label.padEnd(16)} p50 ${r(s.engine.p50, s.fts5.p50)}   p95 ${r(s.engine.p95, s.fts5.p95)}   p99 ${r(s.engine.p99, s.fts5.p99)}\n`,
    );
  }
  process.stdout.write(
    `\nIndex building (${engineName}: the first search reads every document from Postgres and analyses it; FTS5: inserting the same documents):\n`,
  );
  for (const s of all) {
    process.stdout.write(
      `  ${s.label}: ${engineName} ${(s.coldMs / 1000).toFixed(2)} s (≈ ${Math.max(0, s.heapMb).toFixed(0)} MB of heap), FTS5 ${(s.ftsBuildMs / 1000).toFixed(2)} s\n`,
    );
  }
  for (const s of all) {
    process.stdout.write(`\n${s.label}, by query type (p50 / p95 ms, ${engineName} vs FTS5):\n`);
    for (const t of s.byType) {
      process.stdout.write(
        `  ${t.type.padEnd(10)} ${String(t.n).padStart(4)}   ${t.engine.p50.toFixed(2)} / ${t.engine.p95.toFixed(2)}   vs   ${t.fts5.p50.toFixed(2)} / ${t.fts5.p95.toFixed(2)}\n`,
      );
    }
    if (hasFlag("verbose"))
      for (const slow of s.slowest) process.stdout.write(`  slow: ${slow.ms.toFixed(1)} ms  ${slow.q}\n`);
  }
  if (getConfiguredEngineName() !== "postgres") return;
  process.stdout.write("\n");
  for (const s of all) {
    const target = s.issues >= 10_000 ? TARGET_P95_MS.large : TARGET_P95_MS.small;
    const met = s.engine.p95 < target && s.engine.p95 <= s.fts5.p95;
    process.stdout.write(
      `Target on the ${s.label}: p95 < ${target} ms and not slower than FTS5: ${met ? "met" : "NOT met"} (${s.engine.p95.toFixed(2)} ms vs FTS5 ${s.fts5.p95.toFixed(2)} ms)\n`,
    );
  }
}

async function main(): Promise<number> {
  const count = Number(flag("queries") ?? 1000);
  const issues = Number(flag("issues") ?? 10_000);
  const results: Stats[] = [];

  if (hasFlag("use-configured")) {
    results.push(
      await withSearchDatabase({ useConfigured: true, inputs: [] }, (db) =>
        measure("configured database", db, count, false),
      ),
    );
  } else {
    if (!hasFlag("skip-corpus")) {
      if (!fs.existsSync(CORPUS_DIR)) process.stderr.write(`corpus not found at ${CORPUS_DIR}; skipping it\n`);
      else {
        const keepDir = flag("keep") && path.join(flag("keep")!, "corpus");
        results.push(
          await withSearchDatabase({ useConfigured: false, inputs: [CORPUS_DIR], keepDir, reuse: true }, (db) =>
            measure("real corpus", db, count, true),
          ),
        );
      }
    }
    if (!hasFlag("skip-generated")) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-generated-"));
      try {
        generateCorpus(dir, issues);
        const keepDir = flag("keep") && path.join(flag("keep")!, `generated-${issues}`);
        process.stderr.write(`generated ${issues} issues; ingesting (this takes a few minutes)…\n`);
        results.push(
          await withSearchDatabase({ useConfigured: false, inputs: [dir], keepDir, reuse: true }, (db) =>
            measure(`generated ${issues}`, db, count, false),
          ),
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  printStats(results);
  return 0;
}

runMain(main);
