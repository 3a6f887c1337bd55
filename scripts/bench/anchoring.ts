/**
 * npm run bench:anchoring [-- --issues 288 --quotes 8 --seed 7]
 * How well and how fast annotations survive edits, on real writing: quotes are
 * picked at random from the corpus's blog posts, each text is edited in one of
 * six ways, and the quote is anchored again. Reports, per kind of edit, the
 * share placed correctly, orphaned and misplaced, and the time per anchor.
 * Needs ../shared/corpus; touches no database.
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { anchorTarget, type Anchor } from "@/lib/annotations/anchor";
import { describeRange } from "@/lib/annotations/describe";
import { parseMarkdown } from "@/lib/ingest/parse/markdown";
import { prepareIssue } from "@/lib/ingest/pipeline";
import { makeRandom } from "@/lib/random";
import { ascending, percentile } from "./measure";

const opts = new Command()
  .option("--issues <n>", "how many posts to use", "288")
  .option("--quotes <n>", "quotes per post and kind of edit", "8")
  .option("--seed <n>", "random seed", "7")
  .parse()
  .opts<{ issues: string; quotes: string; seed: string }>();

const corpusDir = path.resolve(process.cwd(), "..", "shared", "corpus", "cutlefish-blog");

// Seeded: the same seed gives the same run.
const random = makeRandom(Number(opts.seed));
const pick = (n: number) => Math.floor(random() * n);

type Edit = { text: string; expected: { start: number; end: number } | null };
type Kind = "insert-before" | "insert-inside" | "insert-after" | "typo-inside" | "copy-elsewhere" | "passage-deleted";

const filler = "This paragraph was added in a later revision to say something new about the subject.";

function edit(kind: Kind, text: string, start: number, end: number, blockStart: number, blockEnd: number): Edit {
  switch (kind) {
    case "insert-before": {
      const ins = `${filler}\n\n`;
      return {
        text: text.slice(0, blockStart) + ins + text.slice(blockStart),
        expected: { start: start + ins.length, end: end + ins.length },
      };
    }
    case "insert-inside": {
      // A word added at a word boundary near the middle of the quote.
      const mid = text.indexOf(" ", start + Math.floor((end - start) / 2));
      const at = mid > start && mid < end ? mid : end;
      const ins = " really";
      return {
        text: text.slice(0, at) + ins + text.slice(at),
        expected: { start, end: end + (at < end ? ins.length : 0) },
      };
    }
    case "insert-after": {
      const ins = " And one more sentence follows.";
      return { text: text.slice(0, end) + ins + text.slice(end), expected: { start, end } };
    }
    case "typo-inside": {
      // Two characters changed inside the quote (a corrected typo, a swapped letter).
      const chars = text.split("");
      for (let i = 0; i < 2; i++) {
        const at = start + 1 + pick(Math.max(1, end - start - 2));
        chars[at] = chars[at] === "e" ? "a" : "e";
      }
      return { text: chars.join(""), expected: { start, end } };
    }
    case "copy-elsewhere": {
      // The same words quoted again earlier in the text, in another context.
      const ins = `As an aside: ${text.slice(start, end)} That is all.\n\n`;
      return { text: ins + text, expected: { start: start + ins.length, end: end + ins.length } };
    }
    case "passage-deleted": {
      const cutEnd = Math.min(text.length, blockEnd + 2);
      return { text: text.slice(0, blockStart) + text.slice(cutEnd), expected: null };
    }
  }
}

type Verdict = "correct" | "partial" | "orphaned" | "copy" | "misplaced";
type Tally = Record<Verdict, number> & { total: number; times: number[]; strategies: Record<string, number> };

/**
 * correct: the expected span (≥ 90% overlap); partial: overlaps it but is
 * shorter or longer; orphaned: not placed although the passage is still there;
 * copy: placed on a verbatim copy of the quote elsewhere (the post repeats itself);
 * misplaced: placed somewhere else.
 */
function judge(found: Anchor | null, expected: Edit["expected"], edited: string, exact: string): Verdict {
  if (!found) return expected ? "orphaned" : "correct";
  if (expected) {
    const overlap = Math.max(0, Math.min(found.end, expected.end) - Math.max(found.start, expected.start));
    const union = Math.max(found.end, expected.end) - Math.min(found.start, expected.start);
    if (overlap / union >= 0.9) return "correct";
    if (overlap > 0) return "partial";
  }
  return edited.slice(found.start, found.end) === exact ? "copy" : "misplaced";
}

function main(): number {
  if (!fs.existsSync(corpusDir)) {
    process.stderr.write(`corpus not found at ${corpusDir}\n`);
    return 1;
  }
  const files = fs
    .readdirSync(corpusDir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .slice(0, Number(opts.issues));
  const kinds: Kind[] = [
    "insert-before",
    "insert-inside",
    "insert-after",
    "typo-inside",
    "copy-elsewhere",
    "passage-deleted",
  ];
  const tallies = new Map<Kind, Tally>(
    kinds.map((k) => [
      k,
      { total: 0, correct: 0, partial: 0, orphaned: 0, copy: 0, misplaced: 0, times: [], strategies: {} },
    ]),
  );
  let textChars = 0;

  for (const file of files) {
    const full = path.join(corpusDir, file);
    const [parsed] = parseMarkdown({ path: full, bytes: fs.readFileSync(full) });
    if (!parsed) continue;
    const doc = prepareIssue(parsed);
    const blocks = doc.blocks.filter((b) => b.end - b.start >= 60);
    if (blocks.length === 0) continue;
    textChars += doc.text.length;
    for (const kind of kinds) {
      for (let q = 0; q < Number(opts.quotes); q++) {
        const block = blocks[pick(blocks.length)]!;
        const len = 20 + pick(Math.min(160, block.end - block.start - 20));
        const s = block.start + pick(block.end - block.start - len + 1);
        const target = describeRange(doc.text, doc.blocks, s, s + len);
        if (!target) continue;
        const edited = edit(kind, doc.text, target.start, target.end, block.start, block.end);
        const t0 = performance.now();
        const found = anchorTarget(edited.text, target);
        const tally = tallies.get(kind)!;
        tally.times.push(performance.now() - t0);
        tally.total += 1;
        tally[judge(found, edited.expected, edited.text, target.exact)] += 1;
        const strategy = found?.strategy ?? "none";
        tally.strategies[strategy] = (tally.strategies[strategy] ?? 0) + 1;
      }
    }
  }

  const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;
  process.stdout.write(`${files.length} posts, ${(textChars / 1000).toFixed(0)}k characters, seed ${opts.seed}\n\n`);
  process.stdout.write(
    "| edit | quotes | correct | partial | orphaned | on a copy | misplaced | p50 ms | p95 ms | strategies |\n" +
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n",
  );
  for (const [kind, t] of tallies) {
    const strategies = Object.entries(t.strategies)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    process.stdout.write(
      `| ${kind} | ${t.total} | ${pct(t.correct, t.total)} | ${pct(t.partial, t.total)} | ${pct(t.orphaned, t.total)} | ${pct(t.copy, t.total)} | ` +
        `${pct(t.misplaced, t.total)} | ${percentile(ascending(t.times), 50).toFixed(2)} | ${percentile(ascending(t.times), 95).toFixed(2)} | ${strategies} |\n`,
    );
  }
  return 0;
}

process.exit(main());
