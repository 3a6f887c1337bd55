/**
 * From a span of an issue's text to the selectors that let us find it again
 * after the text changes: the exact quote with 32 characters of context on each
 * side, its offsets, and the block it starts in.
 */
import { CONTEXT_LENGTH, type BlockSpan, type TextTarget } from "./selectors";

/** The block containing `offset`, or the first one after it (offsets between blocks fall on the blank line). */
export function blockAt(blocks: BlockSpan[], offset: number): BlockSpan | undefined {
  return blocks.find((b) => offset < b.end) ?? blocks[blocks.length - 1];
}

/**
 * Describe `text[start, end)`. Whitespace at either edge is dropped, so a
 * selection that spilled over a line break is stored as the words the reader
 * meant. Returns null when nothing but whitespace is left.
 */
export function describeRange(text: string, blocks: BlockSpan[], start: number, end: number): TextTarget | null {
  let s = Math.max(0, Math.min(start, text.length));
  let e = Math.max(s, Math.min(end, text.length));
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (s === e) return null;
  return {
    exact: text.slice(s, e),
    prefix: text.slice(Math.max(0, s - CONTEXT_LENGTH), s),
    suffix: text.slice(e, e + CONTEXT_LENGTH),
    start: s,
    end: e,
    blockId: blockAt(blocks, s)?.id ?? null,
  };
}
