/**
 * npm run bench:load [-- --seconds 10] [--connections 20] [--corpus <dir>] [--port 3690] [--keep <dir>]
 *
 * The built app under a bounded load, on a throw-away data directory with the shared corpus
 * (../shared/corpus) ingested the way the author does it (`npm run ingest`, embedded Postgres):
 * a static JS file of the build, an issue page, a concept page, /concepts and /api/search (20
 * readers' questions in turn), each hit by `--connections` clients for `--seconds`, one after
 * the other. Prints req/s and p50/p95/p99 latency per target and each target's rate as a share
 * of the static file's in the same run: the machines are shared, so only ratios compare across runs.
 * Before the load, each page is also rendered past the page cache (a cookie it does not know) seven
 * times: median time to first byte, size, start tags.
 * Needs a production build (`next build`); `--keep <dir>` reuses (or fills once) a data directory;
 * `--app <dir>` runs the build in another checkout (say, of main, for a before/after comparison).
 * `--during-derivation` then loads the static file, the issue page and search again while the
 * concepts re-derivation runs beside the app over and over (`npm run concepts -- refresh`, what an
 * ingest starts in the background), once at the app's priority and once at the background pass's
 * niceness (lib/concepts/background.ts): each target's rate as a share of its rate without it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { backgroundNiceness } from "@/lib/concepts/background";
import { ascending, loadAverage, machine, percentile } from "./measure";

const ROOT = path.resolve(__dirname, "..", "..");

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const SECONDS = Number(flag("seconds") ?? 10);
const CONNECTIONS = Number(flag("connections") ?? 20);
const PORT = Number(flag("port") ?? process.env.E2E_PORT ?? 3690);
const CORPUS = path.resolve(flag("corpus") ?? path.join(ROOT, "..", "shared", "corpus"));
const BASE = `http://127.0.0.1:${PORT}`;
/** The checkout whose build is started; the corpus is ingested by this one's `npm run ingest` (same schema). */
const APP = path.resolve(flag("app") ?? ROOT);

/** Questions a reader of a product-management newsletter would type: words, phrases, a typo, a number. */
const QUERIES = [
  "feature factory",
  "north star metric",
  "how to write a strategy",
  "roadmap",
  "outcomes over output",
  "product manager career ladder",
  "team topologies",
  "prioritization frameworks",
  "okrs",
  "mental models",
  "psychological safety",
  "technical debt",
  "onboarding",
  "experiments and bets",
  "stakeholder alignment",
  "one-pagers",
  "dependencies between teams",
  "prodcut discovery",
  "TBM 7",
  "what is a flywheel",
];

const say = (line: string) => process.stderr.write(`${line}\n`);

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function waitFor(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode != null) throw new Error(`the app exited (${server.exitCode}) before it answered`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function getText(pathname: string): Promise<string> {
  const res = await fetch(BASE + pathname);
  if (!res.ok) throw new Error(`GET ${pathname}: ${res.status}`);
  return res.text();
}

/** Until the server answers a cheap request quickly again (at most 30 s). */
async function settle(): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const started = performance.now();
    await fetch(`${BASE}/api/health`).catch(() => undefined);
    if (performance.now() - started < 50) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

type Target = { label: string; path: string; requests?: autocannon.Request[] };
type Result = {
  label: string;
  path: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  bytes: number;
};

async function load(target: Target): Promise<Result> {
  // Every response's time, for exact percentiles (autocannon's summary has no p95).
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: BASE + target.path,
        connections: CONNECTIONS,
        duration: SECONDS,
        // Cycles through the given requests (one per query for search).
        ...(target.requests ? { requests: target.requests } : {}),
      },
      (err, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    label: target.label,
    path: target.path,
    rps: result.requests.total / (result.duration || SECONDS),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytes: result.throughput.total / Math.max(1, result.requests.total),
  };
}

/** A page rendered by Next, not the page cache: what the first reader after a change waits for. */
type Rendered = { label: string; firstByte: number; whole: number; kb: number; tags: number };

/**
 * Sequential views of a page with a cookie the page cache doesn't know, so Next renders each one
 * (its data cache stays warm, as between two changes): median time to the response's headers,
 * which Next sends with the first bytes it streams, and to the last byte; the page's size and its
 * number of start tags (about its DOM nodes).
 */
async function rendered(label: string, pathname: string, views = 7): Promise<Rendered> {
  const firstBytes: number[] = [];
  const wholes: number[] = [];
  let html = "";
  for (let i = 0; i < views; i++) {
    const started = performance.now();
    const res = await fetch(BASE + pathname, { headers: { cookie: "bench-renders=1" } });
    firstBytes.push(performance.now() - started);
    if (res.headers.get("x-concordance-cache") === "hit") throw new Error(`${pathname} came from the page cache`);
    html = await res.text();
    wholes.push(performance.now() - started);
  }
  const median = (values: number[]) => Math.round(percentile(ascending(values), 50));
  return {
    label,
    firstByte: median(firstBytes),
    whole: median(wholes),
    kb: Math.round(Buffer.byteLength(html) / 1024),
    tags: (html.match(/<[a-zA-Z][^>]*>/g) ?? []).length,
  };
}

function renderedTable(rows: Rendered[]): string {
  return [
    "| page, rendered by Next | first byte (median) | whole page (median) | HTML | start tags |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.label} | ${r.firstByte} ms | ${r.whole} ms | ${r.kb} KB | ${r.tags} |`),
  ].join("\n");
}

function table(rows: Result[]): string {
  const staticRps = rows[0]?.rps ?? 0;
  return [
    "| target | req/s | p50 | p95 | p99 | × static | errors / non-2xx |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.rps.toFixed(0)} | ${r.p50} ms | ${r.p95} ms | ${r.p99} ms | ${staticRps ? (r.rps / staticRps).toFixed(2) : "—"} | ${r.errors} / ${r.non2xx} |`,
    ),
  ].join("\n");
}

/**
 * The concepts re-derivation, run again and again beside the app at `niceness` until stopped
 * (each pass takes a few seconds on the corpus; the first pass of `refresh` always runs).
 */
function deriveOverAndOver(
  env: NodeJS.ProcessEnv,
  niceness: number,
): { passes: () => number; stop: () => Promise<void> } {
  let stopped = false;
  let passes = 0;
  let current: ChildProcess | undefined;
  const next = () => {
    if (stopped) return;
    current = spawn(process.execPath, ["--import", "tsx", "scripts/concepts.ts", "refresh"], {
      cwd: ROOT,
      env,
      stdio: "ignore",
    });
    if (current.pid) os.setPriority(current.pid, niceness);
    current.once("exit", (code) => {
      if (code === 0) passes++;
      next();
    });
  };
  next();
  return {
    passes: () => passes,
    stop: async () => {
      stopped = true;
      if (current && current.exitCode == null) await new Promise((r) => current!.once("exit", r));
    },
  };
}

function derivationTable(rows: { niceness: number | null; results: Result[]; passes: number }[]): string {
  const [before, , , after] = rows.map((r) => r.results);
  return [
    `| target | alone, before: req/s | beside the re-derivation at niceness 0: req/s (× alone) | at niceness ${backgroundNiceness()}: req/s (× alone) | alone, after: req/s |`,
    "| --- | ---: | ---: | ---: | ---: |",
    ...before!.map((a, i) => {
      // "Alone" is the mean of the runs before and after.
      const alone = (a.rps + after![i]!.rps) / 2;
      const cell = (r: Result) => `${r.rps.toFixed(0)} (${(r.rps / alone).toFixed(2)}), p50 ${r.p50} ms`;
      return `| ${a.label} | ${a.rps.toFixed(0)}, p50 ${a.p50} ms | ${cell(rows[1]!.results[i]!)} | ${cell(rows[2]!.results[i]!)} | ${after![i]!.rps.toFixed(0)}, p50 ${after![i]!.p50} ms |`;
    }),
    "",
    `Re-derivation passes completed during the loads: ${rows
      .filter((r) => r.niceness !== null)
      .map((r) => `${r.passes} at niceness ${r.niceness}`)
      .join(", ")}.`,
  ].join("\n");
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(APP, ".next", "BUILD_ID"))) {
    say("No production build: run `npx next build` first.");
    return 2;
  }
  if (!fs.existsSync(CORPUS)) {
    say(`The corpus is not at ${CORPUS} (--corpus <dir>).`);
    return 2;
  }
  const keep = flag("keep");
  const dataDir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), "concordance-load-"));
  fs.mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONCORDANCE_DATA_DIR: dataDir,
    DATABASE_URL: "",
    MEILI_HOST: "",
    AUTH_SECRET: "",
  };
  let server: ChildProcess | undefined;
  let serverLog = "";
  try {
    if (!fs.existsSync(path.join(dataDir, ".load-ingested"))) {
      say(`Ingesting ${CORPUS} into ${dataDir}…`);
      const started = performance.now();
      const ingest = await run("npm", ["run", "-s", "ingest", "--", CORPUS, "--json"], env);
      if (ingest.code !== 0) throw new Error(`ingest exited ${ingest.code}\n${ingest.stderr.slice(-2000)}`);
      fs.writeFileSync(path.join(dataDir, ".load-ingested"), "");
      say(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    say(`Starting the app on ${BASE}…`);
    server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--port", String(PORT), "--no-samples"], {
      cwd: APP,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    server.stderr?.on("data", (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-4000)));
    await waitFor(`${BASE}/api/issues?limit=1`, server, 180_000);

    // The targets, found through the app itself.
    const home = await getText("/");
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(home)?.[1];
    if (!script) throw new Error("no /_next/static script on the home page");
    const issues = (await (await fetch(`${BASE}/api/issues?limit=50`)).json()) as {
      items: { slug: string; number?: number | null }[];
    };
    // A numbered issue from the middle of the newest 50: an ordinary, full-length page.
    const issue = issues.items.find((i) => i.number != null) ?? issues.items[0];
    if (!issue) throw new Error("no issues in the database");
    // The issue's own example when the corpus has it, else the most mentioned concept.
    const concepts = (await (await fetch(`${BASE}/api/concepts?sort=frequency&limit=1`)).json()) as {
      items: { slug: string }[];
    };
    const concept = (await fetch(`${BASE}/api/concepts/feature-factory`)).ok
      ? { slug: "feature-factory" }
      : concepts.items[0];
    if (!concept) throw new Error("no concepts in the database");
    const conceptsHtml = await getText("/concepts");
    say(`/concepts is ${(Buffer.byteLength(conceptsHtml) / 1024).toFixed(0)} KB of HTML`);

    const targets: Target[] = [
      { label: "static JS file", path: script },
      { label: `issue page (/issues/${issue.slug})`, path: `/issues/${issue.slug}` },
      { label: `concept page (/concepts/${concept.slug})`, path: `/concepts/${concept.slug}` },
      { label: "/concepts", path: "/concepts" },
      {
        label: "/api/search (20 queries in turn)",
        path: "/api/search",
        requests: QUERIES.map((q) => ({ method: "GET", path: `/api/search?q=${encodeURIComponent(q)}` })),
      },
    ];
    // One warm-up round so the first compile of each route and the search index load aren't measured.
    for (const t of targets) for (const r of t.requests ?? [{ path: t.path }]) await fetch(BASE + (r.path ?? t.path));

    await settle();
    say("Rendering each page 7 times past the page cache…");
    const renders: Rendered[] = [];
    for (const t of targets.slice(1, 4)) renders.push(await rendered(t.label, t.path));

    const rows: Result[] = [];
    for (const t of targets) {
      // Requests still queued from the previous target would be charged to this one.
      await settle();
      say(`Loading ${t.label} with ${CONNECTIONS} connections for ${SECONDS} s…`);
      rows.push(await load(t));
    }
    let beside = "";
    if (process.argv.includes("--during-derivation")) {
      // Alone once more, in the same stretch of time as the two runs beside the re-derivation.
      const measured = [targets[0]!, targets[1]!, targets[4]!];
      const conditions: { niceness: number | null; results: Result[]; passes: number }[] = [];
      // Alone before and after, so a drift of the machine's own load shows.
      for (const niceness of [null, 0, backgroundNiceness(), null]) {
        const deriving = niceness === null ? undefined : deriveOverAndOver(env, niceness);
        // Past its start-up (modules, attaching to the database): the pass itself is what competes.
        if (deriving) await new Promise((r) => setTimeout(r, 4000));
        const results: Result[] = [];
        for (const t of measured) {
          say(`Loading ${t.label} ${niceness === null ? "alone" : `beside the re-derivation (niceness ${niceness})`}…`);
          results.push(await load(t));
        }
        await deriving?.stop();
        conditions.push({ niceness, results, passes: deriving?.passes() ?? 0 });
        await settle();
      }
      beside = `\n\n${derivationTable(conditions)}`;
    }
    process.stdout.write(
      `\n${table(rows)}\n\n${renderedTable(renders)}${beside}\n\n${CONNECTIONS} connections, ${SECONDS} s per target. /concepts: ${(Buffer.byteLength(conceptsHtml) / 1024).toFixed(0)} KB of HTML.\n` +
        `Machine: ${machine()}; load average ${loadAverage()} (1, 5, 15 min) at the end; ${new Date().toISOString().slice(0, 10)}.\n`,
    );
    return rows.some((r) => r.errors > 0 || r.non2xx > 0) ? 1 : 0;
  } catch (err) {
    if (serverLog) say(`The app said:\n${serverLog}`);
    throw err;
  } finally {
    if (server && server.exitCode == null) {
      server.kill("SIGTERM");
      await new Promise((r) => server!.once("exit", r));
    }
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    say(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
