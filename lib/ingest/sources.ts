/**
 * Expanding what the author named on the command line — files, folders, globs,
 * feed URLs, Substack exports — into sources, and reading their bytes within
 * size limits. Nothing here knows formats beyond recognising file names.
 */
import fsCallbacks, { constants as fsConstants } from "node:fs";
import fs from "node:fs/promises";
import { promisify } from "node:util";
import path from "node:path";
import { glob } from "tinyglobby";

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** A feed fetched over HTTP gives up after this long. */
const FETCH_TIMEOUT_MS = 30_000;

/** Files picked up when walking a folder; a file named explicitly is read whatever its name. */
const INGESTIBLE = /\.(md|markdown|mdx|txt|html?|xhtml|xml|rss|atom|zip)$/i;
const INGESTIBLE_NAMES = ".md, .markdown, .mdx, .txt, .html, .htm, .xhtml, .xml, .rss, .atom or .zip";
const GLOB_CHARS = /[*?[\]{}]/;

export type Source = {
  /** Path or URL, as the author will recognise it in messages. */
  path: string;
  kind: "file" | "url" | "export-dir";
};

export type MissingSource = { path: string; reason: string };

function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/** A folder holding a Substack-style export: posts.csv beside a posts/ folder. */
async function isExportDir(dir: string): Promise<boolean> {
  const [csv, posts] = await Promise.all([
    fs.stat(path.join(dir, "posts.csv")).catch(() => undefined),
    fs.stat(path.join(dir, "posts")).catch(() => undefined),
  ]);
  return !!csv?.isFile() && !!posts?.isDirectory();
}

/** Sources under each named input, in a stable order, without duplicates. */
export async function discoverSources(inputs: string[]): Promise<{ sources: Source[]; missing: MissingSource[] }> {
  const sources: Source[] = [];
  const missing: MissingSource[] = [];
  const seen = new Set<string>();
  const add = (source: Source) => {
    const key = source.kind === "url" ? source.path : path.resolve(source.path);
    if (seen.has(key)) return;
    seen.add(key);
    sources.push(source);
  };

  const walked = new Set<string>();
  let found = 0;
  async function walk(dir: string): Promise<void> {
    // A link back up the tree would otherwise be walked forever.
    const real = await fs.realpath(dir);
    if (walked.has(real)) return;
    walked.add(real);
    if (await isExportDir(dir)) {
      found += 1;
      add({ path: dir, kind: "export-dir" });
      return;
    }
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      // One unreadable folder is one failure; the rest of the tree is still read.
      missing.push({ path: dir, reason: `cannot read this folder (${describeFsError(err)})` });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      // Follow symbolic links (a corpus linked into a folder); a dangling one is skipped.
      const target = entry.isSymbolicLink() ? await fs.stat(full).catch(() => undefined) : entry;
      if (target?.isDirectory()) await walk(full);
      else if (target?.isFile() && INGESTIBLE.test(entry.name)) {
        found += 1;
        add({ path: full, kind: "file" });
      }
    }
  }

  /** A folder the author named: finding nothing in it is worth saying (a mistyped path looks like success otherwise). */
  async function walkInput(dir: string): Promise<void> {
    if (walked.has(await fs.realpath(dir))) return; // named twice: once is enough
    const before = found;
    const failures = missing.length;
    await walk(dir);
    if (found === before && missing.length === failures) {
      missing.push({ path: dir, reason: `no files to ingest in this folder (looked for ${INGESTIBLE_NAMES})` });
    }
  }

  for (const input of inputs) {
    if (isUrl(input)) {
      add({ path: input, kind: "url" });
      continue;
    }
    const stat = await fs.stat(input).catch(() => undefined);
    if (stat?.isDirectory()) await walkInput(input);
    else if (stat) add({ path: input, kind: "file" });
    else if (GLOB_CHARS.test(input)) {
      // Node 20 has no fs.glob; shells that don't expand globs (or quoted ones) land here.
      // Matches are shown as the pattern was written: absolute for an absolute pattern.
      const matches = (
        await glob(input, { onlyFiles: false, dot: false, expandDirectories: false, absolute: path.isAbsolute(input) })
      ).sort();
      if (matches.length === 0) missing.push({ path: input, reason: "no files match this pattern" });
      for (const match of matches) {
        const s = await fs.stat(match).catch(() => undefined);
        if (s?.isDirectory()) await walkInput(match);
        else if (s?.isFile()) add({ path: match, kind: "file" });
      }
    } else missing.push({ path: input, reason: "no such file or directory" });
  }
  return { sources, missing };
}

/**
 * Sources whose issues are compared for recurring boilerplate: the files of one
 * folder together; a feed, an export or a URL on its own.
 */
export function groupSources(sources: Source[]): Source[][] {
  const groups = new Map<string, Source[]>();
  for (const source of sources) {
    const key =
      source.kind === "file" ? `dir:${path.dirname(path.resolve(source.path))}` : `${source.kind}:${source.path}`;
    const group = groups.get(key);
    if (group) group.push(source);
    else groups.set(key, [source]);
  }
  return [...groups.values()];
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return err instanceof Error ? err.message : String(err);
}

function tooLarge(bytes: number): Error {
  return new Error(`file is ${(bytes / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`);
}

/** What a path that isn't a regular file is, for the message refusing it. */
function kindOfNode(stat: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

/** O_NONBLOCK lets the open itself return for a named pipe that nobody writes to. */
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

function refuseIrregular(stat: fsCallbacks.Stats): void {
  if (!stat.isFile()) throw new Error(`not a regular file (${kindOfNode(stat)}); only regular files are ingested`);
}

function openError(err: unknown): unknown {
  if ((err as NodeJS.ErrnoException).code === "ENXIO")
    return new Error("not a regular file (a socket); only regular files are ingested");
  return err;
}

/**
 * Open a file for reading, refusing anything but a regular file: a device like
 * /dev/zero never ends, and a named pipe would block the run until someone
 * writes to it. The check is made on the opened descriptor, so the path can't
 * be swapped in between.
 */
async function openRegularFile(file: string): Promise<fs.FileHandle> {
  const handle = await fs.open(file, OPEN_FLAGS).catch((err: unknown) => {
    throw openError(err);
  });
  try {
    refuseIrregular(await handle.stat());
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** The same as a plain descriptor, for libraries that take one (and close it themselves). */
export async function openRegularFd(file: string): Promise<number> {
  const fd = await promisify(fsCallbacks.open)(file, OPEN_FLAGS).catch((err: unknown) => {
    throw openError(err);
  });
  try {
    refuseIrregular(await promisify(fsCallbacks.fstat)(fd));
    return fd;
  } catch (err) {
    fsCallbacks.closeSync(fd);
    throw err;
  }
}

export async function readFileLimited(file: string): Promise<Buffer> {
  const handle = await openRegularFile(file);
  try {
    const { size } = await handle.stat();
    if (size > MAX_FILE_BYTES) throw tooLarge(size);
    // Read to the end, but never past the limit: the file may grow while it is read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(size - total, 64 * 1024), MAX_FILE_BYTES + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_FILE_BYTES) throw tooLarge(total);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** Fetch a URL's body within the size limit and timeout; the content type helps detection. */
export async function fetchLimited(url: string): Promise<{ bytes: Buffer; contentType: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: {
        accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
      },
      redirect: "follow",
    });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : "";
    throw new Error(`could not fetch (${err instanceof Error ? err.message : String(err)}${cause})`);
  }
  if (!response.ok) throw new Error(`fetch failed: HTTP ${response.status} ${response.statusText}`.trim());
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > MAX_FILE_BYTES) throw tooLarge(declared);
  const chunks: Buffer[] = [];
  let total = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      total += chunk.length;
      if (total > MAX_FILE_BYTES) throw tooLarge(total);
      chunks.push(Buffer.from(chunk));
    }
  }
  return { bytes: Buffer.concat(chunks), contentType: response.headers.get("content-type") ?? "" };
}
