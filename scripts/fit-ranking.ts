/**
 * npm run fit:ranking [-- --scan | --features | --boundary] [--weights=name=value,…] [--only=name,…]
 * Refits RANKING (lib/concepts/ranking.ts) on the tuned gold issues, validated by leave-one-round-out:
 * fit on the earlier rounds and score round 12ab, and the reverse (README (12an)). Two fits: a
 * pairwise ranking objective (key above also above wrong, within an issue) and a search on the
 * top-10 figures themselves. `--scan` moves each weight alone over a grid, `--features` chooses each
 * weight alone on one round and reads it on the other, `--boundary` lists the key concepts ranked
 * 11th–25th and the page above them, feature by feature. The held-back issues are never read:
 * their features are not even recorded. Scores are the issue page's top 10 as the eval scores them, re-ranked from
 * the recorded features with rankIssueUses's cuts after the sort (the current weights reproduce
 * `npm run eval:concepts`; the mentions a re-rank would move between nested heads are not redone).
 */
import fs from "node:fs";
import path from "node:path";
import { findGoldIssue, type Gold, type GoldIssue, keysOfConcept } from "@/lib/concepts/evaluate";
import { abbreviates, conceptKey } from "@/lib/concepts/keys";
import { LIMITS } from "@/lib/concepts/limits";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
import { type ObservedUse, observeRankingFeatures, RANKING, type RankingFeatures } from "@/lib/concepts/ranking";
import { runMain } from "@/lib/cli/main";

/** RANKING's weights (a refit's values for them), and a use's features: one value per name. */
type Weights = RankingFeatures;
const NAMES = Object.keys(RANKING) as (keyof Weights)[];
const SHOWN = 10;

/** One tuned issue: its scored uses with their gold grade (2 key, 1 also, 0 wrong) and the key entry each matches. */
type Item = { use: ObservedUse; features: Weights; grade: number; keyEntries: number[] };
type Issue = { gold: GoldIssue; round: string; items: Item[] };

/** The gold entries' keys, as evaluate.ts normalises them. */
function entryKeys(name: string | string[]): string[] {
  return (Array.isArray(name) ? name : [name]).map(conceptKey).filter(Boolean);
}

/** The simulated issue page: sorted by score, then rankIssueUses's cuts after the sort, hidden concepts left out. */
function rankItems(items: Item[], w: Weights): Item[] {
  const scored = items.map((it) => ({ it, z: NAMES.reduce((z, n) => z + w[n] * it.features[n], 0) }));
  scored.sort((a, b) => b.z - a.z || a.it.use.id - b.it.use.id);
  let list = scored.map((s) => s.it);
  for (let r = list.length - 1; r > 0; r--) {
    const a = list[r]!.use.acronyms;
    if (a.length && list.slice(0, r).some((o) => a.some((x) => abbreviates(x, o.use.key)))) list.splice(r, 1);
  }
  for (let r = 0; r < list.length; r++)
    if (list[r]!.use.cut === "plainLocal" && r >= LIMITS.everydayTopicRank) list.splice(r--, 1);
  list = list.filter((it, r) => {
    const cut = it.use.cut;
    return !(
      (cut === "everyday" && r >= LIMITS.everydayTopicRank) ||
      (cut === "everydayPhrase" && r >= LIMITS.everydayPhraseRank) ||
      ((cut === "local" || cut === "plainLocal") && r >= LIMITS.localRank)
    );
  });
  return list.filter((it) => !it.use.hidden);
}

function scoreIssues(issues: Issue[], w: Weights): { precision: number; recall: number } {
  let p = 0;
  let r = 0;
  for (const is of issues) {
    const top = rankItems(is.items, w).slice(0, SHOWN);
    p += top.length ? top.filter((it) => it.grade > 0).length / top.length : 0;
    const found = new Set(top.flatMap((it) => it.keyEntries));
    r += is.gold.key.length ? found.size / is.gold.key.length : 1;
  }
  return { precision: p / issues.length, recall: r / issues.length };
}

/**
 * Pairwise logistic loss (RankNet) over the pairs of an issue's uses whose grades differ, among
 * the uses ranked in its first `depth` by the current weights (where the list is decided), each
 * issue weighing the same; L2 pull towards `prior`, so a weight the data can't tell moves little.
 */
function fitPairwise(issues: Issue[], prior: Weights, lambda: number, depth: number): Weights {
  const pairs: { a: number[]; b: number[]; weight: number }[] = [];
  const vec = (it: Item) => NAMES.map((n) => it.features[n]);
  for (const is of issues) {
    const pool = rankItems(is.items, prior).slice(0, depth);
    const own: { a: number[]; b: number[] }[] = [];
    for (const x of pool) for (const y of pool) if (x.grade > y.grade) own.push({ a: vec(x), b: vec(y) });
    for (const p of own) pairs.push({ ...p, weight: 1 / own.length });
  }
  let w = NAMES.map((n) => prior[n]);
  const p0 = [...w];
  const rate = 0.5;
  for (let step = 0; step < 3000; step++) {
    const grad = w.map((x, i) => lambda * (x - p0[i]!));
    for (const { a, b, weight } of pairs) {
      let d = 0;
      for (let i = 0; i < w.length; i++) d += w[i]! * (a[i]! - b[i]!);
      const g = -weight / (1 + Math.exp(d));
      for (let i = 0; i < w.length; i++) grad[i]! += (g * (a[i]! - b[i]!)) / issues.length;
    }
    w = w.map((x, i) => x - rate * grad[i]!);
  }
  return Object.fromEntries(NAMES.map((n, i) => [n, Math.round(w[i]! * 100) / 100])) as Weights;
}

/** What the search maximises: recall of the top 10, with precision kept at 0.90 or more. */
function objective(issues: Issue[], w: Weights): number {
  const s = scoreIssues(issues, w);
  return s.recall + 0.1 * s.precision - (s.precision < 0.9 ? 10 * (0.9 - s.precision) : 0);
}

/**
 * Coordinate search on the top-10 figures themselves (the pairwise loss weighs every pair alike,
 * the page only its first ten): each weight moved by a step while that raises the objective.
 */
function search(issues: Issue[], start: Weights, names: (keyof Weights)[] = NAMES): Weights {
  let w = { ...start };
  let best = objective(issues, w);
  for (const step of [0.5, 0.25, 0.1]) {
    for (let moved = true, rounds = 0; moved && rounds < 10; rounds++) {
      moved = false;
      for (const n of names)
        for (const d of [step, -step]) {
          const next = { ...w, [n]: Math.round((w[n] + d) * 100) / 100 };
          const o = objective(issues, next);
          if (o > best + 1e-9) {
            best = o;
            w = next;
            moved = true;
          }
        }
    }
  }
  return w;
}

function parseWeights(arg: string | undefined, base: Weights): Weights {
  const w = { ...base };
  for (const part of (arg ?? "").split(",").filter(Boolean)) {
    const [n, v] = part.split("=");
    if (!(n! in w)) throw new Error(`unknown weight: ${n}`);
    w[n as keyof Weights] = Number(v);
  }
  return w;
}

async function main(): Promise<number> {
  const corpus = path.resolve(process.cwd(), "..", "shared", "corpus");
  const gold = JSON.parse(
    fs.readFileSync(path.join(process.cwd(), "tests", "fixtures", "concepts-gold.json"), "utf8"),
  ) as Gold;
  const texts = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  const tuned = new Map<number, GoldIssue>();
  for (const g of gold.issues) {
    if (g.heldBack) continue;
    const issue = findGoldIssue(texts, g);
    if (!issue) throw new Error(`gold issue not found: ${g.source}`);
    tuned.set(issue.id, g);
  }
  const observed = new Map<number, ObservedUse[]>();
  observeRankingFeatures((issueId, uses) => {
    if (tuned.has(issueId)) observed.set(issueId, uses);
  });
  const { result } = extractOffline(texts);
  observeRankingFeatures(undefined);
  // A concept's keys as the eval matches them, found by any of its member keys.
  const keysOf = new Map<string, Set<string>>();
  for (const c of result.concepts) for (const k of [c.key, ...c.memberKeys]) keysOf.set(k, keysOfConcept(c));
  const issues: Issue[] = [];
  for (const [issueId, g] of tuned) {
    const keyEntries = g.key.map(entryKeys);
    const alsoEntries = g.also.map(entryKeys);
    const items = (observed.get(issueId) ?? []).map((use) => {
      const keys = keysOf.get(use.key) ?? new Set(use.keys);
      const hits = keyEntries.flatMap((e, i) => (e.some((k) => keys.has(k)) ? [i] : []));
      const also = alsoEntries.some((e) => e.some((k) => keys.has(k)));
      return { use, features: use.features, grade: hits.length ? 2 : also ? 1 : 0, keyEntries: hits };
    });
    issues.push({ gold: g, round: g.round ?? "earlier", items });
  }
  const rounds = [...new Set(issues.map((i) => i.round))].sort();
  const current = parseWeights(process.argv.find((a) => a.startsWith("--weights="))?.slice(10), RANKING);
  const show = (label: string, w: Weights) => {
    const cells = rounds.map((r) => {
      const s = scoreIssues(
        issues.filter((i) => i.round === r),
        w,
      );
      return `${r} P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)}`;
    });
    const all = scoreIssues(issues, w);
    process.stdout.write(
      `${label.padEnd(28)} ${cells.join("  ")}  tuned P ${all.precision.toFixed(3)} R ${all.recall.toFixed(3)}\n`,
    );
  };
  show("current (simulated)", current);
  if (process.argv.includes("--boundary")) {
    // The key concepts just below the page and what holds the page above them, feature by feature.
    const fmt = (it: Item, r: number) =>
      `    ${String(r + 1).padStart(2)} ${"-a+"[it.grade]} ${it.use.key.padEnd(30).slice(0, 30)} ${NAMES.map((n) => `${n.slice(0, 5)} ${it.features[n].toFixed(2)}`).join(" ")}\n`;
    for (const is of issues) {
      const list = rankItems(is.items, current);
      const below = list.slice(SHOWN, 25).filter((it) => it.grade === 2);
      if (!below.length) continue;
      process.stdout.write(`${is.round} ${is.gold.title}\n`);
      list.slice(0, 25).forEach((it, r) => {
        if (r < SHOWN ? it.grade < 2 : it.grade === 2) process.stdout.write(fmt(it, r));
      });
    }
    return 0;
  }
  if (process.argv.includes("--features")) {
    // Each weight alone, leave one round out: its value chosen on one round (by the objective,
    // over a grid), its recall and precision then read on the other, against the current weights'.
    for (const n of NAMES) {
      const grid = [-1, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1, 2].map((d) => Math.round((current[n] + d) * 100) / 100);
      const cells = rounds.map((r) => {
        const train = issues.filter((i) => i.round !== r);
        const test = issues.filter((i) => i.round === r);
        let best = current[n];
        let bestO = objective(train, current);
        for (const v of grid) {
          const o = objective(train, { ...current, [n]: v });
          if (o > bestO + 1e-9) [best, bestO] = [v, o];
        }
        const before = scoreIssues(test, current);
        const after = scoreIssues(test, { ...current, [n]: best });
        return `${r}: chosen elsewhere ${best} → R ${(after.recall - before.recall).toFixed(3)} P ${(after.precision - before.precision).toFixed(3)}`;
      });
      process.stdout.write(`${n.padEnd(14)} ${cells.join("   ")}\n`);
    }
    return 0;
  }
  if (process.argv.includes("--scan")) {
    // Each weight alone, moved over a grid: the rounds' figures side by side.
    for (const n of NAMES)
      for (const d of [-1, -0.5, -0.25, 0.25, 0.5, 1, 2])
        show(`${n} ${current[n]} → ${(current[n] + d).toFixed(2)}`, { ...current, [n]: current[n] + d });
    return 0;
  }
  // Leave one round out: each weight set chosen on the other rounds, scored on this one.
  for (const r of rounds) {
    const train = issues.filter((i) => i.round !== r);
    const chosen = process.argv
      .find((a) => a.startsWith("--only="))
      ?.slice(7)
      .split(",") as (keyof Weights)[] | undefined;
    const w = search(train, current, chosen ?? NAMES);
    show(`search without ${r}`, w);
    process.stdout.write(
      `  --weights=${NAMES.filter((n) => w[n] !== current[n])
        .map((n) => `${n}=${w[n]}`)
        .join(",")}\n`,
    );
  }
  // In sample, on every tuned issue: the most any change could give both rounds at once.
  const joint = search(issues, current);
  show("search on both (in sample)", joint);
  process.stdout.write(
    `  --weights=${NAMES.filter((n) => joint[n] !== current[n])
      .map((n) => `${n}=${joint[n]}`)
      .join(",")}\n`,
  );
  for (const lambda of [0.01, 0.1]) {
    for (const r of rounds) {
      const w = fitPairwise(
        issues.filter((i) => i.round !== r),
        current,
        lambda,
        40,
      );
      show(`pairwise fit without ${r}, λ ${lambda}`, w);
      process.stdout.write(`  ${NAMES.map((n) => `${n}=${w[n]}`).join(",")}\n`);
    }
  }
  return 0;
}

runMain(main);
