/**
 * npm run eval:search [-- --use-configured] [--verbose] [--questions <file>] [--keep <dir>]
 *
 * Relevance of the search engine in use (Meilisearch when MEILI_HOST is set,
 * else the built-in one), beside a plain BM25 and SQLite FTS5 computed here
 * over the same documents in the same run (scripts/bench/references.ts):
 *  - the natural questions of ../shared/eval/questions-dev.jsonl, each
 *    answered by one issue of the 2020 book, searched among issues over the
 *    whole corpus; also per half (questions about even / odd issues), the
 *    2-fold split used to check that a change carries over;
 *  - our own judged queries (tests/fixtures/search-judgments.json, the part
 *    looked at while tuning, and search-judgments-heldout.json, never looked
 *    at), searched among issues and concepts as the search box does.
 * Prints MRR@10 and Recall@1/5/10.
 *
 * By default the corpus (../shared/corpus) is ingested into a throw-away
 * embedded PostgreSQL (--keep <dir> keeps it there for the next run);
 * --use-configured evaluates the configured database as is.
 * Target (issue 11): MRR@10 ≥ 0.92 on the dev questions.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { getConfiguredEngineName, search, type SearchKind } from "@/lib/search";
import { CORPUS_DIR, flag, hasFlag, withSearchDatabase } from "./bench/search-harness";
import { createFts5, createPlainBm25, loadReferenceDocs, type Reference } from "./bench/references";

export const TARGET_MRR = 0.92;
export const QUESTIONS_FILE = path.resolve(CORPUS_DIR, "..", "eval", "questions-dev.jsonl");
const JUDGMENTS = path.join(process.cwd(), "tests", "fixtures", "search-judgments.json");
const HELD_OUT = path.join(process.cwd(), "tests", "fixtures", "search-judgments-heldout.json");

export type Case = { group: string; q: string; kind: SearchKind; relevant: string[] };

// ─── Metrics ────────────────────────────────────────────────────────────────

export type Metrics = { n: number; mrr: number; r1: number; r5: number; r10: number };

export function scoreRuns(runs: { ranked: string[]; relevant: string[] }[]): Metrics {
  const n = runs.length;
  const mean = (f: (r: { ranked: string[]; relevant: string[] }) => number) =>
    n === 0 ? 0 : runs.reduce((s, r) => s + f(r), 0) / n;
  const recall = (k: number) => (r: { ranked: string[]; relevant: string[] }) =>
    r.relevant.filter((id) => r.ranked.slice(0, k).includes(id)).length / r.relevant.length;
  return {
    n,
    mrr: mean((r) => {
      const i = r.ranked.slice(0, 10).findIndex((id) => r.relevant.includes(id));
      return i < 0 ? 0 : 1 / (i + 1);
    }),
    r1: mean(recall(1)),
    r5: mean(recall(5)),
    r10: mean(recall(10)),
  };
}

// ─── Cases ──────────────────────────────────────────────────────────────────

/**
 * The dev questions with their answers as `issue:<slug>`: question `n` is
 * answered by issue n of the book ingested from corpus/tbm2020.
 */
export async function loadDevQuestions(db: Db, file = QUESTIONS_FILE): Promise<Case[]> {
  const book = (await db.execute(
    sql`select number, slug from issues where source_path like ${"%/tbm2020/%"} and number is not null`,
  )) as unknown as { number: number; slug: string }[];
  const slugOf = new Map(book.map((b) => [b.number, b.slug]));
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { q: string; n: number })
    .map((x) => {
      const slug = slugOf.get(x.n);
      if (!slug) throw new Error(`no issue ${x.n} of the book in the index (was ${CORPUS_DIR}/tbm2020 ingested?)`);
      return { group: x.n % 2 === 0 ? "even" : "odd", q: x.q, kind: "issue" as const, relevant: [`issue:${slug}`] };
    });
}

function loadJudgments(file: string, known: Set<string>): { cases: Case[]; skipped: string[] } {
  const queries = (
    JSON.parse(fs.readFileSync(file, "utf8")) as { queries: { type: string; q: string; relevant: string[] }[] }
  ).queries;
  const cases: Case[] = [];
  const skipped: string[] = [];
  for (const j of queries) {
    const relevant = j.relevant.filter((id) => known.has(id));
    if (relevant.length === 0) skipped.push(j.q);
    else cases.push({ group: j.type, q: j.q, kind: "all", relevant });
  }
  return { cases, skipped };
}

// ─── Running ────────────────────────────────────────────────────────────────

type Runs = { engine: string[][]; references: string[][][] };

async function runCases(db: Db, cases: Case[], references: Reference[]): Promise<Runs & { degraded: boolean }> {
  let degraded = false;
  const engine: string[][] = [];
  for (const c of cases) {
    const response = await search(db, { q: c.q, kind: c.kind, limit: 10, offset: 0 });
    degraded ||= response.degraded;
    engine.push(response.hits.map((h) => `${h.kind}:${h.slug}`));
  }
  const refs = references.map((r) => cases.map((c) => r.search(c.q, c.kind === "issue" ? "issue" : "all", 10)));
  return { engine, references: refs, degraded };
}

const f3 = (v: number) => v.toFixed(3);

function printSection(title: string, cases: Case[], runs: Runs, names: string[], groups: string[]): Metrics {
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(
    `${"".padEnd(14)} ${"n".padStart(4)}  ${names.map((n) => `${n.padStart(12)} MRR@10   R@1   R@5  R@10`).join("   ")}\n`,
  );
  let overall: Metrics | undefined;
  for (const group of ["all", ...groups]) {
    const idx = cases.flatMap((c, i) => (group === "all" || c.group === group ? [i] : []));
    if (idx.length === 0) continue;
    const cols = [runs.engine, ...runs.references].map((ranked) =>
      scoreRuns(idx.map((i) => ({ ranked: ranked[i]!, relevant: cases[i]!.relevant }))),
    );
    if (group === "all") overall = cols[0];
    process.stdout.write(
      `${group.padEnd(14)} ${String(idx.length).padStart(4)}  ${cols.map((m) => `${" ".repeat(12)} ${f3(m.mrr).padStart(6)} ${f3(m.r1)} ${f3(m.r5)} ${f3(m.r10)}`).join("   ")}\n`,
    );
  }
  return overall!;
}

function printMisses(cases: Case[], runs: Runs): void {
  for (const [i, c] of cases.entries()) {
    const ranked = runs.engine[i]!;
    const rank = ranked.findIndex((id) => c.relevant.includes(id));
    if (rank === 0) continue;
    process.stdout.write(
      `  [${c.group}] "${c.q}" → ${rank < 0 ? "not in top 10" : `rank ${rank + 1}`}; got ${ranked.slice(0, 3).join(", ")}\n`,
    );
  }
}

async function evaluate(db: Db): Promise<number> {
  const docs = await loadReferenceDocs(db);
  const known = new Set(docs.map((d) => d.key));
  const fts5 = createFts5(docs);
  const references = [createPlainBm25(docs), fts5];
  const engineName = getConfiguredEngineName() === "postgres" ? "built-in" : "meilisearch";
  const names = [engineName, ...references.map((r) => r.name)];
  const issues = docs.filter((d) => d.kind === "issue").length;
  let degraded = false;

  let devMrr: number | undefined;
  const questionsFile = flag("questions") ?? QUESTIONS_FILE;
  if (fs.existsSync(questionsFile)) {
    const cases = await loadDevQuestions(db, questionsFile);
    const runs = await runCases(db, cases, references);
    degraded ||= runs.degraded;
    devMrr = printSection(
      `Natural questions (${path.basename(questionsFile)}): ${cases.length}, among ${issues} issues; halves: questions about even / odd issues`,
      cases,
      runs,
      names,
      ["even", "odd"],
    ).mrr;
    if (hasFlag("verbose")) printMisses(cases, runs);
  } else {
    process.stdout.write(`\n(no natural questions at ${questionsFile})\n`);
  }

  for (const [label, file] of [
    ["Judged queries, tuning part", flag("judgments") ?? JUDGMENTS],
    ["Judged queries, held out", HELD_OUT],
  ] as const) {
    const { cases, skipped } = loadJudgments(file, known);
    const runs = await runCases(db, cases, references);
    degraded ||= runs.degraded;
    printSection(
      `${label} (${path.basename(file)}): ${cases.length}, among ${docs.length} issues and concepts`,
      cases,
      runs,
      names,
      ["question", "keyword", "typo", "concept"],
    );
    if (skipped.length > 0)
      process.stdout.write(`Skipped (no judged document in this index): ${skipped.map((q) => `"${q}"`).join(", ")}\n`);
    if (hasFlag("verbose") && label.includes("tuning")) printMisses(cases, runs);
  }
  fts5.close();

  if (degraded)
    process.stdout.write(
      "\n⚠ Meilisearch was unreachable for some queries: those were answered by the built-in engine.\n",
    );
  if (devMrr !== undefined) {
    process.stdout.write(
      `\nTarget MRR@10 ≥ ${TARGET_MRR} on the natural questions: ${devMrr >= TARGET_MRR ? "met" : "NOT met"} (${f3(devMrr)})\n`,
    );
  }
  return 0;
}

async function main(): Promise<number> {
  const useConfigured = hasFlag("use-configured");
  if (!useConfigured && !fs.existsSync(CORPUS_DIR)) {
    process.stderr.write(
      `The corpus is not at ${CORPUS_DIR}; pass --use-configured to evaluate the configured database.\n`,
    );
    return 1;
  }
  return withSearchDatabase({ useConfigured, inputs: [CORPUS_DIR], keepDir: flag("keep") }, evaluate);
}

// Run as a script, not when a test imports the helpers.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
