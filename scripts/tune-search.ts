/**
 * npm run tune:search [-- --keep <dir>]
 *
 * How the built-in engine's ranking parameters were chosen, and how much that
 * choice can be trusted. Over a small grid (BM25F saturation and body length
 * normalisation, title weight, passage and word-pair weights) it scores the
 * natural questions (split by the issue they ask about: even / odd numbers)
 * and the tuning part of our judged queries, then runs a 2-fold check: pick
 * the best setting on one half of the questions, report it on the other. The
 * held-out judged queries are not read here.
 *
 * The corpus is ingested into a throw-away embedded PostgreSQL (--keep <dir>
 * keeps it for the next run).
 */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db";
import { createBuiltInEngine, DEFAULT_RANKING_SETTINGS, type Ranking } from "@/lib/search/builtin";
import { CORPUS_DIR, flag, withSearchDatabase } from "./bench/search-harness";
import { loadReferenceDocs } from "./bench/references";
import { loadDevQuestions, scoreRuns, type Case } from "./eval-search";

const JUDGMENTS = path.join(process.cwd(), "tests", "fixtures", "search-judgments.json");

function grid(): { label: string; ranking: Ranking }[] {
  const out: { label: string; ranking: Ranking }[] = [];
  const base = DEFAULT_RANKING_SETTINGS;
  for (const k1 of [1.2, 2, 3])
    for (const body of [0.75, 0.9, 1])
      for (const title of [1, 2])
        for (const passageWeight of [0, 0.4])
          for (const pairWeight of [0, 0.4])
            out.push({
              label: `k1 ${k1} b ${body} title ${title} passage ${passageWeight} pairs ${pairWeight}`,
              ranking: {
                bm25: { ...base.bm25, k1, b: { ...base.bm25.b, body }, weight: { ...base.bm25.weight, title } },
                proximity: { ...base.proximity, passageWeight, pairWeight },
              },
            });
  return out;
}

async function rank(db: Db, ranking: Ranking, cases: Case[]): Promise<string[][]> {
  const engine = createBuiltInEngine(db, ranking);
  const out: string[][] = [];
  for (const c of cases) {
    const res = await engine.search({ q: c.q, kind: c.kind, limit: 10, offset: 0 });
    let keys = res.hits.map((h) => `${h.kind}:${h.slug}`);
    if (c.kind === "all") {
      // As lib/search/index.ts does: the concept the query names comes first.
      const named = await engine.namedConcept(c.q);
      if (named) keys = [`concept:${named.slug}`, ...keys.filter((k) => k !== `concept:${named.slug}`)].slice(0, 10);
    }
    out.push(keys);
  }
  return out;
}

async function tune(db: Db): Promise<number> {
  const questions = await loadDevQuestions(db);
  const known = new Set((await loadReferenceDocs(db)).map((d) => d.key));
  const judged = (
    JSON.parse(fs.readFileSync(JUDGMENTS, "utf8")) as { queries: { type: string; q: string; relevant: string[] }[] }
  ).queries
    .map((j) => ({ group: j.type, q: j.q, kind: "all" as const, relevant: j.relevant.filter((id) => known.has(id)) }))
    .filter((j) => j.relevant.length > 0);

  const results: { label: string; all: number; even: number; odd: number; judged: number }[] = [];
  const settings = grid();
  for (const [i, s] of settings.entries()) {
    const ranked = await rank(db, s.ranking, questions);
    const runs = questions.map((c, j) => ({ ranked: ranked[j]!, relevant: c.relevant, group: c.group }));
    const judgedRanked = await rank(db, s.ranking, judged);
    results.push({
      label: s.label,
      all: scoreRuns(runs).mrr,
      even: scoreRuns(runs.filter((r) => r.group === "even")).mrr,
      odd: scoreRuns(runs.filter((r) => r.group === "odd")).mrr,
      judged: scoreRuns(judged.map((c, j) => ({ ranked: judgedRanked[j]!, relevant: c.relevant }))).mrr,
    });
    if (i % 20 === 0) process.stderr.write(`  ${i + 1}/${settings.length}\n`);
  }
  const f = (v: number) => v.toFixed(3);
  process.stdout.write(`\n${"setting".padEnd(56)} questions  even   odd  judged\n`);
  for (const r of [...results].sort((a, b) => b.all - a.all).slice(0, 25)) {
    process.stdout.write(`${r.label.padEnd(56)} ${f(r.all)}     ${f(r.even)} ${f(r.odd)} ${f(r.judged)}\n`);
  }
  // Each step of the method on its own, at the chosen saturation (and plain BM25F before it).
  const steps = [
    ["BM25F, k1 1.2, b 0.75, no proximity", "k1 1.2 b 0.75 title 1 passage 0 pairs 0"],
    ["k1 3, b 0.9", "k1 3 b 0.9 title 1 passage 0 pairs 0"],
    ["  + densest passage", "k1 3 b 0.9 title 1 passage 0.4 pairs 0"],
    ["  + adjacent word pairs", "k1 3 b 0.9 title 1 passage 0 pairs 0.4"],
    ["  + both (the defaults)", "k1 3 b 0.9 title 1 passage 0.4 pairs 0.4"],
  ];
  process.stdout.write(`\nSteps:\n`);
  for (const [name, label] of steps) {
    const r = results.find((x) => x.label === label);
    if (r)
      process.stdout.write(
        `  ${name!.padEnd(40)} questions ${f(r.all)} (even ${f(r.even)}, odd ${f(r.odd)}), judged ${f(r.judged)}\n`,
      );
  }
  const best = (half: "even" | "odd") => results.reduce((a, b) => (b[half] > a[half] ? b : a));
  const onEven = best("even");
  const onOdd = best("odd");
  process.stdout.write(
    `\n2-fold: tuned on even → ${onEven.label}: even ${f(onEven.even)}, odd (unseen) ${f(onEven.odd)}\n`,
  );
  process.stdout.write(`        tuned on odd  → ${onOdd.label}: odd ${f(onOdd.odd)}, even (unseen) ${f(onOdd.even)}\n`);
  const nEven = questions.filter((c) => c.group === "even").length;
  const nOdd = questions.length - nEven;
  process.stdout.write(
    `        unseen halves, weighted by size: ${f((onEven.odd * nOdd + onOdd.even * nEven) / questions.length)}\n`,
  );
  const current = results.find(
    (r) =>
      r.label === settings.find((s) => JSON.stringify(s.ranking) === JSON.stringify(DEFAULT_RANKING_SETTINGS))?.label,
  );
  if (current)
    process.stdout.write(
      `\nThe defaults: ${current.label}: questions ${f(current.all)}, even ${f(current.even)}, odd ${f(current.odd)}, judged ${f(current.judged)}\n`,
    );
  return 0;
}

withSearchDatabase({ useConfigured: false, inputs: [CORPUS_DIR], keepDir: flag("keep") }, tune).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
