"use client";
/**
 * Highlights and notes on an issue page: select text → a small toolbar →
 * highlight, or annotate with a note, tags and visibility. Highlights are
 * painted into the server-rendered body as <mark>s; the list under the issue
 * carries the same annotations for keyboard and screen-reader users.
 */
import Link from "next/link";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { clearHighlights, paintHighlight, rangeToOffsets, textBetween } from "@/lib/annotations/dom";
import type { AnnotationView } from "@/lib/annotations/queries";
import type { BlockSpan } from "@/lib/annotations/selectors";

type Viewer = { name: string; role: "reader" | "author" } | null;
type Props = { slug: string; blocks: BlockSpan[]; initial: AnnotationView[]; viewer: Viewer };

type Selected = { start: number; end: number; exact: string; top: number; left: number };
type Draft = { id?: string; start: number; end: number; exact: string; note: string; tags: string; visibility: "private" | "public" };

const BODY_SELECTOR = "[data-issue-body]";

async function callApi(url: string, init: { method: string; body?: unknown }): Promise<AnnotationView | null> {
  const res = await fetch(url, {
    method: init.method,
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (data as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(res.status === 401 ? "Your session has ended. Sign in again to save annotations." : (message ?? "Saving failed. Try again."));
  }
  return data as AnnotationView;
}

function parseTags(value: string): string[] {
  return value
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

function byPosition(a: AnnotationView, b: AnnotationView): number {
  return a.start - b.start || a.createdAt.localeCompare(b.createdAt);
}

export function AnnotationLayer({ slug, blocks, initial, viewer }: Props) {
  const [items, setItems] = useState<AnnotationView[]>(() => [...initial].sort(byPosition));
  const [selected, setSelected] = useState<Selected | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [activeId, setActiveId] = useState<string | null>(null);
  const pointerDown = useRef(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const ids = useId();

  const placed = useMemo(() => items.filter((a) => a.status === "anchored"), [items]);
  const orphaned = items.filter((a) => a.status === "orphaned" && a.mine);

  // Paint highlights when the set changes (not on every render: repainting would disturb a live selection).
  useEffect(() => {
    const body = document.querySelector(BODY_SELECTOR);
    if (!body) return;
    clearHighlights(body);
    for (const a of placed) {
      const kind = a.mine ? "annotation-highlight--mine" : "annotation-highlight--public";
      for (const mark of paintHighlight(body, blocks, a.start, a.end, a.id, kind)) {
        mark.title = a.mine ? "Your annotation" : `Annotation by ${a.author.name}`;
        if (a.id === activeId) mark.classList.add("annotation-highlight--active");
      }
    }
    return () => clearHighlights(body);
  }, [placed, blocks, activeId]);

  // Track the reader's selection inside the issue body.
  const readSelection = useCallback(() => {
    const body = document.querySelector(BODY_SELECTOR);
    const selection = window.getSelection();
    if (!body || !selection || selection.rangeCount === 0 || selection.isCollapsed) {
      setSelected(null);
      return;
    }
    const range = selection.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer)) {
      setSelected(null);
      return;
    }
    const offsets = rangeToOffsets(body, blocks, range);
    if (!offsets) {
      setSelected(null);
      return;
    }
    const exact = textBetween(body, blocks, offsets.start, offsets.end);
    if (!exact.trim()) {
      setSelected(null);
      return;
    }
    const rect = range.getBoundingClientRect();
    setSelected({
      ...offsets,
      exact,
      top: rect.top + window.scrollY,
      left: Math.max(8, rect.left + window.scrollX + rect.width / 2),
    });
  }, [blocks]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onSelectionChange = () => {
      if (pointerDown.current) return;
      clearTimeout(timer);
      timer = setTimeout(readSelection, 120);
    };
    const onPointerDown = (e: PointerEvent) => {
      if ((e.target as Element | null)?.closest?.(".annotation-toolbar")) return;
      pointerDown.current = true;
    };
    const onPointerUp = () => {
      if (!pointerDown.current) return;
      pointerDown.current = false;
      clearTimeout(timer);
      timer = setTimeout(readSelection, 10);
    };
    document.addEventListener("selectionchange", onSelectionChange);
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("pointerup", onPointerUp);
    // A touch selection gesture ends in pointercancel, not pointerup.
    document.addEventListener("pointercancel", onPointerUp);
    // A reader can select text before the page has hydrated (slow network, busy device): that
    // selection's events fired before these listeners existed, so read whatever is selected now.
    timer = setTimeout(readSelection, 0);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("selectionchange", onSelectionChange);
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("pointerup", onPointerUp);
      document.removeEventListener("pointercancel", onPointerUp);
    };
  }, [readSelection]);

  // Clicking a highlight brings its entry in the list into view.
  useEffect(() => {
    const body = document.querySelector(BODY_SELECTOR);
    if (!body) return;
    const onClick = (e: Event) => {
      const mark = (e.target as Element | null)?.closest?.("mark[data-annotation-id]") as HTMLElement | null;
      if (!mark || !window.getSelection()?.isCollapsed) return;
      const id = mark.dataset.annotationId!;
      setActiveId(id);
      document.getElementById(`annotation-${id}`)?.focus();
    };
    body.addEventListener("click", onClick);
    return () => body.removeEventListener("click", onClick);
  }, []);

  useEffect(() => {
    if (draft) noteRef.current?.focus();
  }, [draft]);

  // Keyboard readers: Alt+A (Option+A) moves focus from a selection to the toolbar; Escape dismisses it.
  useEffect(() => {
    if (!selected || draft) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyA") {
        e.preventDefault();
        toolbarRef.current?.querySelector<HTMLElement>("button, a")?.focus();
      } else if (e.key === "Escape" && toolbarRef.current?.contains(document.activeElement)) {
        setSelected(null);
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [selected, draft]);

  async function save(d: Draft) {
    setError(null);
    try {
      const payload = { note: d.note, tags: parseTags(d.tags), visibility: d.visibility };
      const saved = d.id
        ? await callApi(`/api/annotations/${d.id}`, { method: "PATCH", body: payload })
        : await callApi("/api/annotations", { method: "POST", body: { issue: slug, start: d.start, end: d.end, exact: d.exact, ...payload } });
      if (!saved) return;
      setItems((prev) => [...prev.filter((a) => a.id !== saved.id), saved].sort(byPosition));
      setDraft(null);
      setSelected(null);
      window.getSelection()?.removeAllRanges();
      setActiveId(saved.id);
      setStatus(d.id ? "Annotation updated." : "Annotation saved.");
    } catch (err) {
      setError(err instanceof Error ? err.message : "Saving failed. Try again.");
    }
  }

  async function remove(a: AnnotationView) {
    if (!window.confirm("Delete this annotation? This can't be undone.")) return;
    setError(null);
    try {
      await callApi(`/api/annotations/${a.id}`, { method: "DELETE" });
      setItems((prev) => prev.filter((x) => x.id !== a.id));
      setStatus("Annotation deleted.");
    } catch (err) {
      setError(err instanceof Error ? err.message : "Deleting failed. Try again.");
    }
  }

  async function setHidden(a: AnnotationView, hidden: boolean) {
    setError(null);
    try {
      const saved = await callApi(`/api/annotations/${a.id}`, { method: "PATCH", body: { hidden } });
      if (saved) setItems((prev) => prev.map((x) => (x.id === saved.id ? saved : x)));
      setStatus(hidden ? "Hidden from other readers." : "Shown to other readers again.");
    } catch (err) {
      setError(err instanceof Error ? err.message : "That didn't work. Try again.");
    }
  }

  function showInText(a: AnnotationView) {
    setActiveId(a.id);
    const mark = document.querySelector(`mark[data-annotation-id="${CSS.escape(a.id)}"]`);
    mark?.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  const signInHref = `/login?callbackUrl=${encodeURIComponent(`/issues/${slug}`)}`;

  return (
    <>
      {selected && !draft && (
        <div
          ref={toolbarRef}
          className="annotation-toolbar"
          role="toolbar"
          aria-label="Annotate the selected text"
          aria-keyshortcuts="Alt+A"
          style={{ top: selected.top, left: selected.left }}
        >
          {viewer ? (
            <>
              <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => save({ ...selected, note: "", tags: "", visibility: "private" })}>
                Highlight
              </button>
              <button
                type="button"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => setDraft({ start: selected.start, end: selected.end, exact: selected.exact, note: "", tags: "", visibility: "private" })}
              >
                Annotate…
              </button>
            </>
          ) : (
            <Link href={signInHref}>Sign in to annotate</Link>
          )}
        </div>
      )}

      <p className="visually-hidden" role="status" aria-live="polite">
        {selected && !draft ? "Text selected. Press Alt+A to annotate it." : status}
      </p>

      {draft && (
        <form
          className="annotation-editor"
          aria-labelledby={`${ids}-editor-title`}
          onSubmit={(e) => {
            e.preventDefault();
            void save(draft);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") setDraft(null);
          }}
        >
          <h2 id={`${ids}-editor-title`}>{draft.id ? "Edit annotation" : "New annotation"}</h2>
          <blockquote className="annotation-quote">{draft.exact}</blockquote>
          <label htmlFor={`${ids}-note`}>Note</label>
          <textarea
            id={`${ids}-note`}
            ref={noteRef}
            rows={4}
            value={draft.note}
            maxLength={10_000}
            onChange={(e) => setDraft({ ...draft, note: e.target.value })}
            aria-describedby={`${ids}-note-hint`}
          />
          <small id={`${ids}-note-hint`} className="form-hint">
            Optional. Markdown works: *emphasis*, **bold**, [links](https://example.org), lists.
          </small>
          <label htmlFor={`${ids}-tags`}>Tags</label>
          <input
            id={`${ids}-tags`}
            value={draft.tags}
            onChange={(e) => setDraft({ ...draft, tags: e.target.value })}
            aria-describedby={`${ids}-tags-hint`}
            autoComplete="off"
          />
          <small id={`${ids}-tags-hint`} className="form-hint">
            Separate tags with commas.
          </small>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.visibility === "public"}
              onChange={(e) => setDraft({ ...draft, visibility: e.target.checked ? "public" : "private" })}
            />
            Public — other readers see it, with your name ({viewer?.name})
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="annotation-editor__actions">
            <button type="submit" className="button">
              Save
            </button>
            <button type="button" className="button button--quiet" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}

      <section className="annotation-list" aria-labelledby={`${ids}-list-title`}>
        <h2 id={`${ids}-list-title`}>Annotations {placed.length > 0 && <span className="count">({placed.length})</span>}</h2>
        {error && !draft && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {placed.length === 0 ? (
          <p className="muted">
            {viewer ? "Select any passage above to highlight it or add a note." : <><Link href={signInHref}>Sign in</Link> to highlight passages and keep notes. Public annotations by other readers appear here.</>}
          </p>
        ) : (
          <ol>
            {placed.map((a) => (
              <li
                key={a.id}
                id={`annotation-${a.id}`}
                tabIndex={-1}
                className={a.id === activeId ? "annotation-item annotation-item--active" : "annotation-item"}
                data-visibility={a.visibility}
              >
                <blockquote className="annotation-quote">{a.exact}</blockquote>
                {a.noteHtml && <div className="annotation-note" dangerouslySetInnerHTML={{ __html: a.noteHtml }} />}
                <p className="annotation-meta">
                  <span>{a.mine ? "You" : a.author.name}</span>
                  <span className="badge">{a.visibility === "public" ? "Public" : "Private"}</span>
                  {a.hidden && <span className="badge badge--warn">Hidden by the author</span>}
                  {a.tags.map((t) => (
                    <span key={t} className="tag">
                      #{t}
                    </span>
                  ))}
                </p>
                <p className="annotation-actions">
                  <button type="button" className="link-button" onClick={() => showInText(a)}>
                    Show in text
                  </button>
                  {a.mine && (
                    <>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setDraft({ id: a.id, start: a.start, end: a.end, exact: a.exact, note: a.note, tags: a.tags.join(", "), visibility: a.visibility })}
                      >
                        Edit
                      </button>
                      <button type="button" className="link-button" onClick={() => void remove(a)}>
                        Delete
                      </button>
                    </>
                  )}
                  {viewer?.role === "author" && a.visibility === "public" && (
                    <button type="button" className="link-button" onClick={() => void setHidden(a, !a.hidden)}>
                      {a.hidden ? "Unhide" : "Hide from readers"}
                    </button>
                  )}
                </p>
              </li>
            ))}
          </ol>
        )}
        {orphaned.length > 0 && (
          <p className="annotation-orphans">
            {orphaned.length === 1 ? "One of your annotations no longer matches" : `${orphaned.length} of your annotations no longer match`} the
            text of this issue since it was edited. {orphaned.length === 1 ? "It is" : "They are"} kept, with the quoted text, in{" "}
            <Link href={`/me/annotations?issue=${encodeURIComponent(slug)}`}>My annotations</Link>.
          </p>
        )}
      </section>
    </>
  );
}
