/**
 * Between what the browser holds (text nodes with the HTML's own whitespace)
 * and what annotations store (offsets into the normalised text, where each
 * block's whitespace is collapsed and trimmed). Pure string work, so both
 * directions are unit-tested without a browser; ./dom.ts applies it to nodes.
 */

export type CollapsedText = {
  /** The block's text as stored: whitespace runs collapsed to one space, trimmed. */
  text: string;
  /** For each character of `text`, the index in the raw string it came from. */
  rawIndex: number[];
  rawLength: number;
};

export function collapseWhitespace(raw: string): CollapsedText {
  let text = "";
  const rawIndex: number[] = [];
  let pendingSpaceAt = -1;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (/\s/.test(ch)) {
      // A run inside the text becomes one space (at its first character); leading runs vanish.
      if (text.length > 0 && pendingSpaceAt < 0) pendingSpaceAt = i;
      continue;
    }
    if (pendingSpaceAt >= 0) {
      text += " ";
      rawIndex.push(pendingSpaceAt);
      pendingSpaceAt = -1;
    }
    text += ch;
    rawIndex.push(i);
  }
  return { text, rawIndex, rawLength: raw.length };
}

/** Where a selection starting at raw index `raw` starts in the collapsed text. */
export function collapsedStart(map: CollapsedText, raw: number): number {
  const i = map.rawIndex.findIndex((r) => r >= raw);
  return i === -1 ? map.text.length : i;
}

/** Where a selection ending (exclusively) at raw index `raw` ends in the collapsed text. */
export function collapsedEnd(map: CollapsedText, raw: number): number {
  let n = 0;
  while (n < map.rawIndex.length && map.rawIndex[n]! < raw) n++;
  return n;
}

/** The raw span [start, end) covering collapsed characters [start, end). */
export function rawSpan(map: CollapsedText, start: number, end: number): { start: number; end: number } | null {
  const s = Math.max(0, start);
  const e = Math.min(map.text.length, end);
  if (s >= e) return null;
  return { start: map.rawIndex[s]!, end: map.rawIndex[e - 1]! + 1 };
}
