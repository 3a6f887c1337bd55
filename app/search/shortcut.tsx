"use client";

/**
 * The search shortcut as the reader's keyboard labels it: ⌘K on a Mac (and
 * an iPad with a keyboard), Ctrl K elsewhere. Pages are rendered on the
 * server, which can't know, so they say "Ctrl K" until the browser tells.
 */
import { useSyncExternalStore } from "react";

function isApple(): boolean {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac|iphone|ipad|ipod/i.test(nav.userAgentData?.platform || nav.platform || nav.userAgent);
}

const noChange = () => () => {};

export function useIsApple(): boolean {
  return useSyncExternalStore(noChange, isApple, () => false);
}

/** "⌘K" or "Ctrl K" in a <kbd>, with its spoken form for screen readers. */
export function ShortcutKey({ className }: { className?: string }) {
  const apple = useIsApple();
  return (
    <>
      {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <kbd> is not focusable; the spoken name is in the visually hidden span */}
      <kbd className={className} aria-hidden="true">
        {apple ? "⌘K" : "Ctrl K"}
      </kbd>
      <span className="visually-hidden">{apple ? "Command K" : "Control K"}</span>
    </>
  );
}
