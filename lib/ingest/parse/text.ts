/** Turning a source's bytes into text, refusing what isn't text. */
import type { SourceFile } from "../types";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The file's text; throws a reader-facing reason for binary or non-UTF-8 content. */
export function decodeUtf8(file: SourceFile): string {
  const bytes = file.bytes;
  // A NUL byte in the first few KB is the cheapest reliable sign of a binary file.
  if (bytes.subarray(0, 8192).includes(0)) throw new Error("binary file (contains NUL bytes), not text");
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new Error("not valid UTF-8 text (re-save the file as UTF-8)");
  }
  if (!text.trim()) throw new Error("file is empty");
  return text;
}
