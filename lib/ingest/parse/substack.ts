/**
 * A Substack export — a folder or a .zip holding `posts.csv` and
 * `posts/<post_id>.html`, where post_id is `<numeric id>.<slug>`. Only published
 * posts are issues; their dates, titles and subtitles come from the CSV (the
 * HTML files are body fragments without metadata).
 */
import { parse as parseCsv } from "csv-parse/sync";
import fs from "node:fs/promises";
import path from "node:path";
import yauzl from "yauzl";
import { MAX_FILE_BYTES, readFileLimited } from "../sources";
import type { ParsedIssue } from "../types";
import { toDate } from "./html";
import { decodeText } from "./text";

/** An export is mostly text; anything beyond this uncompressed is not one we should unpack. */
export const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;

type ExportFiles = { csv: Buffer; html: (postId: string) => Promise<Buffer | undefined> };

type CsvRow = Record<string, string | undefined>;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, zip) => {
      if (err || !zip) reject(new Error(`not a valid zip archive: ${err?.message ?? "unreadable"}`));
      else resolve(zip);
    });
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(new Error(`could not read ${entry.fileName} in the archive: ${err?.message ?? "unreadable"}`));
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on("data", (chunk: Buffer) => {
        total += chunk.length;
        // The declared size can lie; count what actually comes out.
        if (total > MAX_FILE_BYTES) stream.destroy(new Error(`${entry.fileName} in the archive is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`));
        else chunks.push(chunk);
      });
      stream.on("error", reject);
      stream.on("end", () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** The export's posts.csv and post bodies out of a zip, wherever the export's root sits inside it. */
async function readZipExport(file: string): Promise<ExportFiles> {
  const zip = await openZip(file);
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    let total = 0;
    zip.on("entry", (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      if (total > MAX_ARCHIVE_BYTES) {
        zip.close();
        reject(new Error(`archive unpacks to over ${MAX_ARCHIVE_BYTES / 1024 / 1024} MB`));
        return;
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", resolve);
    zip.on("error", (err: Error) => reject(new Error(`not a valid zip archive: ${err.message}`)));
    zip.readEntry();
  });
  const csvEntry = entries.filter((e) => /(^|\/)posts\.csv$/.test(e.fileName)).sort((a, b) => a.fileName.length - b.fileName.length)[0];
  if (!csvEntry) {
    zip.close();
    throw new Error("not a Substack export: the archive has no posts.csv");
  }
  const root = csvEntry.fileName.slice(0, -"posts.csv".length);
  const byName = new Map(entries.map((e) => [e.fileName, e]));
  // Entries are read one at a time while the archive is open; collect every post body now.
  const bodies = new Map<string, Buffer>();
  for (const entry of entries) {
    if (entry.fileName.startsWith(`${root}posts/`) && entry.fileName.endsWith(".html")) {
      bodies.set(entry.fileName.slice(`${root}posts/`.length, -".html".length), await readEntry(zip, entry));
    }
  }
  const csv = await readEntry(zip, byName.get(csvEntry.fileName)!);
  zip.close();
  return { csv, html: async (postId) => bodies.get(postId) };
}

async function readDirExport(dir: string): Promise<ExportFiles> {
  const csv = await readFileLimited(path.join(dir, "posts.csv")).catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === "ENOENT" ? "not a Substack export: no posts.csv in this folder" : err.message);
  });
  return {
    csv,
    html: async (postId) => {
      const file = path.join(dir, "posts", `${postId}.html`);
      if (!(await fs.stat(file).catch(() => undefined))) return undefined;
      return readFileLimited(file);
    },
  };
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
    const bytes = await files.html(postId);
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
  if (published.length === 0) throw new Error(rows.length ? "no published posts in posts.csv" : "posts.csv lists no posts");
  return issues;
}
