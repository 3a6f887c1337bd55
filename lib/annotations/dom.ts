/**
 * The browser side of anchoring: a DOM Range in the issue body ⇄ offsets in the
 * issue's normalised text, and painting highlights as <mark> elements (the
 * annotations', and the concept mentions' of concept-highlighter.tsx). Relies on
 * the ingest contract that each block element carries `id=<block id>` and that
 * its text, whitespace-collapsed, is the block's text.
 */
import type { BlockSpan } from "./selectors";
import { collapseWhitespace, collapsedEnd, collapsedStart, rawSpan, type CollapsedText } from "./text-map";

const HIGHLIGHT_CLASS = "annotation-highlight";

type BlockText = { nodes: Text[]; offsets: number[]; map: CollapsedText };

function readBlock(el: Element): BlockText {
  const nodes: Text[] = [];
  const offsets: number[] = [];
  let raw = "";
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push(n as Text);
    offsets.push(raw.length);
    raw += (n as Text).data;
  }
  return { nodes, offsets, map: collapseWhitespace(raw) };
}

/** Raw character offset of a Range boundary (container, offset) inside `el`. */
function rawOffset(el: Element, block: BlockText, container: Node, offset: number): number {
  if (container.nodeType === Node.TEXT_NODE) {
    const i = block.nodes.indexOf(container as Text);
    return i < 0 ? 0 : block.offsets[i]! + offset;
  }
  // An element boundary: count the text of everything before the child at `offset`.
  const range = el.ownerDocument.createRange();
  range.selectNodeContents(el);
  const child = container.childNodes[offset];
  if (child) range.setEndBefore(child);
  else range.setEnd(container, container.childNodes.length);
  return range.toString().length;
}

function blockElementOf(node: Node, ids: Set<string>, root: Element): Element | null {
  for (let n: Node | null = node; n && n !== root.parentNode; n = n.parentNode) {
    if (n.nodeType === Node.ELEMENT_NODE && ids.has((n as Element).id)) return n as Element;
  }
  return null;
}

/**
 * Offsets in the normalised text covered by `range`, or null when it doesn't
 * touch any block. Boundaries outside blocks (between paragraphs) snap inwards.
 */
export function rangeToOffsets(
  root: Element,
  blocks: BlockSpan[],
  range: Range,
): { start: number; end: number } | null {
  const ids = new Set(blocks.map((b) => b.id));
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const inRange = blocks.filter((b) => {
    const el = root.ownerDocument.getElementById(b.id);
    return el && root.contains(el) && range.intersectsNode(el);
  });
  if (inRange.length === 0) return null;

  const startEl = blockElementOf(range.startContainer, ids, root);
  const endEl = blockElementOf(range.endContainer, ids, root);
  let start: number;
  if (startEl) {
    const b = readBlock(startEl);
    start =
      byId.get(startEl.id)!.start +
      collapsedStart(b.map, rawOffset(startEl, b, range.startContainer, range.startOffset));
  } else {
    start = inRange[0]!.start;
  }
  let end: number;
  if (endEl) {
    const b = readBlock(endEl);
    end = byId.get(endEl.id)!.start + collapsedEnd(b.map, rawOffset(endEl, b, range.endContainer, range.endOffset));
  } else {
    end = inRange[inRange.length - 1]!.end;
  }
  return end > start ? { start, end } : null;
}

/**
 * Wrap characters [start, end) of one block element's text, as ingest counts
 * them (whitespace collapsed, trimmed), in marks made by `makeMark`: one per
 * text node the span crosses, skipping pieces that are only whitespace.
 * Returns the marks in document order.
 */
export function markBlockText(el: Element, start: number, end: number, makeMark: () => HTMLElement): HTMLElement[] {
  const text = readBlock(el);
  const span = rawSpan(text.map, start, end);
  if (!span) return [];
  const marks: HTMLElement[] = [];
  // Split the text nodes that the span covers (last first, so earlier offsets stay valid).
  for (let i = text.nodes.length - 1; i >= 0; i--) {
    const node = text.nodes[i]!;
    const nodeStart = text.offsets[i]!;
    const from = Math.max(span.start, nodeStart) - nodeStart;
    const to = Math.min(span.end, nodeStart + node.data.length) - nodeStart;
    if (from >= to || !node.data.slice(from, to).trim()) continue;
    const piece = node.splitText(from);
    piece.splitText(to - from);
    const mark = makeMark();
    piece.parentNode!.replaceChild(mark, piece);
    mark.appendChild(piece);
    marks.unshift(mark);
  }
  return marks;
}

/** Wrap the text between `start` and `end` (normalised offsets) in <mark>s carrying `annotationId`. */
export function paintHighlight(
  root: Element,
  blocks: BlockSpan[],
  start: number,
  end: number,
  annotationId: string,
  className = "",
): HTMLElement[] {
  const marks: HTMLElement[] = [];
  for (const block of blocks) {
    if (block.end <= start || block.start >= end) continue;
    const el = root.ownerDocument.getElementById(block.id);
    if (!el || !root.contains(el)) continue;
    const makeMark = () => {
      const mark = el.ownerDocument.createElement("mark");
      mark.className = `${HIGHLIGHT_CLASS} ${className}`.trim();
      mark.dataset.annotationId = annotationId;
      return mark;
    };
    marks.push(
      ...markBlockText(
        el,
        Math.max(start, block.start) - block.start,
        Math.min(end, block.end) - block.start,
        makeMark,
      ),
    );
  }
  return marks;
}

/** Remove the marks matching `selector` inside `root` (default: every highlight), leaving the text as it was. */
export function clearHighlights(root: ParentNode, selector = `mark.${HIGHLIGHT_CLASS}`): void {
  for (const mark of Array.from(root.querySelectorAll(selector))) {
    const parent = mark.parentNode;
    if (!parent) continue;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    parent.normalize();
  }
}

/** The normalised text between two offsets, read from the page (the browser doesn't get `issues.text`). */
export function textBetween(root: Element, blocks: BlockSpan[], start: number, end: number): string {
  const touched = blocks.filter((b) => b.end > start && b.start < end);
  const first = touched[0];
  if (!first) return "";
  const texts = touched.map((b) => {
    const el = root.ownerDocument.getElementById(b.id);
    return el ? collapseWhitespace(el.textContent ?? "").text : "";
  });
  // Consecutive blocks sit two characters apart (a blank line) in the normalised text.
  const joined = texts.join("\n\n");
  return joined.slice(Math.max(0, start - first.start), Math.max(0, end - first.start));
}
