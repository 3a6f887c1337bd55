/**
 * The W3C Web Annotation selectors we store for a highlight, and their shape in
 * JSON-LD. Positions are offsets into an issue's normalised text (`issues.text`,
 * the blocks joined by blank lines), never into HTML, so they mean the same on
 * the server, in the browser and in an export.
 */

/** Characters of context kept on each side of the quote. */
export const CONTEXT_LENGTH = 32;

type TextQuoteSelector = { type: "TextQuoteSelector"; exact: string; prefix: string; suffix: string };
type TextPositionSelector = { type: "TextPositionSelector"; start: number; end: number };
/** The block (paragraph) holding the start of the passage, as a fragment of the issue page: `#<block id>`. */
type FragmentSelector = { type: "FragmentSelector"; conformsTo: "http://tools.ietf.org/rfc/rfc3986"; value: string };
export type Selector = TextQuoteSelector | TextPositionSelector | FragmentSelector;

/** What an annotation stores about its passage (columns of `annotations`). */
export type TextTarget = {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  blockId: string | null;
};

/** Just the offsets and ids of an issue's blocks: all the browser needs to map selections. */
export type BlockSpan = { id: string; start: number; end: number };

export function toSelectors(target: TextTarget): Selector[] {
  const selectors: Selector[] = [
    { type: "TextQuoteSelector", exact: target.exact, prefix: target.prefix, suffix: target.suffix },
    { type: "TextPositionSelector", start: target.start, end: target.end },
  ];
  if (target.blockId) {
    selectors.push({
      type: "FragmentSelector",
      conformsTo: "http://tools.ietf.org/rfc/rfc3986",
      value: target.blockId,
    });
  }
  return selectors;
}
