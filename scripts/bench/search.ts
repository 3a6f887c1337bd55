/**
 * npm run bench:search [-- --queries 1000] [--issues 10000] [--skip-corpus] [--skip-generated] [--use-configured]
 *
 * Server-side search latency (the time `search()` takes in the server process:
 * engine query, named-concept lookup, snippets; no HTTP) over a mix of queries
 * like readers type them: keywords, questions, unfinished words (as-you-type
 * prefixes), typos, quoted phrases, concept names, some with a year filter.
 *  - on the real corpus (../shared/corpus), ingested into a throw-away database;
 *  - on a generated corpus of 10,000 issues (scripts/bench/generate-corpus.ts).
 * Target (issue #5): p95 ≤ 20 ms for the built-in engine at 10,000 issues.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { getConfiguredEngineName, search, type SearchRequest } from "@/lib/search";
import { generateCorpus, makeRandom } from "./generate-corpus";
import { CORPUS_DIR, flag, hasFlag, withSearchDatabase } from "./search-harness";

const TARGET_P95_MS = 20;
const WARM_UP = 50;

const QUESTION_STARTS = ["how do I", "why does", "what is the best way to handle", "when should we", "how can a team avoid"];

type MixedQuery = { type: string; request: SearchRequest };

/** A deterministic mix of queries drawn from the indexed text itself. */
async function buildQueryMix(db: Db, count: number, seed = 7): Promise<MixedQuery[]> {
  const rand = makeRandom(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const issues = (await db.execute(sql`
    select title, substr(text, 1, 2000) as text, extract(year from published_at)::int as year
    from issues order by id`)) as unknown as { title: string; text: string; year: number | null }[];
  const concepts = (await db.execute(sql`select name from concepts where not hidden limit 500`)) as unknown as { name: string }[];
  if (issues.length === 0) throw new Error("no issues to build queries from");
  const wordsOf = (s: string) => (s.match(/[\p{L}]{3,}/gu) ?? []).map((w) => w.toLowerCase());

  const queries: MixedQuery[] = [];
  for (let i = 0; i < count; i++) {
    const issue = pick(issues);
    const titleWords = wordsOf(issue.title);
    const textWords = wordsOf(issue.text);
    const word = pick(titleWords.length > 0 ? titleWords : textWords.length > 0 ? textWords : ["search"]);
    const roll = rand();
    let q: string;
    let type: string;
    if (roll < 0.25) {
      type = "keywords";
      q = [word, pick(textWords.length > 0 ? textWords : [word])].join(" ");
    } else if (roll < 0.45) {
      type = "question";
      const start = Math.floor(rand() * Math.max(1, textWords.length - 4));
      q = `${pick(QUESTION_STARTS)} ${textWords.slice(start, start + 4).join(" ")}`;
    } else if (roll < 0.6) {
      type = "prefix";
      q = word.slice(0, 3 + Math.floor(rand() * 4));
    } else if (roll < 0.75) {
      type = "typo";
      const at = Math.min(word.length - 2, 1 + Math.floor(rand() * (word.length - 2)));
      q = word.length >= 5 ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : word;
    } else if (roll < 0.85) {
      type = "phrase";
      const start = Math.floor(rand() * Math.max(1, textWords.length - 3));
      q = `"${textWords.slice(start, start + 2 + Math.floor(rand() * 2)).join(" ")}"`;
    } else {
      type = concepts.length > 0 ? "concept" : "title";
      q = concepts.length > 0 ? pick(concepts).name : issue.title;
    }
    const withYear = rand() < 0.1 && issue.year !== null;
    if (withYear) type = `${type}+year`;
    queries.push({ type: withYear ? "filtered" : type, request: { q: q.slice(0, 256), kind: "all", limit: 10, offset: 0, ...(withYear ? { year: issue.year! } : {}) } });
  }
  return queries;
}

type Stats = {
  label: string;
  issues: number;
  queries: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  byType: { type: string; n: number; p50: number; p95: number }[];
  slowest: { q: string; ms: number }[];
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function measure(label: string, db: Db, count: number): Promise<Stats> {
  const [row] = (await db.execute(sql`select count(*)::int as n from issues`)) as unknown as { n: number }[];
  const queries = await buildQueryMix(db, count + WARM_UP);
  const times: number[] = [];
  const byType = new Map<string, number[]>();
  const all: { q: string; ms: number }[] = [];
  let degraded = 0;
  for (const [i, { type, request }] of queries.entries()) {
    const started = performance.now();
    const response = await search(request, db);
    const ms = performance.now() - started;
    if (response.degraded) degraded++;
    if (i < WARM_UP) continue;
    times.push(ms);
    byType.set(type, [...(byType.get(type) ?? []), ms]);
    all.push({ q: request.q + (request.year ? ` [year ${request.year}]` : ""), ms });
  }
  if (degraded > 0) process.stderr.write(`⚠ ${degraded} queries were answered by the built-in engine (Meilisearch unreachable)\n`);
  const sorted = [...times].sort((a, b) => a - b);
  return {
    label,
    issues: row?.n ?? 0,
    queries: times.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: times.reduce((s, t) => s + t, 0) / Math.max(1, times.length),
    max: sorted[sorted.length - 1] ?? 0,
    byType: [...byType]
      .map(([type, ts]) => {
        const s = [...ts].sort((a, b) => a - b);
        return { type, n: ts.length, p50: percentile(s, 50), p95: percentile(s, 95) };
      })
      .sort((a, b) => a.type.localeCompare(b.type)),
    slowest: all.sort((a, b) => b.ms - a.ms).slice(0, 5),
  };
}

function printStats(all: Stats[]): void {
  const f = (v: number) => v.toFixed(1).padStart(7);
  process.stdout.write(`\nSearch latency, server side (engine: ${getConfiguredEngineName()}; ${os.cpus().length} cores, Node ${process.versions.node})\n`);
  process.stdout.write(`${"corpus".padEnd(24)} ${"issues".padStart(7)} ${"queries".padStart(8)}   p50 ms  p95 ms  p99 ms  mean ms  max ms\n`);
  for (const s of all) {
    process.stdout.write(`${s.label.padEnd(24)} ${String(s.issues).padStart(7)} ${String(s.queries).padStart(8)}  ${f(s.p50)} ${f(s.p95)} ${f(s.p99)}  ${f(s.mean)} ${f(s.max)}\n`);
  }
  for (const s of all) {
    process.stdout.write(`\n${s.label} by query type:   ${s.byType.map((t) => `${t.type} (${t.n}) p50 ${t.p50.toFixed(1)} / p95 ${t.p95.toFixed(1)} ms`).join(";  ")}\n`);
    if (hasFlag("verbose")) for (const slow of s.slowest) process.stdout.write(`  slow: ${slow.ms.toFixed(1)} ms  ${slow.q}\n`);
  }
}

async function main(): Promise<number> {
  const count = Number(flag("queries") ?? 1000);
  const issues = Number(flag("issues") ?? 10_000);
  const results: Stats[] = [];

  if (hasFlag("use-configured")) {
    results.push(await withSearchDatabase({ useConfigured: true, inputs: [] }, (db) => measure("configured database", db, count)));
  } else {
    if (!hasFlag("skip-corpus")) {
      if (!fs.existsSync(CORPUS_DIR)) process.stderr.write(`corpus not found at ${CORPUS_DIR}; skipping it\n`);
      else results.push(await withSearchDatabase({ useConfigured: false, inputs: [CORPUS_DIR] }, (db) => measure("real corpus", db, count)));
    }
    if (!hasFlag("skip-generated")) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-generated-"));
      try {
        generateCorpus(dir, issues);
        process.stderr.write(`generated ${issues} issues; ingesting (this takes a few minutes)…\n`);
        results.push(await withSearchDatabase({ useConfigured: false, inputs: [dir] }, (db) => measure(`generated ${issues}`, db, count)));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  printStats(results);
  const big = results.find((r) => r.issues >= 10_000);
  if (big && getConfiguredEngineName() === "postgres") {
    process.stdout.write(`\nTarget p95 ≤ ${TARGET_P95_MS} ms at 10,000 issues: ${big.p95 <= TARGET_P95_MS ? "met" : "NOT met"} (${big.p95.toFixed(1)} ms)\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
