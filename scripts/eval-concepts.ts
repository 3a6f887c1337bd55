/**
 * npm run eval:concepts [-- --verbose] [--show-held-back]
 * Scores each gold issue's top-ranked concepts against tests/fixtures/concepts-gold.json
 * (the same rule the corpus test applies) and prints, per issue, what was ranked and what was
 * missed. Issues marked `heldBack` are reported only as a group unless --show-held-back is given:
 * they are the check on issues nobody tuned on, so their lists stay unread while rules change. When the
 * held-back issues came in more than one round (`round` in the gold file), each round is reported as a
 * group of its own too, still without per-issue lines; so is each round of the tuned issues (a new tuned round
 * shows at once whether the rules fitted to the earlier rounds carry over to it). Last, for the tuned and
 * the held-back issues, the share of key entries found in the top 10, anywhere in the issue's ranking and
 * among its candidates (`reachIssue`): which step of extraction loses what recall misses.
 */
import fs from "node:fs";
import path from "node:path";
import {
  averageReach,
  averageScores,
  findGoldIssue,
  ISSUE_CONCEPTS_SHOWN,
  keysOfConcept,
  rankIssueConcepts,
  reachIssue,
  scoreIssue,
  type Gold,
  type GoldIssue,
  type IssueReach,
  type IssueScore,
} from "@/lib/concepts/evaluate";
import { conceptKey } from "@/lib/concepts/keys";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
import { runMain } from "@/lib/cli/main";

/** A gold issue's round for reporting: its `round`, or "earlier rounds" for issues added before rounds were named. */
function roundOf(g: GoldIssue): string {
  return g.round ? `round ${g.round}` : "earlier rounds";
}

async function main(): Promise<number> {
  const verbose = process.argv.includes("--verbose");
  const showHeldBack = process.argv.includes("--show-held-back");
  const corpus = path.resolve(process.cwd(), "..", "shared", "corpus");
  const gold = JSON.parse(
    fs.readFileSync(path.join(process.cwd(), "tests", "fixtures", "concepts-gold.json"), "utf8"),
  ) as Gold;
  const issues = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  const { result, candidates } = extractOffline(issues);
  const tuned: IssueScore[] = [];
  const heldBack: IssueScore[] = [];
  const heldBackByRound = new Map<string, IssueScore[]>();
  const tunedByRound = new Map<string, IssueScore[]>();
  const reach = { tuned: [] as IssueReach[], heldBack: [] as IssueReach[] };
  for (const g of gold.issues) {
    const issue = findGoldIssue(issues, g);
    if (!issue) throw new Error(`gold issue not found: ${g.source} ${g.number ?? ""}`);
    const ranked = rankIssueConcepts(result, issue.id).map((c) => ({
      c,
      ...c.issues.find((r) => r.issueId === issue.id)!,
    }));
    const s = scoreIssue(
      g,
      ranked.map((x) => x.c),
      ISSUE_CONCEPTS_SHOWN,
    );
    (g.heldBack ? heldBack : tuned).push(s);
    reach[g.heldBack ? "heldBack" : "tuned"].push(
      reachIssue(
        g,
        ranked.map((x) => x.c),
        candidates.get(issue.id)!,
        ISSUE_CONCEPTS_SHOWN,
      ),
    );
    const byRound = g.heldBack ? heldBackByRound : tunedByRound;
    byRound.set(roundOf(g), [...(byRound.get(roundOf(g)) ?? []), s]);
    if (g.heldBack && !showHeldBack) continue;
    process.stdout.write(
      `\n${g.heldBack ? "[held back] " : ""}${g.title}  P ${s.precision.toFixed(2)} R ${s.recall.toFixed(2)}\n`,
    );
    for (const [i, p] of s.predicted.entries())
      process.stdout.write(`  ${p.correct ? "+" : "-"} ${p.name}  (${ranked[i]!.score})\n`);
    if (s.missed.length) {
      // Where each missed entry sits in the issue's full ranking, if anywhere.
      const where = s.missed.map((m) => {
        const entry = g.key.find((e) => (Array.isArray(e) ? e[0] : e) === m)!;
        const names = new Set((Array.isArray(entry) ? entry : [entry]).map(conceptKey));
        const hit = ranked.find((x) => [...keysOfConcept(x.c)].some((k) => names.has(k)));
        return hit ? `${m} (#${hit.rank})` : m;
      });
      process.stdout.write(`  missed: ${where.join("; ")}\n`);
    }
    if (verbose) {
      for (const x of ranked.slice(ISSUE_CONCEPTS_SHOWN, ISSUE_CONCEPTS_SHOWN + 15))
        process.stdout.write(`    ${x.rank}. ${x.c.name} (${x.score})\n`);
    }
  }
  const line = (label: string, part: IssueScore[]) => {
    const a = averageScores(part);
    process.stdout.write(
      `${label} (${part.length} issues): precision ${a.precision.toFixed(3)}, recall ${a.recall.toFixed(3)}\n`,
    );
  };
  process.stdout.write("\n");
  line("tuned on", tuned);
  if (tunedByRound.size > 1)
    for (const [round, part] of [...tunedByRound].sort(([a], [b]) => a.localeCompare(b)))
      line(`  tuned on, ${round}`, part);
  line("held back", heldBack);
  if (heldBackByRound.size > 1)
    for (const [round, part] of [...heldBackByRound].sort(([a], [b]) => a.localeCompare(b)))
      line(`  held back, ${round}`, part);
  line(`all, top ${ISSUE_CONCEPTS_SHOWN}`, [...tuned, ...heldBack]);
  // Where recall is lost: the cut at the top 10, or selection (a candidate never ranked in its issue).
  process.stdout.write("\nkey entries found in the top 10 / anywhere in the issue's ranking / among its candidates:\n");
  for (const [label, part] of [
    ["tuned on", reach.tuned],
    ["held back", reach.heldBack],
  ] as const) {
    const r = averageReach(part);
    const shapes = new Map<string, number>();
    for (const shape of r.lost) shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    const lost = [...shapes].map(([shape, n]) => `${n} ${shape}`).join(", ") || "none";
    process.stdout.write(
      `  ${label}: ${r.shown.toFixed(3)} / ${r.ranked.toFixed(3)} / ${r.candidates.toFixed(3)}; in no ranking: ${lost}\n`,
    );
  }
  return 0;
}

runMain(main);
