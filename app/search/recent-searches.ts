"use client";

/**
 * The reader's recent searches, kept in this browser only (localStorage),
 * newest first, shown by the search box while it is empty. Storage that is
 * unavailable (private modes, quotas) or holds something unexpected reads as
 * no recent searches rather than an error, and every tab sees a change at once.
 */
import { useSyncExternalStore } from "react";

const KEY = "concordance.recent-searches";
const MAX_RECENT = 8;
/** A same-tab change: the storage event only reaches the other tabs. */
const CHANGED = "concordance:recent-searches";

const NONE: readonly string[] = Object.freeze([]);
let cached: { raw: string | null; list: readonly string[] } = { raw: null, list: NONE };

function parse(raw: string | null): readonly string[] {
  if (!raw) return NONE;
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return NONE;
    return value.filter((q): q is string => typeof q === "string" && q.trim().length > 0).slice(0, MAX_RECENT);
  } catch {
    return NONE;
  }
}

function read(): readonly string[] {
  let raw: string | null;
  try {
    raw = window.localStorage.getItem(KEY);
  } catch {
    return NONE;
  }
  // The same array for the same stored text: useSyncExternalStore compares snapshots by identity.
  if (raw !== cached.raw) cached = { raw, list: parse(raw) };
  return cached.list;
}

function write(list: readonly string[]): void {
  try {
    if (list.length === 0) window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Not kept: the search itself still works.
  }
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === KEY) onChange();
  };
  window.addEventListener("storage", onStorage);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onStorage);
    window.removeEventListener(CHANGED, onChange);
  };
}

export function useRecentSearches(): readonly string[] {
  return useSyncExternalStore(subscribe, read, () => NONE);
}

/** Remember a search (first in the list; an earlier copy, compared without case or extra spaces, is dropped). */
export function rememberSearch(query: string): void {
  const q = query.replace(/\s+/g, " ").trim();
  if (!q) return;
  const same = q.toLowerCase();
  write([q, ...read().filter((r) => r.toLowerCase() !== same)].slice(0, MAX_RECENT));
}

export function clearRecentSearches(): void {
  write(NONE);
}
