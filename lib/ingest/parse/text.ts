/** Turning a source's bytes into text, refusing what isn't text. */
import { decodeHTMLStrict } from "entities";
import type { SourceFile } from "../types";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const utf16le = new TextDecoder("utf-16le", { fatal: true, ignoreBOM: false });
/** For a file's first KB only, which may end in the middle of a character. */
const lenientUtf16le = new TextDecoder("utf-16le");

/** The UTF-16 byte order a file's byte order mark names, if it has one. */
function utf16Order(bytes: Buffer): "le" | "be" | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "be";
  return undefined;
}

/** UTF-16 as little-endian bytes, BOM included (the decoder drops it): big-endian is swapped, which needs no ICU. */
function asLittleEndian(bytes: Buffer, order: "le" | "be"): Buffer {
  return order === "le" ? bytes : Buffer.from(bytes).swap16();
}

/**
 * The first KB of a source as text, for telling formats apart: UTF-8, or
 * UTF-16 when a byte order mark says so (Windows tools save "Unicode" that way).
 */
export function decodeHead(bytes: Buffer, size = 4096): string {
  const order = utf16Order(bytes);
  if (!order)
    return bytes
      .subarray(0, size)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
  const head = bytes.subarray(0, Math.min(size, bytes.length - (bytes.length % 2)));
  return lenientUtf16le.decode(asLittleEndian(head, order));
}

/** The file's text; throws a reader-facing reason for binary content or an encoding it can't read. */
export function decodeText(file: SourceFile): string {
  const bytes = file.bytes;
  const order = utf16Order(bytes);
  let text: string;
  if (order) {
    // UTF-16 is full of NUL bytes (every ASCII character has one), so it's decoded before
    // the binary check, which then looks for NUL characters instead.
    try {
      if (bytes.length % 2 !== 0) throw new Error("odd length");
      text = utf16le.decode(asLittleEndian(bytes, order));
    } catch {
      throw new Error("not valid UTF-16 text (re-save the file as UTF-8)");
    }
    if (text.slice(0, 4096).includes("\0")) throw new Error("binary file (contains NUL characters), not text");
  } else {
    // A NUL byte in the first few KB is the cheapest reliable sign of a binary file.
    if (bytes.subarray(0, 8192).includes(0)) throw new Error("binary file (contains NUL bytes), not text");
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new Error("not valid UTF-8 text (re-save the file as UTF-8)");
    }
  }
  if (!text.trim()) throw new Error("file is empty");
  return text;
}

/**
 * Character references left in text that was already unescaped once: feeds often escape a
 * title's HTML twice, or wrap escaped HTML in CDATA (`Fish &amp;amp; Chips`, `&#8217;`).
 * Only complete references (`&amp;`, not `&amp`), so "AT&T" and "R&D" are left as written.
 */
export function decodeEntities(text: string): string {
  return text.includes("&") ? decodeHTMLStrict(text) : text;
}
