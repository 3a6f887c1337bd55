// Inputs built to hurt the ingest: pipes and devices, exports whose post ids climb out of the
// export, script URLs as an issue's address, zip bombs. Each must end as one clear failure (or
// warning) line, quickly, without reading anything it shouldn't. The hostile files are made here.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { issues } from "@/db/schema";
import { checkSourceUrl } from "@/lib/ingest/normalise";
import { ARCHIVE_LIMITS, readZipExport } from "@/lib/ingest/parse/substack";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const root = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-hostile-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const SECRET = "Quartermaster ledger entry that must never leave its folder";

async function storedText(): Promise<string> {
  const rows = await db().select({ title: issues.title, text: issues.text }).from(issues);
  return rows.map((r) => `${r.title}\n${r.text}`).join("\n");
}

async function countIssues(): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(issues);
  return row?.n ?? 0;
}

function csv(rows: [postId: string, title: string][]): string {
  return [
    "post_id,post_date,is_published,title,subtitle",
    ...rows.map(
      ([id, title]) => `${id},2024-03-0${1 + (rows.findIndex((r) => r[0] === id) % 9)}T08:00:00Z,true,${title},`,
    ),
  ].join("\n");
}

async function writeZip(file: string, entries: Record<string, Buffer | string>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(file));
}

describe("ingest: hostile input", () => {
  it("refuses a named pipe and a device with one line each instead of hanging or reading forever", async () => {
    const fifo = path.join(root, "issue.md");
    execFileSync("mkfifo", [fifo]);
    const fifoZip = path.join(root, "export.zip");
    execFileSync("mkfifo", [fifoZip]);
    const started = performance.now();
    const summary = await ingestPaths(db(), [fifo, fifoZip, "/dev/zero"]);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(summary.outcomes.map((o) => [o.source, o.status, o.error])).toEqual([
      [fifo, "failed", "not a regular file (a named pipe); only regular files are ingested"],
      [fifoZip, "failed", "not a regular file (a named pipe); only regular files are ingested"],
      ["/dev/zero", "failed", "not a regular file (a character device); only regular files are ingested"],
    ]);
  }, 30_000);

  it("keeps every read of a Substack export folder inside it: no ../ post ids, no links out", async () => {
    const dir = path.join(root, "folder-export");
    fs.mkdirSync(path.join(dir, "export", "posts"), { recursive: true });
    fs.writeFileSync(path.join(dir, "secret.html"), `<p>${SECRET}.</p>`);
    const exportDir = path.join(dir, "export");
    fs.writeFileSync(
      path.join(exportDir, "posts", "101.harbour-notes.html"),
      "<p>Notes from the harbour, written for everyone.</p>",
    );
    fs.symlinkSync(path.join(dir, "secret.html"), path.join(exportDir, "posts", "103.linked.html"));
    fs.writeFileSync(
      path.join(exportDir, "posts.csv"),
      csv([
        ["101.harbour-notes", "Harbour Notes"],
        ["../../secret", "Climbing Out"],
        ["103.linked", "Linked Out"],
      ]),
    );

    const summary = await ingestPaths(db(), [exportDir]);
    const byLabel = Object.fromEntries(
      summary.outcomes.map((o) => [o.source.replace(`${exportDir} `, ""), [o.status, o.error]]),
    );
    expect(byLabel).toEqual({
      "(posts/101.harbour-notes.html)": ["new", undefined],
      "(posts/../../secret.html)": [
        "failed",
        `post_id "../../secret" is not a file name inside the export's posts/ folder; skipped`,
      ],
      "(posts/103.linked.html)": [
        "failed",
        expect.stringMatching(/^posts\/103\.linked\.html leads outside the export \(to .*secret\.html\); skipped$/),
      ],
    });
    expect(await storedText()).not.toContain("Quartermaster");
  });

  it("refuses path-like post ids in a zipped export too", async () => {
    const file = path.join(root, "traversal.zip");
    await writeZip(file, {
      "export/posts.csv": csv([
        ["201.tide-tables", "Tide Tables"],
        ["../201.tide-tables", "Sideways"],
      ]),
      "export/posts/201.tide-tables.html": "<p>Tide tables for the spring, read aloud.</p>",
    });
    const summary = await ingestPaths(db(), [file]);
    expect(
      Object.fromEntries(summary.outcomes.map((o) => [o.source.replace(`${file} `, ""), [o.status, o.error]])),
    ).toEqual({
      "(posts/201.tide-tables.html)": ["new", undefined],
      "(posts/../201.tide-tables.html)": [
        "failed",
        `post_id "../201.tide-tables" is not a file name inside the export's posts/ folder; skipped`,
      ],
    });
  });

  it("stores an issue without a javascript:, data: or relative source url, and says so", async () => {
    const dir = path.join(root, "urls");
    fs.mkdirSync(dir);
    const issue = (slug: string, url: string) =>
      fs.writeFileSync(
        path.join(dir, `${slug}.md`),
        `---\ntitle: ${slug.replace(/-/g, " ")}\nslug: ${slug}\nurl: "${url}"\n---\n\nA paragraph about ${slug}.\n`,
      );
    issue("script-link", "javascript:alert(document.cookie)");
    issue("data-link", "data:text/html,<script>alert(1)</script>");
    issue("tabbed-script-link", "java\tscript:alert(1)");
    issue("relative-link", "/somewhere/else");
    issue("honest-link", "https://letters.example.net/p/honest-link");

    const summary = await ingestPaths(db(), [dir]);
    const warnings = Object.fromEntries(summary.outcomes.map((o) => [o.slug, o.warnings]));
    expect(warnings).toEqual({
      "data-link": ['source url "data:text/html,<script>alert(1)</script>" uses data:, not http(s); stored without it'],
      "honest-link": undefined,
      "relative-link": ['source url "/somewhere/else" is not an absolute http(s) address; stored without it'],
      "script-link": [
        'source url "javascript:alert(document.cookie)" uses javascript:, not http(s); stored without it',
      ],
      "tabbed-script-link": ['source url "java\tscript:alert(1)" uses javascript:, not http(s); stored without it'],
    });
    const rows = await db()
      .select({ slug: issues.slug, sourceUrl: issues.sourceUrl })
      .from(issues)
      .where(sql`${issues.slug} like '%-link'`);
    expect(Object.fromEntries(rows.map((r) => [r.slug, r.sourceUrl]))).toEqual({
      "data-link": null,
      "honest-link": "https://letters.example.net/p/honest-link",
      "relative-link": null,
      "script-link": null,
      "tabbed-script-link": null,
    });
  });

  it("clears unsafe source urls stored before they were checked (migration)", async () => {
    await db().execute(sql`update issues set source_url = 'javascript:alert(2)' where slug = 'script-link'`);
    await db().execute(sql`update issues set source_url = 'data:text/html,x' where slug = 'data-link'`);
    const migrations = path.join(process.cwd(), "db", "migrations");
    const file = fs.readdirSync(migrations).find((f) => f.endsWith("_source_url_http_only.sql"))!;
    await db().execute(sql.raw(fs.readFileSync(path.join(migrations, file), "utf8")));
    const rows = await db()
      .select({ slug: issues.slug, sourceUrl: issues.sourceUrl })
      .from(issues)
      .where(sql`${issues.slug} like '%-link'`);
    expect(Object.fromEntries(rows.map((r) => [r.slug, r.sourceUrl]))).toMatchObject({
      "script-link": null,
      "data-link": null,
      "honest-link": "https://letters.example.net/p/honest-link",
    });
  });

  it("allows only absolute http(s) addresses, kept as written", () => {
    expect(checkSourceUrl("https://example.org/A?b=1#c")).toEqual({ url: "https://example.org/A?b=1#c" });
    expect(checkSourceUrl("  http://example.org ")).toEqual({ url: "http://example.org" });
    expect(checkSourceUrl("JAVASCRIPT:alert(1)").url).toBeNull();
    expect(checkSourceUrl("vbscript:msgbox(1)").url).toBeNull();
    expect(checkSourceUrl("//evil.example/x").url).toBeNull();
    expect(checkSourceUrl(undefined)).toEqual({ url: null });
  });

  it("refuses a zip bomb at once, with one line naming the archive and the entry", async () => {
    // Three posts of 15 MB each (under the per-file limit) that deflate to a few KB apiece.
    const body = Buffer.from("<p>again </p>".repeat(Math.ceil((15 * 1024 * 1024) / 13)));
    const file = path.join(root, "bomb.zip");
    await writeZip(file, {
      "posts.csv": csv([
        ["301.one", "One"],
        ["302.two", "Two"],
        ["303.three", "Three"],
      ]),
      "posts/301.one.html": body,
      "posts/302.two.html": body,
      "posts/303.three.html": body,
    });
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
    const before = await countIssues();

    const started = performance.now();
    const summary = await ingestPaths(db(), [file]);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(summary.outcomes).toHaveLength(1);
    expect(summary.outcomes[0]).toMatchObject({ status: "failed", source: file });
    expect(summary.outcomes[0]!.error).toMatch(
      /^posts\/301\.one\.html in the archive would unpack to 15\.0 MB from 0\.\d MB \(\d+×, over the 100× limit\); refusing a likely zip bomb$/,
    );
    expect(await countIssues()).toBe(before);
  }, 60_000);

  it("limits what an archive may unpack to in total, and how long unpacking may take", async () => {
    // Random bytes don't compress: no ratio to catch, only the total.
    const file = path.join(root, "large.zip");
    await writeZip(file, {
      "posts.csv": csv([
        ["401.a", "A"],
        ["402.b", "B"],
      ]),
      "posts/401.a.html": randomBytes(80 * 1024).toString("base64"),
      "posts/402.b.html": randomBytes(80 * 1024).toString("base64"),
    });
    await expect(readZipExport(file, { ...ARCHIVE_LIMITS, maxTotalBytes: 150 * 1024 })).rejects.toThrow(
      "the export would unpack to over 0.1 MB; refusing it",
    );
    await expect(readZipExport(file, { ...ARCHIVE_LIMITS, timeoutMs: 0 })).rejects.toThrow(
      "unpacking the archive took over 0 s; stopped (is it a zip bomb?)",
    );
    await expect(readZipExport(file, { ...ARCHIVE_LIMITS, maxEntries: 2 })).rejects.toThrow(
      "the archive lists 3 entries, over the 2 limit",
    );
    const files = await readZipExport(file);
    expect((await files.html("401.a"))?.length).toBe(Math.ceil((80 * 1024) / 3) * 4);
    expect(await files.html("404.missing")).toBeUndefined();
  });

  it("still reads an honest export folder's posts (ids with dots and dashes)", async () => {
    const exportDir = path.join(root, "honest-export");
    fs.mkdirSync(path.join(exportDir, "posts"), { recursive: true });
    fs.writeFileSync(
      path.join(exportDir, "posts", "501.the-v2.0-plan.html"),
      "<p>The second plan, written down at last.</p>",
    );
    fs.writeFileSync(path.join(exportDir, "posts.csv"), csv([["501.the-v2.0-plan", "The Second Plan"]]));
    const summary = await ingestPaths(db(), [exportDir]);
    expect(summary.outcomes.map((o) => o.status)).toEqual(["new"]);
    const [row] = await db().select({ slug: issues.slug }).from(issues).where(eq(issues.title, "The Second Plan"));
    expect(row?.slug).toBe("the-v20-plan");
  });
});
