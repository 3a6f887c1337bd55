/**
 * Images copied from beside the author's sources into the data directory, and
 * served from /media/<name>. Names are the content's hash, so a copy is never
 * overwritten by different bytes and can be cached for ever.
 */
import path from "node:path";
import { getDataDir } from "./env";

const MEDIA_PATH = "/media";

/** The image types kept, by the extension a copy is named with. */
export const MEDIA_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
  bmp: "image/bmp",
  ico: "image/x-icon",
};

export const MEDIA_NAME = /^[0-9a-f]{20}\.(png|jpg|gif|webp|avif|svg|bmp|ico)$/;

export function getMediaDir(): string {
  return path.join(getDataDir(), "media");
}

export function mediaUrl(name: string): string {
  return `${MEDIA_PATH}/${name}`;
}
