import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layoutMargin, type MarginItem } from "@/lib/annotations/margin-layout";

function overlaps(items: MarginItem[], tops: Map<string, number>, gap: number): boolean {
  const placed = items
    .map((i) => ({ top: tops.get(i.id)!, bottom: tops.get(i.id)! + i.height }))
    .sort((a, b) => a.top - b.top);
  return placed.some((p, k) => k > 0 && p.top < placed[k - 1]!.bottom + gap - 1e-9);
}

describe("notes in the margin", () => {
  it("sit at their highlights when there is room", () => {
    const tops = layoutMargin([
      { id: "a", anchor: 100, height: 50 },
      { id: "b", anchor: 400, height: 50 },
    ]);
    expect([...tops]).toEqual([
      ["a", 100],
      ["b", 400],
    ]);
  });

  it("stack below each other in reading order when highlights are close", () => {
    const tops = layoutMargin(
      [
        { id: "b", anchor: 110, height: 60 },
        { id: "a", anchor: 100, height: 80 },
        { id: "c", anchor: 120, height: 40 },
      ],
      { gap: 10 },
    );
    expect(tops.get("a")).toBe(100);
    expect(tops.get("b")).toBe(190);
    expect(tops.get("c")).toBe(260);
  });

  it("keep the open note at its highlight and move earlier notes up to make room", () => {
    const items = [
      { id: "a", anchor: 100, height: 80 },
      { id: "b", anchor: 120, height: 200 },
      { id: "c", anchor: 130, height: 40 },
    ];
    const tops = layoutMargin(items, { gap: 10, activeId: "c" });
    expect(tops.get("c")).toBe(130);
    expect(tops.get("b")).toBe(130 - 10 - 200);
    expect(tops.get("a")).toBe(tops.get("b")! - 10 - 80);
    // Not above the top of the margin: then the open note goes as high as it can.
    const bounded = layoutMargin(items, { gap: 10, activeId: "c", minTop: 0 });
    expect(Math.min(...bounded.values())).toBe(0);
    expect(bounded.get("c")).toBe(80 + 10 + 200 + 10);
    expect(overlaps(items, bounded, 10)).toBe(false);
  });

  it("never overlap and never sit above their highlight without an open note (property)", () => {
    const item = fc.record({ anchor: fc.integer({ min: 0, max: 5000 }), height: fc.integer({ min: 1, max: 400 }) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.option(fc.nat(39)), (raw, active) => {
        const items = raw.map((r, k) => ({ id: String(k), ...r }));
        const activeId = active !== null && active < items.length ? String(active) : null;
        const tops = layoutMargin(items, { gap: 6, activeId, minTop: 0 });
        expect(overlaps(items, tops, 6)).toBe(false);
        for (const i of items) expect(tops.get(i.id)!).toBeGreaterThanOrEqual(0);
        if (!activeId) for (const i of items) expect(tops.get(i.id)!).toBeGreaterThanOrEqual(i.anchor);
      }),
    );
  });
});
