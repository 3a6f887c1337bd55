"use client";

/**
 * The search box in every page's header. On wide screens it is an ARIA
 * combobox whose listbox drops down under it; on phones a button opens the
 * same combobox in a full-screen sheet (a modal <dialog>: the page behind is
 * inert and doesn't scroll; Escape, the Close button or the browser's Back
 * closes it). Results are grouped into Issues and Concepts; with nothing typed
 * it offers the reader's recent searches. Ctrl/⌘-K or "/" opens it anywhere;
 * arrows move through the options, keeping the active one in view; Enter opens
 * it (or the full results page). Requests are debounced, and a response that
 * arrives after a newer one was asked for is dropped, so results never flicker
 * back to an older query.
 */
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import type { SearchHit, SearchResponse } from "@/lib/search/engine";
import { clearRecentSearches, rememberSearch, useRecentSearches } from "./recent-searches";
import { ShortcutKey, useIsApple } from "./shortcut";

const DEBOUNCE_MS = 150;
const LIMIT = 8;
/** Below this width the box is a button that opens the full-screen sheet (the stylesheet uses the same width). */
const PHONE_QUERY = "(max-width: 47.99rem)";
/** Marks the history entry the open sheet adds, so Back closes the sheet instead of leaving the page. */
const SHEET_STATE = "concordanceSearchSheet";

type Results =
  | { status: "idle" }
  | { status: "loading"; previous?: SearchResponse }
  | { status: "done"; response: SearchResponse }
  | { status: "error"; message: string };

type Option = { type: "hit"; hit: SearchHit } | { type: "recent"; query: string } | { type: "clear" } | { type: "all" };

/** A labelled group of options, or (label null) options standing on their own. */
type Group = { key: string; label: string | null; options: Option[] };

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function fullResultsUrl(q: string): string {
  return `/search?q=${encodeURIComponent(q.trim())}`;
}

function hitMeta(hit: SearchHit): string {
  if (hit.kind === "concept") return "Concept";
  const parts = [hit.label ?? null, hit.publishedAt ? hit.publishedAt.slice(0, 4) : null];
  return ["Issue", ...parts.filter(Boolean)].join(" · ");
}

/** Hits by kind, the group holding the best hit first; then the way to every result. */
function groupOptions(query: string, hits: SearchHit[], recent: readonly string[]): Group[] {
  if (!query.trim()) {
    if (recent.length === 0) return [];
    return [
      { key: "recent", label: "Recent searches", options: recent.map((q) => ({ type: "recent" as const, query: q })) },
      { key: "clear", label: null, options: [{ type: "clear" }] },
    ];
  }
  const groups: Group[] = [];
  for (const hit of hits) {
    const key = hit.kind;
    let group = groups.find((g) => g.key === key);
    if (!group) groups.push((group = { key, label: key === "concept" ? "Concepts" : "Issues", options: [] }));
    group.options.push({ type: "hit", hit });
  }
  groups.push({ key: "all", label: null, options: [{ type: "all" }] });
  return groups;
}

/** Debounced results for the query; only the newest request may update them. */
function useResults(query: string): Results {
  const [results, setResults] = useState<Results>({ status: "idle" });
  const latest = useRef(0);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      controller.current?.abort();
      latest.current++;
      setResults({ status: "idle" });
      return;
    }
    const ticket = ++latest.current;
    setResults((r) => ({
      status: "loading",
      previous: r.status === "done" ? r.response : r.status === "loading" ? r.previous : undefined,
    }));
    const timer = setTimeout(async () => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      try {
        const res = await fetch(`/api/search?q=${encodeURIComponent(query)}&limit=${LIMIT}`, { signal: abort.signal });
        const body = (await res.json()) as SearchResponse | { error: { message: string } };
        if (ticket !== latest.current) return;
        if ("error" in body) setResults({ status: "error", message: body.error.message });
        else setResults({ status: "done", response: body });
      } catch (err) {
        if (ticket !== latest.current || (err instanceof DOMException && err.name === "AbortError")) return;
        setResults({ status: "error", message: "Search is not answering right now. Try again in a moment." });
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);
  return results;
}

/** Scroll `list` (not the page) just enough to show `from`…`to`. */
function reveal(list: HTMLElement, from: HTMLElement, to: HTMLElement): void {
  const box = list.getBoundingClientRect();
  const top = from.getBoundingClientRect().top;
  const bottom = to.getBoundingClientRect().bottom;
  if (top < box.top) list.scrollTop -= box.top - top;
  else if (bottom > box.bottom) list.scrollTop += Math.min(bottom - box.bottom, top - box.top);
}

type ComboboxProps = {
  variant: "inline" | "sheet";
  query: string;
  onQueryChange: (q: string) => void;
  results: Results;
  inputRef: React.RefObject<HTMLInputElement | null>;
  /** Open a page (a result, or the full results page). */
  onNavigate: (url: string) => void;
  /** The sheet's way out (Escape). */
  onDismiss?: () => void;
  /** Whether the sheet is open: closed, it keeps its input (to be focused on opening) but renders no results or notices. */
  open?: boolean;
};

function SearchCombobox({
  variant,
  query,
  onQueryChange,
  results,
  inputRef,
  onNavigate,
  onDismiss,
  open = true,
}: ComboboxProps) {
  const id = useId();
  const listboxId = `${id}-listbox`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const listRef = useRef<HTMLDivElement>(null);
  const recent = useRecentSearches();
  const apple = useIsApple();
  const [focused, setFocused] = useState(false);
  // The inline list can be closed (Escape, Tab) while the box keeps focus; the sheet's list always shows.
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(-1);
  const [cleared, setCleared] = useState(false);

  const response =
    results.status === "done" ? results.response : results.status === "loading" ? results.previous : undefined;
  const hits = query.trim() ? (response?.hits ?? []) : [];
  const groups = groupOptions(query, hits, recent);
  const options = groups.flatMap((g) => g.options);
  const showList = options.length > 0 && (variant === "sheet" ? open : focused && !dismissed);

  // New results or a new query: nothing is active, and the list starts at its top.
  const resultsKey = `${query}\u0000${response?.tookMs ?? ""}\u0000${recent.join("\u0000")}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: resultsKey is the trigger: new results reset the list
  useLayoutEffect(() => {
    setActive(-1);
    if (listRef.current) listRef.current.scrollTop = 0;
  }, [resultsKey]);

  // The active option stays in view (with its group's label when it is the group's first).
  // biome-ignore lint/correctness/useExhaustiveDependencies: optionId is a pure function of the stable useId value
  useLayoutEffect(() => {
    const list = listRef.current;
    const option = active >= 0 ? document.getElementById(optionId(active)) : null;
    if (!list || !option) return;
    const group = option.parentElement?.getAttribute("role") === "group" ? option.parentElement : null;
    const first = group && group.querySelector('[role="option"]') === option ? group : option;
    reveal(list, first, option);
  }, [active]);

  function choose(option: Option) {
    if (option.type === "hit" || option.type === "all") {
      rememberSearch(query);
      setActive(-1);
      onNavigate(option.type === "hit" ? option.hit.url : fullResultsUrl(query));
    } else if (option.type === "recent") {
      onQueryChange(option.query);
      setDismissed(false);
    } else {
      clearRecentSearches();
      setCleared(true);
    }
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.nativeEvent.isComposing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (options.length === 0) return;
      event.preventDefault();
      setDismissed(false);
      // Wraps around at either end; opening a closed list starts at its first (or last) option.
      const n = options.length;
      if (!showList) setActive(event.key === "ArrowDown" ? 0 : n - 1);
      else if (event.key === "ArrowDown") setActive((a) => (a < n - 1 ? a + 1 : 0));
      else setActive((a) => (a > 0 ? a - 1 : n - 1));
    } else if (event.key === "Enter") {
      const option = showList && active >= 0 ? options[active] : undefined;
      if (option) {
        event.preventDefault();
        choose(option);
      } else if (query.trim()) {
        event.preventDefault();
        rememberSearch(query);
        onNavigate(fullResultsUrl(query));
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (variant === "sheet") onDismiss?.();
      else if (showList) {
        setDismissed(true);
        setActive(-1);
      } else onQueryChange("");
    } else if (event.key === "Tab" && variant === "inline") {
      // Focus moves on to the next control; the list closes rather than holding it.
      setDismissed(true);
      setActive(-1);
    }
  }

  const count = response?.total ?? 0;
  const announcement = cleared
    ? "Recent searches cleared"
    : !showList || !query.trim() || results.status !== "done"
      ? ""
      : count === 0
        ? "No results"
        : `${count} ${count === 1 ? "result" : "results"}${hits[0] ? `, first: ${hits[0].title}` : ""}`;
  const activeId = showList && active >= 0 ? optionId(active) : undefined;
  const hintId = `${id}-hint`;

  let index = 0;
  const renderOption = (option: Option) => {
    const i = index++;
    const common = {
      id: optionId(i),
      role: "option" as const,
      "aria-selected": i === active,
      // mousedown is cancelled so the box keeps focus (and its list stays open) until the click chooses.
      onMouseDown: (e: React.MouseEvent) => e.preventDefault(),
      onClick: () => choose(option),
      onMouseMove: () => active !== i && setActive(i),
    };
    if (option.type === "hit") {
      const { hit } = option;
      return (
        <li key={`${hit.kind}-${hit.slug}`} className="search-option" {...common}>
          <span className="search-option__title">{hit.title}</span>
          <span className="search-option__meta">{hitMeta(hit)}</span>
          {/* Escaped on the server; its only tags are <mark> (lib/search/text.ts). */}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: snippets are escaped text with only the engine's <mark> tags added */}
          <span className="search-option__snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
        </li>
      );
    }
    if (option.type === "recent") {
      return (
        <li key={`recent-${option.query}`} className="search-option search-option--recent" {...common}>
          <span className="search-option__title">{option.query}</span>
        </li>
      );
    }
    if (option.type === "clear") {
      return (
        <div key="clear" className="search-option search-option--action" {...common}>
          Clear recent searches
        </div>
      );
    }
    return (
      <div key="all" className="search-option search-option--all" {...common}>
        {results.status === "done" && count === 0
          ? response?.didYouMean
            ? `No results. Did you mean “${response.didYouMean}”? See the results page →`
            : "No results. Open the results page for tips →"
          : `All results for “${query.trim()}”${count > hits.length ? ` (${count})` : ""} →`}
      </div>
    );
  };

  return (
    <>
      <label htmlFor={`${id}-input`} className="visually-hidden">
        Search issues and concepts
      </label>
      <input
        ref={inputRef}
        id={`${id}-input`}
        className={`search-box__input search-box__input--${variant}`}
        type="search"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listboxId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-describedby={hintId}
        placeholder={variant === "sheet" ? "Search issues and concepts…" : "Search…"}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        enterKeyHint="search"
        maxLength={256}
        value={query}
        onChange={(e) => {
          onQueryChange(e.target.value);
          setDismissed(false);
          setCleared(false);
        }}
        onFocus={() => {
          setFocused(true);
          setDismissed(false);
        }}
        onBlur={() => {
          setFocused(false);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
      />
      {variant === "inline" && <ShortcutKey className="search-box__hint" />}
      <span id={hintId} className="visually-hidden">
        {`Arrow keys choose a result, Enter opens it. ${apple ? "Command" : "Control"} K or slash searches from any page.`}
      </span>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      <div
        className={`search-box__panel search-box__panel--${variant}`}
        hidden={variant === "inline" ? !showList : !open}
      >
        {open && (
          <>
            {query.trim() && response?.degraded && (
              <p className="search-notice">
                Search is running on the built-in engine for now; results may differ slightly.
              </p>
            )}
            {query.trim() && results.status === "error" && (
              <p className="search-notice search-notice--error">{results.message}</p>
            )}
            {variant === "sheet" && !query.trim() && recent.length === 0 && (
              <p className="search-sheet__tip">
                Search every issue and concept: a few words, a question, a phrase in quotes, or an issue’s number.
              </p>
            )}
            {/* The listbox itself scrolls (never the page): the combobox owns it, so arrows, not Tab, move through it. */}
            <div
              ref={listRef}
              id={listboxId}
              role="listbox"
              aria-label="Search results"
              tabIndex={-1}
              className="search-box__list"
              hidden={options.length === 0}
            >
              {groups.map((group) =>
                group.label ? (
                  <ul
                    key={group.key}
                    role="group"
                    aria-labelledby={`${id}-group-${group.key}`}
                    className="search-group"
                  >
                    <li role="presentation" id={`${id}-group-${group.key}`} className="search-group__label">
                      {group.label}
                    </li>
                    {group.options.map(renderOption)}
                  </ul>
                ) : (
                  group.options.map(renderOption)
                ),
              )}
            </div>
          </>
        )}
      </div>
    </>
  );
}

export function SearchBox() {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const results = useResults(query);
  const inlineInput = useRef<HTMLInputElement>(null);
  const sheetInput = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const navigating = useRef(false);
  // Set once hydrated: until then the shortcuts are not wired (browser tests wait for it).
  const [ready, setReady] = useState(false);

  const openSheet = useCallback(() => {
    const dialog = dialogRef.current;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    setSheetOpen(true);
    sheetInput.current?.focus();
    sheetInput.current?.select();
    // An entry of its own, so the browser's Back closes the sheet (Next's router state is kept in it).
    window.history.pushState({ ...(window.history.state as object | null), [SHEET_STATE]: true }, "");
  }, []);

  const closeSheet = useCallback(() => dialogRef.current?.close(), []);

  // Ctrl/Cmd-K anywhere, or "/" when not typing elsewhere, opens the box.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const isShortcut = (event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey) && !event.altKey;
      const isSlash =
        event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target);
      if (!isShortcut && !isSlash) return;
      event.preventDefault();
      if (window.matchMedia(PHONE_QUERY).matches) {
        if (dialogRef.current?.open) sheetInput.current?.select();
        else openSheet();
        return;
      }
      inlineInput.current?.focus();
      inlineInput.current?.select();
    }
    window.addEventListener("keydown", onKeyDown);
    setReady(true);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [openSheet]);

  // Back (or anything that leaves the sheet's history entry) closes the sheet.
  useEffect(() => {
    function onPopState(event: PopStateEvent) {
      const state = event.state as Record<string, unknown> | null;
      if (dialogRef.current?.open && !state?.[SHEET_STATE]) dialogRef.current.close();
    }
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  // The sheet grows past a phone's width only by a rotated or resized window: then it becomes the dropdown again.
  useEffect(() => {
    if (!sheetOpen) return;
    const media = window.matchMedia(PHONE_QUERY);
    const onChange = () => {
      if (!media.matches) closeSheet();
    };
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, [sheetOpen, closeSheet]);

  function onSheetClosed() {
    setSheetOpen(false);
    // "close" arrives a task after close() was called, so the flag is read (and reset) here, not around the call.
    const leaving = navigating.current;
    navigating.current = false;
    // Closed by Escape or the Close button: take back the entry it added (opening a result replaces it instead).
    const state = window.history.state as Record<string, unknown> | null;
    if (!leaving && state?.[SHEET_STATE]) window.history.back();
  }

  const navigate = useCallback(
    (url: string) => {
      if (dialogRef.current?.open) {
        const state = window.history.state as Record<string, unknown> | null;
        navigating.current = true;
        dialogRef.current.close();
        if (state?.[SHEET_STATE]) router.replace(url);
        else router.push(url);
        return;
      }
      inlineInput.current?.blur();
      router.push(url);
    },
    [router],
  );

  // Focus stays in the sheet: Tab from its last control goes to its first, and back.
  function onSheetKeyDown(event: React.KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab") return;
    const focusable = Array.from(
      event.currentTarget.querySelectorAll<HTMLElement>('input, button, a[href], [tabindex]:not([tabindex="-1"])'),
    ).filter((el) => !el.hidden && el.offsetParent !== null);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="search-box" role="search" aria-label="Quick search" data-ready={ready || undefined}>
      <div className="search-box__inline">
        <SearchCombobox
          variant="inline"
          query={query}
          onQueryChange={setQuery}
          results={results}
          inputRef={inlineInput}
          onNavigate={navigate}
        />
      </div>
      <button
        type="button"
        className="search-trigger"
        aria-haspopup="dialog"
        aria-expanded={sheetOpen}
        onClick={openSheet}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" width="20" height="20" focusable="false">
          <circle cx="8.5" cy="8.5" r="5.75" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M13 13l4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <span className="visually-hidden">Search</span>
      </button>
      <dialog
        ref={dialogRef}
        className="search-sheet"
        aria-label="Search"
        onClose={onSheetClosed}
        onKeyDown={onSheetKeyDown}
      >
        <div className="search-sheet__body">
          <SearchCombobox
            variant="sheet"
            query={query}
            onQueryChange={setQuery}
            results={results}
            inputRef={sheetInput}
            onNavigate={navigate}
            onDismiss={closeSheet}
            open={sheetOpen}
          />
          <button type="button" className="search-sheet__close" onClick={closeSheet}>
            Close
          </button>
        </div>
      </dialog>
    </div>
  );
}
