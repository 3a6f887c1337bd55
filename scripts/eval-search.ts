/**
 * npm run eval:search [-- --use-configured] [--verbose] [--judgments <file>]
 *
 * Relevance of the search engine in use (Meilisearch when MEILI_HOST is set,
 * else the built-in one) on the judged queries in
 * tests/fixtures/search-judgments.json, beside a plain BM25 baseline computed
 * here over the same documents (title + text, lower-cased words, no stemming,
 * no typo tolerance, k1 = 1.2, b = 0.75). Prints MRR@10 and Recall@5 per query
 * type and overall.
 *
 * By default the corpus (../shared/corpus) is ingested into a throw-away
 * embedded PostgreSQL; --use-configured evaluates the configured database as is.
 * Target (issue #5): MRR@10 ≥ 0.85.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { getConfiguredEngineName, search } from "@/lib/search";
import { normalizeWord } from "@/lib/search/text";
import { CORPUS_DIR, flag, hasFlag, withSearchDatabase } from "./bench/search-harness";

type Judgment = { type: string; q: string; relevant: string[] };
type Scored = { type: string; q: string; relevant: string[]; engine: string[]; baseline: string[] };

const TARGET_MRR = 0.85;

// ─── Plain BM25 baseline ────────────────────────────────────────────────────

type BaselineDoc = { id: string; terms: Map<string, number>; length: number };

function words(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).map(normalizeWord);
}

function buildBaseline(docs: { id: string; text: string }[]) {
  const indexed: BaselineDoc[] = docs.map((d) => {
    const terms = new Map<string, number>();
    const tokens = words(d.text);
    for (const t of tokens) terms.set(t, (terms.get(t) ?? 0) + 1);
    return { id: d.id, terms, length: tokens.length };
  });
  const df = new Map<string, number>();
  for (const d of indexed) for (const t of d.terms.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = indexed.length;
  const avgdl = indexed.reduce((s, d) => s + d.length, 0) / Math.max(1, n);
  const k1 = 1.2;
  const b = 0.75;
  return (q: string, k = 10): string[] => {
    const terms = [...new Set(words(q))];
    const scores: { id: string; score: number }[] = [];
    for (const d of indexed) {
      let score = 0;
      for (const t of terms) {
        const tf = d.terms.get(t);
        if (!tf) continue;
        const f = df.get(t) ?? 0;
        const idf = Math.log(1 + (n - f + 0.5) / (f + 0.5));
        score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / avgdl));
      }
      if (score > 0) scores.push({ id: d.id, score });
    }
    return scores.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, k).map((s) => s.id);
  };
}

async function loadBaselineDocs(db: Db): Promise<{ id: string; text: string }[]> {
  const issues = (await db.execute(sql`select slug, title, text from issues`)) as unknown as { slug: string; title: string; text: string }[];
  const concepts = (await db.execute(
    sql`select slug, name, aliases, coalesce(definition_text, '') as definition from concepts where not hidden`,
  )) as unknown as { slug: string; name: string; aliases: string[]; definition: string }[];
  return [
    ...issues.map((i) => ({ id: `issue:${i.slug}`, text: `${i.title}\n${i.text}` })),
    ...concepts.map((c) => ({ id: `concept:${c.slug}`, text: [c.name, ...c.aliases, c.definition].join("\n") })),
  ];
}

// ─── Metrics ────────────────────────────────────────────────────────────────

function reciprocalRank(ranked: string[], relevant: string[], k = 10): number {
  const i = ranked.slice(0, k).findIndex((id) => relevant.includes(id));
  return i < 0 ? 0 : 1 / (i + 1);
}

function recallAt(ranked: string[], relevant: string[], k = 5): number {
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

function printTable(results: Scored[], engineName: string): { mrr: number } {
  const groups = new Map<string, Scored[]>([["all", results]]);
  for (const r of results) groups.set(r.type, [...(groups.get(r.type) ?? []), r]);
  const rows = [...groups].map(([type, rs]) => ({
    type,
    n: rs.length,
    engineMrr: mean(rs.map((r) => reciprocalRank(r.engine, r.relevant))),
    engineRecall: mean(rs.map((r) => recallAt(r.engine, r.relevant))),
    baseMrr: mean(rs.map((r) => reciprocalRank(r.baseline, r.relevant))),
    baseRecall: mean(rs.map((r) => recallAt(r.baseline, r.relevant))),
  }));
  const f = (v: number) => v.toFixed(3).padStart(8);
  const name = engineName.padStart(10);
  process.stdout.write(`\n${"queries".padEnd(10)} ${"n".padStart(4)}  ${name} MRR@10 ${name} R@5   BM25 MRR@10   BM25 R@5\n`);
  for (const r of rows) {
    process.stdout.write(
      `${r.type.padEnd(10)} ${String(r.n).padStart(4)}  ${" ".repeat(9)}${f(r.engineMrr)} ${" ".repeat(5)}${f(r.engineRecall)}      ${f(r.baseMrr)}   ${f(r.baseRecall)}\n`,
    );
  }
  return { mrr: rows[0]?.engineMrr ?? 0 };
}

async function evaluate(db: Db): Promise<number> {
  const file = flag("judgments") ?? path.join(process.cwd(), "tests", "fixtures", "search-judgments.json");
  const judgments = (JSON.parse(fs.readFileSync(file, "utf8")) as { queries: Judgment[] }).queries;
  const baselineDocs = await loadBaselineDocs(db);
  const known = new Set(baselineDocs.map((d) => d.id));
  const baseline = buildBaseline(baselineDocs);

  const results: Scored[] = [];
  const skipped: string[] = [];
  const ignored = new Set<string>();
  let degraded = false;
  for (const j of judgments) {
    const relevant = j.relevant.filter((id) => known.has(id));
    for (const id of j.relevant) if (!known.has(id)) ignored.add(id);
    if (relevant.length === 0) {
      skipped.push(j.q);
      continue;
    }
    const response = await search({ q: j.q, kind: "all", limit: 10, offset: 0 }, db);
    degraded ||= response.degraded;
    results.push({ type: j.type, q: j.q, relevant, engine: response.hits.map((h) => `${h.kind}:${h.slug}`), baseline: baseline(j.q) });
  }

  const engineName = getConfiguredEngineName();
  process.stdout.write(`\nSearch relevance: ${results.length} judged queries over ${known.size} documents (engine: ${engineName})\n`);
  if (degraded) process.stdout.write("⚠ Meilisearch was unreachable for some queries: those were answered by the built-in engine.\n");
  const { mrr } = printTable(results, engineName);
  process.stdout.write(`\nTarget MRR@10 ≥ ${TARGET_MRR}: ${mrr >= TARGET_MRR ? "met" : "NOT met"} (${mrr.toFixed(3)})\n`);
  if (ignored.size > 0) process.stdout.write(`Judged documents not in this index (ignored): ${[...ignored].sort().join(", ")}\n`);
  if (skipped.length > 0) process.stdout.write(`Skipped (no judged document in this index): ${skipped.map((q) => `"${q}"`).join(", ")}\n`);

  if (hasFlag("verbose")) {
    process.stdout.write("\nQueries whose first relevant answer is not at rank 1:\n");
    for (const r of results) {
      const rank = r.engine.findIndex((id) => r.relevant.includes(id));
      if (rank === 0) continue;
      process.stdout.write(`  [${r.type}] "${r.q}" → ${rank < 0 ? "not in top 10" : `rank ${rank + 1}`}; got ${r.engine.slice(0, 3).join(", ")}\n`);
    }
  }
  return 0;
}

async function main(): Promise<number> {
  const useConfigured = hasFlag("use-configured");
  if (!useConfigured && !fs.existsSync(CORPUS_DIR)) {
    process.stderr.write(`The corpus is not at ${CORPUS_DIR}; pass --use-configured to evaluate the configured database.\n`);
    return 1;
  }
  return withSearchDatabase({ useConfigured, inputs: [CORPUS_DIR] }, evaluate);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
