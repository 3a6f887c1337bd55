"use client";

/**
 * The search box in every page's header: an ARIA combobox whose listbox shows
 * results as you type. Ctrl/Cmd-K or "/" focuses it; arrows move through the
 * results; Enter opens the active one (or the full results page); Escape closes.
 * Requests are debounced, and a response that arrives after a newer one was
 * asked for is dropped, so results never flicker back to an older query.
 */
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { SearchHit, SearchResponse } from "@/lib/search/engine";

const DEBOUNCE_MS = 150;
const LIMIT = 8;

type State =
  | { status: "idle" }
  | { status: "loading"; previous?: SearchResponse }
  | { status: "done"; response: SearchResponse }
  | { status: "error"; message: string };

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

export function SearchBox() {
  const router = useRouter();
  const id = useId();
  const listboxId = `${id}-listbox`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [state, setState] = useState<State>({ status: "idle" });
  const latest = useRef(0);
  const controller = useRef<AbortController | null>(null);
  // Set once hydrated: until then the shortcuts are not wired (browser tests wait for it).
  const [ready, setReady] = useState(false);

  // Ctrl/Cmd-K anywhere, or "/" when not typing elsewhere, focuses the box.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const isShortcut = (event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey) && !event.altKey;
      const isSlash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target);
      if (!isShortcut && !isSlash) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
      if (inputRef.current?.value.trim()) setOpen(true);
    }
    window.addEventListener("keydown", onKeyDown);
    setReady(true);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  // Fetch after a pause in typing; only the newest request may update the list.
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      controller.current?.abort();
      latest.current++;
      setState({ status: "idle" });
      return;
    }
    const ticket = ++latest.current;
    setState((s) => ({ status: "loading", previous: s.status === "done" ? s.response : s.status === "loading" ? s.previous : undefined }));
    const timer = setTimeout(async () => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      try {
        const res = await fetch(`/api/search?q=${encodeURIComponent(query)}&limit=${LIMIT}`, { signal: abort.signal });
        const body = (await res.json()) as SearchResponse | { error: { message: string } };
        if (ticket !== latest.current) return;
        if ("error" in body) setState({ status: "error", message: body.error.message });
        else setState({ status: "done", response: body });
        setActive(-1);
      } catch (err) {
        if (ticket !== latest.current || (err instanceof DOMException && err.name === "AbortError")) return;
        setState({ status: "error", message: "Search is not answering right now. Try again in a moment." });
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  const response = state.status === "done" ? state.response : state.status === "loading" ? state.previous : undefined;
  const hits = response?.hits ?? [];
  // The last option opens the full results page.
  const optionCount = query.trim() ? hits.length + 1 : 0;
  const showList = open && query.trim().length > 0;

  const go = useCallback(
    (url: string) => {
      setOpen(false);
      setActive(-1);
      inputRef.current?.blur();
      router.push(url);
    },
    [router],
  );

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (optionCount === 0) return;
      event.preventDefault();
      setOpen(true);
      // Wraps around at either end.
      if (event.key === "ArrowDown") setActive((a) => (a < optionCount - 1 ? a + 1 : 0));
      else setActive((a) => (a > 0 ? a - 1 : optionCount - 1));
    } else if (event.key === "Enter") {
      if (!query.trim()) return;
      event.preventDefault();
      const hit = active >= 0 ? hits[active] : undefined;
      go(hit ? hit.url : fullResultsUrl(query));
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else {
        setQuery("");
      }
    }
  }

  const activeId = showList && active >= 0 ? `${id}-option-${active}` : undefined;
  const count = response?.total ?? 0;
  const announcement =
    !showList || state.status !== "done"
      ? ""
      : count === 0
        ? "No results"
        : `${count} ${count === 1 ? "result" : "results"}${hits[0] ? `, first: ${hits[0].title}` : ""}`;

  return (
    <div className="search-box" role="search" data-ready={ready || undefined}>
      <label htmlFor={`${id}-input`} className="visually-hidden">
        Search issues and concepts
      </label>
      <input
        ref={inputRef}
        id={`${id}-input`}
        className="search-box__input"
        type="search"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listboxId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-describedby={`${id}-hint`}
        placeholder="Search…"
        autoComplete="off"
        spellCheck={false}
        maxLength={256}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => query.trim() && setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <kbd id={`${id}-hint`} className="search-box__hint" aria-label="Press Control K or slash to search">
        Ctrl K
      </kbd>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      <div className="search-box__panel" hidden={!showList}>
        {response?.degraded && (
          <p className="search-notice">Search is running on the built-in engine for now; results may differ slightly.</p>
        )}
        {state.status === "error" && <p className="search-notice search-notice--error">{state.message}</p>}
        <ul id={listboxId} role="listbox" aria-label="Search results" className="search-box__list">
          {hits.map((hit, i) => (
            <li
              key={`${hit.kind}-${hit.slug}`}
              id={`${id}-option-${i}`}
              role="option"
              aria-selected={i === active}
              className="search-option"
              // mousedown, not click: keeps the input focused so blur doesn't close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                go(hit.url);
              }}
              onMouseMove={() => setActive(i)}
            >
              <span className="search-option__title">{hit.title}</span>
              <span className="search-option__meta">{hitMeta(hit)}</span>
              {/* Escaped on the server; its only tags are <mark> (lib/search/text.ts). */}
              <span className="search-option__snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
            </li>
          ))}
          {query.trim() && (
            <li
              id={`${id}-option-${hits.length}`}
              role="option"
              aria-selected={active === hits.length}
              className="search-option search-option--all"
              onMouseDown={(e) => {
                e.preventDefault();
                go(fullResultsUrl(query));
              }}
              onMouseMove={() => setActive(hits.length)}
            >
              {state.status === "done" && count === 0
                ? response?.didYouMean
                  ? `No results. Did you mean “${response.didYouMean}”? See the results page →`
                  : "No results. Open the results page for tips →"
                : `All results for “${query.trim()}”${count > hits.length ? ` (${count})` : ""} →`}
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
