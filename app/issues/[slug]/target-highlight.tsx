"use client";
/**
 * The paragraph a link points at (`#<block id>`, from a concept page's mention
 * or "My annotations"), shown as such in every kind of navigation: the
 * stylesheet's `:target` only applies when the page is loaded in full, not
 * when the app navigates to it in the browser. Brought into view with room
 * above it, and marked until another paragraph is linked to.
 */
import { useEffect } from "react";

const TARGET_CLASS = "is-target";

function showTarget(): void {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const el = id ? document.getElementById(id) : null;
  if (!el?.closest("[data-issue-body]")) return;
  for (const old of Array.from(document.querySelectorAll(`.${TARGET_CLASS}`)))
    if (old !== el) old.classList.remove(TARGET_CLASS);
  el.classList.add(TARGET_CLASS);
  // scroll-margin-top (globals.css) keeps it clear of the header.
  el.scrollIntoView({ block: "start" });
}

export function TargetHighlight() {
  useEffect(() => {
    showTarget();
    // The router may scroll to the fragment itself after this page mounts; land on ours after it.
    const frame = requestAnimationFrame(showTarget);
    const onClick = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.("a[href*='#']") as HTMLAnchorElement | null;
      if (link && link.pathname === window.location.pathname) setTimeout(showTarget, 0);
    };
    window.addEventListener("hashchange", showTarget);
    window.addEventListener("popstate", showTarget);
    document.addEventListener("click", onClick);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("hashchange", showTarget);
      window.removeEventListener("popstate", showTarget);
      document.removeEventListener("click", onClick);
    };
  }, []);
  return null;
}
