/** Tapping a highlight as a finger would: on its first line, since a wrapped highlight's box centre may be between lines. */
import type { Page } from "@playwright/test";

export async function tapHighlight(page: Page, annotationId: string): Promise<void> {
  const mark = page.locator(`mark[data-annotation-id="${annotationId}"]`).first();
  await mark.scrollIntoViewIfNeeded();
  const { x, y } = await mark.evaluate((el) => {
    // The first line that has text of the highlight on it (a highlight starting at a line's end has an empty box there).
    const r = Array.from(el.getClientRects()).find((rect) => rect.width > 8) ?? el.getClientRects()[0]!;
    return { x: r.left + Math.min(6, r.width / 2), y: r.top + r.height / 2 };
  });
  await page.touchscreen.tap(x, y);
}
