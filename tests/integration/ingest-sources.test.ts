/**
 * What the author names on the command line, as found on disk: folders of any
 * ingestible file, folders with nothing to ingest, unreadable folders among
 * readable ones, and quoted globs.
 */
import { spawnSync } from "node:child_process";
import { sql } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { issues } from "@/db/schema";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { useTestDatabase } from "../helpers/db";

const { db, url } = useTestDatabase();
const ROOT = path.join(__dirname, "..", "..");

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

async function storedTitles(): Promise<string[]> {
  return (await db().select({ title: issues.title }).from(issues).orderBy(issues.title)).map((r) => r.title);
}

describe("ingest: finding the files", () => {
  it("reads plain-text files in a folder, and says so when a folder holds nothing to ingest", async () => {
    const notes = tempDir("ingest-txt-");
    fs.writeFileSync(
      path.join(notes, "tide-tables.txt"),
      "Tide Tables\n\nA plain text issue about reading the tide before you sail.\n",
    );
    const empty = tempDir("ingest-empty-");
    fs.writeFileSync(path.join(empty, "photo.jpg"), "not an issue");

    const summary = await ingestPaths(db(), [notes, empty]);
    expect(summary.counts).toMatchObject({ new: 1, failed: 1 });
    expect(summary.outcomes.find((o) => o.status === "failed")).toMatchObject({
      source: empty,
      error: expect.stringMatching(/^no files to ingest in this folder \(looked for .*\.md.*\.txt.*\)$/),
    });
    // A title from the file's name, without its extension.
    expect(await storedTitles()).toContain("tide-tables");
  });

  // Root reads every folder, so as root the command runs as `nobody`, for whom a 0700 folder is closed
  // (which needs `nobody` to be able to read this checkout).
  const asRoot = process.getuid?.() === 0;
  const nobodyCanRun =
    !asRoot ||
    spawnSync("runuser", ["-u", "nobody", "--", "test", "-r", path.join(ROOT, "scripts", "ingest.ts")]).status === 0;

  it.skipIf(!nobodyCanRun)("a folder it may not read is one failure; the files beside it are still ingested", () => {
    const dir = tempDir("ingest-perm-");
    fs.writeFileSync(path.join(dir, "open.md"), "# Open Water\n\nThis one can be read by anybody.\n");
    fs.chmodSync(path.join(dir, "open.md"), 0o644);
    const locked = path.join(dir, "locked");
    fs.mkdirSync(locked);
    fs.writeFileSync(path.join(locked, "secret.md"), "# Locked Away\n\nNobody else may read this.\n");
    fs.chmodSync(locked, 0o700);

    if (!asRoot) fs.chmodSync(locked, 0o000);
    const command = [process.execPath, "--import", "tsx", "scripts/ingest.ts", dir, "--json"];
    const run = asRoot
      ? spawnSync("runuser", ["-u", "nobody", "--", ...command], {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: url(), HOME: os.tmpdir() },
          encoding: "utf8",
        })
      : spawnSync(command[0]!, command.slice(1), {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: url() },
          encoding: "utf8",
        });
    if (!asRoot) fs.chmodSync(locked, 0o700);

    expect(run.status, run.stderr).toBe(1);
    const summary = JSON.parse(run.stdout) as {
      counts: Record<string, number>;
      outcomes: { status: string; source: string; error?: string }[];
    };
    expect(summary.counts).toMatchObject({ new: 1, failed: 1 });
    expect(summary.outcomes.find((o) => o.status === "failed")).toEqual(
      expect.objectContaining({ source: locked, error: "cannot read this folder (permission denied)" }),
    );
  });

  it("shows the files a quoted absolute glob matched by their absolute paths", async () => {
    const dir = tempDir("ingest-glob-");
    fs.writeFileSync(path.join(dir, "harbour.md"), "# Harbour Lights\n\nFound through a quoted glob.\n");
    const summary = await ingestPaths(db(), [path.join(dir, "*.md")]);
    expect(summary.outcomes).toEqual([
      expect.objectContaining({ status: "new", source: path.join(dir, "harbour.md") }),
    ]);
    const [row] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(issues)
      .where(sql`${issues.title} = 'Harbour Lights'`);
    expect(row?.n).toBe(1);
  });
});
