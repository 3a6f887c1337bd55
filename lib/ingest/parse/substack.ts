/**
 * A Substack export — a folder or a .zip holding `posts.csv` and
 * `posts/<post_id>.html`, where post_id is `<numeric id>.<slug>`. Only published
 * posts are issues; their dates, titles and subtitles come from the CSV (the
 * HTML files are body fragments without metadata).
 */
import { parse as parseCsv } from "csv-parse/sync";
import fsCallbacks from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import yauzl from "yauzl";
import { MAX_FILE_BYTES, openRegularFd, readFileLimited } from "../sources";
import type { ParsedIssue } from "../types";
import { toDate } from "./html";
import { decodeText } from "./text";

/**
 * What unpacking an export may cost. An export is text: a real one unpacks to a
 * few times its size and to at most a few hundred MB; a "zip bomb" declares
 * hundreds of times its size and would hold the run (and memory) for minutes.
 * Sizes are the entries' declared ones, which yauzl holds them to while inflating.
 */
export type ArchiveLimits = {
  /** Largest uncompressed : compressed ratio of an entry (of at least `ratioFloorBytes`). */
  maxRatio: number;
  /** Entries smaller than this are never judged by their ratio (a page of blank lines is fine). */
  ratioFloorBytes: number;
  /** Total uncompressed size of what is read out of the archive. */
  maxTotalBytes: number;
  /** Entries listed in the archive. */
  maxEntries: number;
  /** Time allowed to read the archive. */
  timeoutMs: number;
};

export const ARCHIVE_LIMITS: ArchiveLimits = {
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxEntries: 100_000,
  timeoutMs: 60_000,
};

type ExportFiles = { csv: Buffer; html: (postId: string) => Promise<Buffer | undefined> };

type CsvRow = Record<string, string | undefined>;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * A post's body is `posts/<post_id>.html`; a post_id is a file name, never a path
 * (`../../x`, `a/b`), so every read stays inside the export.
 */
function postFileName(postId: string): string {
  if (!postId || postId === "." || postId === ".." || /[/\\\0]/.test(postId)) {
    throw new Error(`post_id "${postId}" is not a file name inside the export's posts/ folder; skipped`);
  }
  return `${postId}.html`;
}

async function openZip(file: string): Promise<yauzl.ZipFile> {
  // A pipe or a device named *.zip is refused before the unzipper reads it.
  const fd = await openRegularFd(file);
  return new Promise((resolve, reject) => {
    // Closing the ZipFile closes the descriptor.
    yauzl.fromFd(fd, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, zip) => {
      if (err || !zip) {
        fsCallbacks.closeSync(fd);
        reject(new Error(`not a valid zip archive: ${err?.message ?? "unreadable"}`));
      } else resolve(zip);
    });
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, deadline: number, limits: ArchiveLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream)
        return reject(new Error(`could not read ${entry.fileName} in the archive: ${err?.message ?? "unreadable"}`));
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on("data", (chunk: Buffer) => {
        total += chunk.length;
        if (total > MAX_FILE_BYTES)
          stream.destroy(
            new Error(`${entry.fileName} in the archive is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`),
          );
        else if (Date.now() > deadline) stream.destroy(timedOut(limits));
        else chunks.push(chunk);
      });
      stream.on("error", reject);
      stream.on("end", () => resolve(Buffer.concat(chunks)));
    });
  });
}

function timedOut(limits: ArchiveLimits): Error {
  return new Error(`unpacking the archive took over ${limits.timeoutMs / 1000} s; stopped (is it a zip bomb?)`);
}

/** Refuse an entry whose declared sizes say it is a bomb, before inflating a byte of it. */
function checkEntry(entry: yauzl.Entry, limits: ArchiveLimits): void {
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize >= limits.ratioFloorBytes && ratio > limits.maxRatio) {
    throw new Error(
      `${entry.fileName} in the archive would unpack to ${mb(entry.uncompressedSize)} from ${mb(entry.compressedSize)} (${Math.round(ratio)}×, over the ${limits.maxRatio}× limit); refusing a likely zip bomb`,
    );
  }
  if (entry.uncompressedSize > MAX_FILE_BYTES) {
    throw new Error(
      `${entry.fileName} in the archive is ${mb(entry.uncompressedSize)}, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`,
    );
  }
}

/** The export's posts.csv and post bodies out of a zip, wherever the export's root sits inside it. */
export async function readZipExport(file: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<ExportFiles> {
  const deadline = Date.now() + limits.timeoutMs;
  const zip = await openZip(file);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new Error(`the archive lists ${zip.entryCount} entries, over the ${limits.maxEntries} limit`);
    }
    const entries: yauzl.Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        if (Date.now() > deadline) return reject(timedOut(limits));
        entries.push(entry);
        zip.readEntry();
      });
      zip.on("end", resolve);
      zip.on("error", (err: Error) => reject(new Error(`not a valid zip archive: ${err.message}`)));
      zip.readEntry();
    });
    const csvEntry = entries
      .filter((e) => /(^|\/)posts\.csv$/.test(e.fileName))
      .sort((a, b) => a.fileName.length - b.fileName.length)[0];
    if (!csvEntry) throw new Error("not a Substack export: the archive has no posts.csv");
    const root = csvEntry.fileName.slice(0, -"posts.csv".length);
    const postEntries = entries.filter((e) => e.fileName.startsWith(`${root}posts/`) && e.fileName.endsWith(".html"));
    // Everything that will be read is judged up front, so a bomb costs nothing to refuse.
    let total = 0;
    for (const entry of [csvEntry, ...postEntries]) {
      checkEntry(entry, limits);
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes)
        throw new Error(`the export would unpack to over ${mb(limits.maxTotalBytes)}; refusing it`);
    }
    // Entries are read one at a time while the archive is open; collect every post body now.
    const bodies = new Map<string, Buffer>();
    for (const entry of postEntries) {
      bodies.set(entry.fileName.slice(`${root}posts/`.length), await readEntry(zip, entry, deadline, limits));
    }
    const csv = await readEntry(zip, csvEntry, deadline, limits);
    return { csv, html: async (postId) => bodies.get(postFileName(postId)) };
  } finally {
    zip.close();
  }
}

/**
 * A file of the export folder, read only if it really is inside it: a symbolic
 * link in a downloaded export must not lead the ingest elsewhere on the machine.
 */
async function readInside(root: string, relative: string): Promise<Buffer | undefined> {
  const file = path.join(root, relative);
  const real = await fs.realpath(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (!real) return undefined;
  const realRoot = await fs.realpath(root);
  if (!real.startsWith(realRoot + path.sep))
    throw new Error(`${relative} leads outside the export (to ${real}); skipped`);
  return readFileLimited(real);
}

async function readDirExport(dir: string): Promise<ExportFiles> {
  const csv = await readInside(dir, "posts.csv");
  if (!csv) throw new Error("not a Substack export: no posts.csv in this folder");
  return { csv, html: (postId) => readInside(dir, path.join("posts", postFileName(postId))) };
}

function readRows(csv: Buffer, label: string): CsvRow[] {
  const text = decodeText({ path: label, bytes: csv });
  let rows: CsvRow[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as CsvRow[];
  } catch (err) {
    throw new Error(`malformed CSV in posts.csv: ${err instanceof Error ? err.message : String(err)}`);
  }
  const first = rows[0];
  if (first && !("post_id" in first)) throw new Error("posts.csv has no post_id column; is this a Substack export?");
  return rows;
}

export async function parseSubstackExport(location: string, kind: "zip" | "dir"): Promise<ParsedIssue[]> {
  const files = kind === "zip" ? await readZipExport(location) : await readDirExport(location);
  const rows = readRows(files.csv, `${location}/posts.csv`);
  const published = rows.filter((r) => (r.is_published ?? "").toLowerCase() === "true");
  const issues: ParsedIssue[] = [];
  for (const row of published) {
    const postId = row.post_id ?? "";
    const slug = postId.includes(".") ? postId.slice(postId.indexOf(".") + 1) : undefined;
    const base = {
      sourcePath: location,
      sourceLabel: `posts/${postId}.html`,
      title: row.title ?? "",
      subtitle: row.subtitle || undefined,
      publishedAt: toDate(row.post_date) ?? toDate(row.email_sent_at),
      slug,
    };
    let bytes: Buffer | undefined;
    try {
      bytes = await files.html(postId);
    } catch (err) {
      issues.push({ ...base, html: "", failure: err instanceof Error ? err.message : String(err) });
      continue;
    }
    if (!bytes) {
      issues.push({ ...base, html: "", failure: `posts/${postId}.html is missing from the export` });
      continue;
    }
    try {
      const html = decodeText({ path: base.sourceLabel, bytes });
      issues.push({ ...base, html, ...(base.title ? {} : { failure: "post has no title in posts.csv" }) });
    } catch (err) {
      issues.push({ ...base, html: "", failure: err instanceof Error ? err.message : String(err) });
    }
  }
  if (published.length === 0)
    throw new Error(rows.length ? "no published posts in posts.csv" : "posts.csv lists no posts");
  return issues;
}
