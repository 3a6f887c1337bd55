/**
 * Where notes sit in the margin beside the text: each as close as it can be to
 * the top of its highlight, none overlapping, in reading order. The open note
 * keeps its place exactly; the notes before it move up to make room (as far as
 * the top of the margin allows) and the notes after it move down.
 */

export type MarginItem = {
  id: string /** Top of the highlight, in margin coordinates. */;
  anchor: number;
  height: number;
};
export type MarginPlacement = Map<string, number>;

/** Tops for every item; `gap` pixels between notes, nothing above `minTop`. */
export function layoutMargin(
  items: MarginItem[],
  options: { gap?: number; activeId?: string | null; minTop?: number } = {},
): MarginPlacement {
  const gap = options.gap ?? 8;
  const minTop = options.minTop ?? -Infinity;
  const sorted = [...items].sort((a, b) => a.anchor - b.anchor);
  const tops = new Map<string, number>();
  const pivot = options.activeId ? sorted.findIndex((i) => i.id === options.activeId) : -1;

  if (pivot < 0) {
    let bottom = -Infinity;
    for (const item of sorted) {
      const top = Math.max(item.anchor, minTop, bottom + gap);
      tops.set(item.id, top);
      bottom = top + item.height;
    }
    return tops;
  }

  // The open note first, at its highlight (or as low as the notes above it can allow).
  const above = sorted.slice(0, pivot);
  const neededAbove = above.reduce((h, i) => h + i.height + gap, 0);
  const active = sorted[pivot]!;
  const activeTop = Math.max(active.anchor, minTop + neededAbove);
  tops.set(active.id, activeTop);

  // Upwards from it: each note ends a gap above the next one's top, or higher if its own anchor is
  // higher, but never so high that the notes before it would have no room below the top.
  const roomAbove: number[] = [];
  for (let k = 0, sum = 0; k < pivot; k++) {
    roomAbove.push(sum);
    sum += sorted[k]!.height + gap;
  }
  let ceiling = activeTop;
  for (let k = pivot - 1; k >= 0; k--) {
    const item = sorted[k]!;
    const top = Math.max(minTop + roomAbove[k]!, Math.min(item.anchor, ceiling - gap - item.height));
    tops.set(item.id, top);
    ceiling = top;
  }
  // Downwards from it.
  let bottom = activeTop + active.height;
  for (const item of sorted.slice(pivot + 1)) {
    const top = Math.max(item.anchor, bottom + gap);
    tops.set(item.id, top);
    bottom = top + item.height;
  }
  return tops;
}
