/**
 * npm run bench:generate -- <dir> [--issues 10000] [--seed 1]
 * Writes a synthetic newsletter back catalogue for benchmarks and tests: the
 * text is generated here from small word lists (no real writing), in the mix
 * of formats an author has — Markdown files with frontmatter, saved HTML
 * pages, RSS feeds and multi-issue HTML books — with the furniture real issues
 * carry (a tip-jar footer, tracking links) so cleaning does real work.
 */
import fs from "node:fs";
import path from "node:path";
import { makeRandom } from "@/lib/random";

const SUBJECTS = [
  "the team",
  "a product manager",
  "the roadmap",
  "our planning cycle",
  "the design review",
  "a new hire",
  "the backlog",
  "the quarterly goal",
  "every retrospective",
  "the platform group",
  "a customer interview",
  "the launch checklist",
  "the support queue",
  "the architecture decision",
  "an experiment",
];
const VERBS = [
  "reveals",
  "hides",
  "rewards",
  "punishes",
  "shapes",
  "slows",
  "speeds up",
  "depends on",
  "outlasts",
  "replaces",
  "invites",
  "ignores",
  "clarifies",
  "complicates",
];
const OBJECTS = [
  "the real constraints",
  "a shared language",
  "short feedback loops",
  "unspoken assumptions",
  "the cost of delay",
  "small batches",
  "work in progress",
  "the next decision",
  "trust between groups",
  "the shape of the problem",
  "what customers actually do",
  "the tradeoffs nobody wrote down",
  "a habit of review",
  "local optimisation",
];
const CLOSERS = [
  "more than we admit",
  "in ways that compound",
  "long before anyone notices",
  "when nobody is looking",
  "every single week",
  "until someone asks why",
  "at the worst possible moment",
  "if we let it",
];
const TOPICS = [
  "Slack",
  "Bets",
  "Rituals",
  "Roadmaps",
  "Feedback",
  "Focus",
  "Dependencies",
  "Outcomes",
  "Metrics",
  "Onboarding",
  "Alignment",
  "Ownership",
  "Discovery",
  "Capacity",
  "Incidents",
  "Reviews",
  "Handoffs",
  "Strategy",
];
const ADJECTIVES = [
  "Quiet",
  "Hidden",
  "Small",
  "Honest",
  "Slow",
  "Useful",
  "Shared",
  "Fragile",
  "Boring",
  "Better",
  "Messy",
  "Deliberate",
];
const FOOTER = "Enjoyed this issue? Forward it to a teammate who would argue with it.";

type Issue = {
  n: number;
  title: string;
  slug: string;
  date: string;
  paragraphs: string[];
  heading: string;
  items: string[];
};

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function sentence(rand: () => number): string {
  const s = `${pick(rand, SUBJECTS)} ${pick(rand, VERBS)} ${pick(rand, OBJECTS)} ${pick(rand, CLOSERS)}.`;
  return s[0]!.toUpperCase() + s.slice(1);
}

function makeIssue(rand: () => number, n: number): Issue {
  const topic = pick(rand, TOPICS);
  const title = `${pick(rand, ADJECTIVES)} ${topic} ${n}`;
  const paragraphs = Array.from({ length: 6 + Math.floor(rand() * 12) }, () =>
    Array.from({ length: 2 + Math.floor(rand() * 5) }, () => sentence(rand)).join(" "),
  );
  const day = new Date(Date.UTC(2010, 0, 4) + n * 7 * 86_400_000);
  return {
    n,
    title,
    slug: title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    date: day.toISOString().slice(0, 10),
    paragraphs,
    heading: `Why ${topic.toLowerCase()} ${pick(rand, VERBS)} ${pick(rand, OBJECTS)}`,
    items: Array.from({ length: 3 }, () => sentence(rand)),
  };
}

function markdownOf(issue: Issue): string {
  const [first, ...rest] = issue.paragraphs;
  const half = Math.ceil(rest.length / 2);
  return [
    "---",
    `title: "Issue ${issue.n}: ${issue.title}"`,
    `date: ${issue.date}`,
    `url: https://letters.example.invalid/p/${issue.slug}`,
    "---",
    "",
    first,
    "",
    `Read the [earlier note](https://www.google.com/url?q=https://letters.example.invalid/p/note-${issue.n - 1}&sa=D) first.`,
    "",
    ...rest.slice(0, half).flatMap((p) => [p, ""]),
    `## ${issue.heading}`,
    "",
    ...issue.items.map((i) => `- ${i}`),
    "",
    ...rest.slice(half).flatMap((p) => [p, ""]),
    FOOTER,
    "",
  ].join("\n");
}

function htmlBody(issue: Issue): string {
  return [
    ...issue.paragraphs.map((p) => `<p>${p}</p>`),
    `<h2>${issue.heading}</h2>`,
    `<ul>${issue.items.map((i) => `<li>${i}</li>`).join("")}</ul>`,
    `<p>${FOOTER}</p>`,
  ].join("\n");
}

function pageOf(issue: Issue): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Issue ${issue.n}: ${issue.title} | Letters</title>
<link rel="canonical" href="https://letters.example.invalid/p/${issue.slug}">
<meta property="article:published_time" content="${issue.date}T08:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Issue ${issue.n}: ${issue.title}</h1>
${htmlBody(issue)}
</article><footer>Unsubscribe</footer></body></html>\n`;
}

function feedOf(issues: Issue[], k: number): string {
  const items = issues.map(
    (i) => `<item><title>Issue ${i.n}: ${i.title}</title><link>https://letters.example.invalid/p/${i.slug}</link>
<pubDate>${new Date(`${i.date}T08:00:00Z`).toUTCString()}</pubDate><description><![CDATA[${htmlBody(i)}]]></description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Letters, part ${k}</title><link>https://letters.example.invalid/</link>\n${items.join("\n")}\n</channel></rss>\n`;
}

function bookOf(issues: Issue[], k: number): string {
  const total = issues.length;
  const sections = issues.map(
    (i, j) => `<h2>BK${k} ${j + 1}/${total}: ${i.title}</h2>\n${htmlBody(i)}\n<p><a href="#top">Back to top</a></p>`,
  );
  return `<!doctype html><html><head><title>Collected letters, volume ${k}</title></head><body><h1 id="top">Collected letters, volume ${k}</h1>\n${sections.join("\n")}\n</body></html>\n`;
}

/** Write `count` issues under `dir`; returns how many went into each format. */
export function generateCorpus(dir: string, count: number, seed = 1): Record<string, number> {
  const rand = makeRandom(seed);
  const issues = Array.from({ length: count }, (_, i) => makeIssue(rand, i + 1));
  for (const sub of ["markdown", "html", "feeds", "books"]) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  // 80% Markdown, 10% saved pages, 5% feeds of 100 items, 5% books of 50 sections.
  const nFeed = count >= 200 ? Math.floor((count * 0.05) / 100) * 100 : 0;
  const nBook = count >= 200 ? Math.floor((count * 0.05) / 50) * 50 : 0;
  const nHtml = Math.floor(count * 0.1);
  let at = 0;
  const take = (n: number) => issues.slice(at, (at += n));
  for (let k = 0, feed = take(nFeed); k * 100 < feed.length; k += 1)
    fs.writeFileSync(path.join(dir, "feeds", `feed-${k + 1}.xml`), feedOf(feed.slice(k * 100, k * 100 + 100), k + 1));
  for (let k = 0, book = take(nBook); k * 50 < book.length; k += 1)
    fs.writeFileSync(path.join(dir, "books", `volume-${k + 1}.html`), bookOf(book.slice(k * 50, k * 50 + 50), k + 1));
  for (const issue of take(nHtml)) fs.writeFileSync(path.join(dir, "html", `${issue.slug}.html`), pageOf(issue));
  const rest = take(count - at);
  for (const issue of rest)
    fs.writeFileSync(path.join(dir, "markdown", `${issue.date}-${issue.slug}.md`), markdownOf(issue));
  return { markdown: rest.length, html: nHtml, feed: nFeed, book: nBook };
}

/**
 * One more issue after the generated ones (number `n`, dated a week after issue n-1), as the author
 * would add it; `edit` appends a paragraph, as a correction of an issue already sent.
 */
export function writeNextIssue(dir: string, n: number, options: { edit?: boolean; seed?: number } = {}): string {
  const issue = makeIssue(makeRandom((options.seed ?? 1) * 1_000_003 + n), n);
  const file = path.join(dir, `${issue.date}-${issue.slug}.md`);
  const correction = options.edit ? `\nA correction, added after sending: ${sentence(makeRandom(n + 7))}\n` : "";
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, markdownOf(issue) + correction);
  return file;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith("--"));
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  if (!dir) {
    process.stderr.write("usage: generate-corpus <dir> [--issues 10000] [--seed 1]\n");
    return 2;
  }
  const counts = generateCorpus(dir, flag("issues", 10_000), flag("seed", 1));
  process.stderr.write(
    `wrote ${Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ")} issues to ${dir}\n`,
  );
  return 0;
}

// Run as a script, not when imported by the benchmark or a test.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  void main().then((code) => process.exit(code));
}
