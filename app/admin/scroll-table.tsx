import type { ReactNode } from "react";

/**
 * An admin table that scrolls sideways on a narrow screen inside a named, focusable region
 * (so keyboard users can scroll it: axe's scrollable-region-focusable), with its caption for
 * screen readers. Children are the table's head and body.
 */
export function ScrollTable({ label, caption, children }: { label: string; caption: ReactNode; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboard users can scroll it (axe: scrollable-region-focusable)
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="admin-table">
        <caption className="visually-hidden">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
