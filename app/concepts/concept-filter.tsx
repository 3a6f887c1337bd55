"use client";

/**
 * The concepts index's filter box. It is a plain GET form (`?q=`), so it works without
 * JavaScript; with it, the list follows as you type: the address is replaced after a short
 * pause and the server renders the matching concepts (from cached data), keeping focus and
 * what was typed in the box.
 */
import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";

const DEBOUNCE_MS = 200;

export function ConceptFilter({ q, kind, sort }: { q: string; kind?: string; sort: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  function show(value: string) {
    clearTimeout(timer.current);
    const params = new URLSearchParams();
    if (kind) params.set("kind", kind);
    if (sort !== "name") params.set("sort", sort);
    if (value.trim()) params.set("q", value.trim());
    const query = params.toString();
    startTransition(() => router.replace(query ? `/concepts?${query}` : "/concepts", { scroll: false }));
  }

  return (
    <form
      className="filters concept-filter"
      method="get"
      action="/concepts"
      role="search"
      aria-label="Filter concepts"
      onSubmit={(event) => {
        event.preventDefault();
        show(new FormData(event.currentTarget).get("q")?.toString() ?? "");
      }}
    >
      <div>
        <label htmlFor="concept-filter-q">Filter by name</label>
        <input
          id="concept-filter-q"
          type="search"
          name="q"
          defaultValue={q}
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          aria-describedby="concept-filter-count"
          onChange={(event) => {
            const value = event.currentTarget.value;
            clearTimeout(timer.current);
            timer.current = setTimeout(() => show(value), DEBOUNCE_MS);
          }}
        />
      </div>
      {kind && <input type="hidden" name="kind" value={kind} />}
      {sort !== "name" && <input type="hidden" name="sort" value={sort} />}
      <div className="filters__actions">
        <button type="submit" className="button">
          Filter
        </button>
        {pending && <span className="concept-filter__busy">Updating…</span>}
      </div>
    </form>
  );
}
