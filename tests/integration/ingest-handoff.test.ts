/**
 * `npm run ingest` handing a few files to the running app's launcher (lib/ingest/handoff.ts):
 * the launcher's socket service runs here, in this process, on this file's test database, as
 * scripts/start.ts runs it; the command is a real second process. The e2e cache-archive spec
 * does the same through a real `npm start`.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issues } from "@/db/schema";
import { canHandOff, HANDOFF_MAX_FILES } from "@/lib/ingest/handoff";
import { startIngestService, type IngestService } from "@/lib/ingest/handoff-service";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { useTestDatabase } from "../helpers/db";
import { outputOf, type Run } from "../helpers/process";

const ROOT = path.join(__dirname, "..", "..");
const { db, url } = useTestDatabase();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cc-handoff-"));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cc-handoff-in-"));

function ingest(args: string[], env: Record<string, string> = {}): Promise<Run> {
  // As `npm run ingest` starts it (package.json): tsx's require hook only, its ES-module loader when needed.
  return outputOf(
    spawn(process.execPath, ["--require", "tsx/cjs", "scripts/ingest.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url(), CONCORDANCE_DATA_DIR: dataDir, FORCE_COLOR: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
}

function writeIssue(name: string, title: string, body: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, `---\ntitle: "${title}"\ndate: 2031-03-02\n---\n\n${body}\n`);
  return file;
}

type Summary = {
  counts: Record<string, number>;
  startup: { ranIn: string };
  outcomes: { status: string; slug?: string; error?: string }[];
  conceptsBackground?: { pid: number };
};

const said: string[] = [];
let service: IngestService | undefined;

beforeAll(async () => {
  // An archive with concepts, so a new issue takes the quick path as the author's would.
  await ingestPaths(db(), [path.join(__dirname, "..", "fixtures", "ingest", "markdown")]);
  service = await startIngestService(db(), { dataDir, configuredDatabaseUrl: url() }, (line) => said.push(line));
});

afterAll(async () => {
  await service?.close();
});

describe("npm run ingest with the app running", { timeout: 120_000 }, () => {
  it("hands a new issue to the app, which stores it and answers with the same summary; an edit too", async () => {
    expect(service?.socketPath).toBe(path.join(dataDir, "ingest.sock"));
    expect(fs.statSync(path.join(dataDir, "ingest.sock")).mode & 0o777).toBe(0o600);
    const file = writeIssue(
      "harbour.md",
      "Harbour pilots",
      "A harbour pilot boards every ship before the breakwater.\n\nThe pilot knows the sandbanks by their moods.",
    );
    const first = await ingest([file, "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout) as Summary;
    expect(summary.startup.ranIn).toBe("app");
    expect(summary.counts).toMatchObject({ new: 1, failed: 0 });
    const [row] = await db().select({ title: issues.title }).from(issues).where(eq(issues.slug, "harbour-pilots"));
    expect(row?.title).toBe("Harbour pilots");
    expect(said.at(-1)).toMatch(/^\[ingest\] from the command line: 1 new, 0 updated/);

    fs.appendFileSync(file, "\nAt night the pilot reads the lights instead.\n");
    const edit = await ingest([file]);
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.stderr).toContain("Ran in the running app");
    expect(edit.stderr).toMatch(/^updated\s+harbour-pilots \(revision 2\)/m);
    expect(edit.stderr).toMatch(/^\s+updated\s+1$/m);
  });

  it("a bad file fails as it would in the command: named, exit 1, nothing of it stored", async () => {
    const bad = path.join(work, "latin1.md");
    fs.writeFileSync(bad, Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x74, 0x69, 0xe9, 0x0a]));
    const run = await ingest([bad]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Ran in the running app");
    expect(run.stderr).toContain(`✗ ${bad}: not valid UTF-8 text`);
  });

  it("an option only the app can check (a --keep-boilerplate that matches nothing) is a usage error, exit 2", async () => {
    const file = writeIssue("tide.md", "Tide tables", "The tide tables were printed each winter.");
    const run = await ingest([file, "--keep-boilerplate", "no such block anywhere"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: .*no such block anywhere/m);
    const rows = await db().select({ slug: issues.slug }).from(issues).where(eq(issues.slug, "tide-tables"));
    expect(rows).toEqual([]);
  });

  it("runs on its own with --in-process, for a folder or many files, or when the app uses another database", async () => {
    const file = writeIssue("buoys.md", "Buoys", "Red to port, green to starboard, coming home.");
    const own = await ingest([file, "--in-process", "--json"]);
    expect(own.code, own.stderr).toBe(0);
    expect((JSON.parse(own.stdout) as Summary).startup.ranIn).toBe("command");

    // What the command keeps for itself: folders, archives, feeds, globs it can't stat, long lists.
    expect(canHandOff([file])).toBe(true);
    expect(canHandOff([work])).toBe(false);
    expect(canHandOff([path.join(work, "*.md")])).toBe(false);
    expect(canHandOff(["https://example.org/feed.xml"])).toBe(false);
    const zip = path.join(work, "export.zip");
    fs.writeFileSync(zip, "PK");
    expect(canHandOff([zip])).toBe(false);
    expect(canHandOff(Array.from({ length: HANDOFF_MAX_FILES + 1 }, () => file))).toBe(false);

    // Another database than the app's: the command goes its own way (and here finds no such server).
    const other = await ingest([file, "--verbose"], { DATABASE_URL: "postgres://nobody@127.0.0.1:9/elsewhere" });
    expect(other.stderr).toContain("Running here: the running app uses another database than this command");
    expect(other.code).toBe(1);
  });

  it("the socket refuses what is not an ingest request, with a reason", async () => {
    const answer = (body: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(path.join(dataDir, "ingest.sock"));
        let text = "";
        socket.on("data", (d) => (text += d.toString()));
        socket.on("end", () => resolve(text));
        socket.on("error", reject);
        socket.end(
          `POST /ingest HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
        );
      });
    expect(await answer("{not json")).toMatch(/^HTTP\/1\.1 400[\s\S]*the request is not JSON/);
    expect(await answer(JSON.stringify({ request: { inputs: [] }, database: "embedded" }))).toMatch(
      /^HTTP\/1\.1 400[\s\S]*not an ingest request/,
    );
  });
});

describe("npm run ingest with no app answering", { timeout: 120_000 }, () => {
  it("a socket left by a launcher that was killed is passed over: the command runs the ingest itself", async () => {
    await service?.close();
    service = undefined;
    expect(fs.existsSync(path.join(dataDir, "ingest.sock"))).toBe(false);
    // A process that listened on the socket and was killed outright leaves its file behind.
    const holder = spawn(
      process.execPath,
      ["-e", `require("net").createServer().listen(${JSON.stringify(path.join(dataDir, "ingest.sock"))})`],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 100 && !fs.existsSync(path.join(dataDir, "ingest.sock")); i++)
      await new Promise((r) => setTimeout(r, 50));
    holder.kill("SIGKILL");
    await new Promise((r) => holder.on("exit", r));
    expect(fs.existsSync(path.join(dataDir, "ingest.sock"))).toBe(true);

    const file = writeIssue("fog.md", "Fog signals", "In fog the horn sounds twice a minute.");
    const run = await ingest([file, "--json", "--verbose"]);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Summary).startup.ranIn).toBe("command");
    expect((JSON.parse(run.stdout) as Summary).counts).toMatchObject({ new: 1 });
  });

  it("a data directory too deep for a socket gets no service, and says so", async () => {
    const deep = path.join(dataDir, "x".repeat(120));
    const lines: string[] = [];
    expect(await startIngestService(db(), { dataDir: deep, configuredDatabaseUrl: url() }, (l) => lines.push(l))).toBe(
      undefined,
    );
    expect(lines.join("\n")).toContain("too long for a socket");
  });
});
