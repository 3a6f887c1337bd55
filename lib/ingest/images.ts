/**
 * Images an issue points to by a relative path (`../images/chart.png`, a saved
 * page's `page_files/x.jpg`): found beside the source, copied into the data
 * directory under a name made from their content, and pointed to there with
 * their width and height, so the page keeps its layout while they load. An image
 * that can't be found is removed and reported, never left as a broken box.
 */
import * as cheerio from "cheerio/slim";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { imageSize } from "image-size";
import { MEDIA_TYPES, mediaUrl } from "@/lib/media";
import { HTML_OPTIONS } from "./normalise";
import type { ParsedIssue } from "./types";

/** Where a relative image path was written down before resolving it against a page's address. */
export const LOCAL_SRC_ATTRIBUTE = "data-local-src";

const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

const TYPE_EXTENSIONS: Record<string, string> = {
  jpg: "jpg",
  png: "png",
  gif: "gif",
  webp: "webp",
  avif: "avif",
  svg: "svg",
  bmp: "bmp",
  ico: "ico",
  heif: "avif",
};

function isRelative(src: string): boolean {
  return !!src && !/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(src);
}

/** What a relative `src` names on disk, beside the file it was written in. */
function localPath(src: string, sourceDir: string): string | undefined {
  const bare = src.replace(/[?#].*$/, "");
  if (!bare || bare.startsWith("/")) return undefined;
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // A stray "%": the path as written.
  }
  return path.resolve(sourceDir, decoded);
}

type Copied = { url: string; width?: number; height?: number };

export type MediaStore = {
  /** Where copies go. */
  dir: string;
  /** Measure and name without copying (a dry run). */
  dryRun?: boolean;
  /** Files already copied in this run, by path: a folder's issues often share images. */
  cache?: Map<string, Copied | null>;
};

/** Copy one image file into the store; null when it is missing or not an image. */
async function copyImage(file: string, store: MediaStore): Promise<Copied | null> {
  const cached = store.cache?.get(file);
  if (cached !== undefined) return cached;
  let result: Copied | null = null;
  try {
    const stat = await fs.stat(file);
    if (stat.isFile() && stat.size > 0 && stat.size <= MAX_IMAGE_BYTES) {
      const bytes = await fs.readFile(file);
      let size: { width?: number; height?: number; type?: string } | undefined;
      try {
        size = imageSize(bytes);
      } catch {
        size = undefined; // not an image this library knows
      }
      const ext = size?.type ? TYPE_EXTENSIONS[size.type] : undefined;
      if (ext && MEDIA_TYPES[ext]) {
        const name = `${createHash("sha256").update(bytes).digest("hex").slice(0, 20)}.${ext}`;
        if (!store.dryRun) {
          await fs.mkdir(store.dir, { recursive: true });
          const target = path.join(store.dir, name);
          // Content-addressed: a file of that name already holds these bytes.
          await fs.writeFile(target, bytes, { flag: "wx" }).catch((err: NodeJS.ErrnoException) => {
            if (err.code !== "EEXIST") throw err;
          });
        }
        result = { url: mediaUrl(name), width: size?.width, height: size?.height };
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT" && (err as NodeJS.ErrnoException).code !== "ENOTDIR")
      throw err;
  }
  store.cache?.set(file, result);
  return result;
}

/**
 * The issue with its local images copied and pointed to, and the ones that can't be found
 * removed and listed in `missingImages`. `sourceDir` is the folder of the file the issue was
 * read from (none for feeds fetched over HTTP and exports read from a zip: their relative
 * images, if any, are missing).
 */
export async function localiseImages(
  parsed: ParsedIssue,
  sourceDir: string | undefined,
  store: MediaStore,
): Promise<ParsedIssue> {
  if (!/<img\b/i.test(parsed.html)) return parsed;
  const $ = cheerio.load(parsed.html, HTML_OPTIONS, false);
  const missing: string[] = [];
  let changed = false;
  for (const el of $("img").toArray()) {
    const $img = $(el);
    const src = ($img.attr("src") ?? "").trim();
    const written = $img.attr(LOCAL_SRC_ATTRIBUTE) ?? (isRelative(src) ? src : undefined);
    if (written === undefined) continue;
    changed = true;
    $img.removeAttr(LOCAL_SRC_ATTRIBUTE);
    const file = sourceDir ? localPath(written, sourceDir) : undefined;
    const copied = file ? await copyImage(file, store) : null;
    if (copied) {
      $img.attr("src", copied.url);
      if (copied.width && copied.height && !$img.attr("width") && !$img.attr("height")) {
        $img.attr("width", String(copied.width));
        $img.attr("height", String(copied.height));
      }
      continue;
    }
    // Not beside the source: the page's own address may still serve it.
    if (/^https?:\/\//i.test(src)) continue;
    missing.push(written);
    $img.remove();
  }
  if (!changed) return parsed;
  return { ...parsed, html: $.html(), ...(missing.length > 0 ? { missingImages: missing } : {}) };
}
