"use client";
/**
 * Highlights and notes on an issue page. Select text (with the mouse, a finger
 * or the keyboard: see keyboard-reading.ts) → a small toolbar → highlight, or
 * annotate with a note, tags and a visibility. Highlights are painted into the
 * server-rendered body as <mark>s. Notes are one list, in reading order: on
 * wide screens it is laid out in the margin, each note beside its highlight
 * (lib/annotations/margin-layout.ts); on narrow screens it follows the text,
 * and tapping a highlight opens its notes in a bottom sheet.
 */
import Link from "next/link";
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { callAnnotationApi, parseTags } from "@/lib/annotations/client-api";
import { FORMER_READER } from "@/lib/annotations/credit";
import { clearHighlights, paintHighlight, rangeToOffsets, textBetween } from "@/lib/annotations/dom";
import { layoutMargin, type MarginItem } from "@/lib/annotations/margin-layout";
import type { AnnotationView, ReplyView } from "@/lib/annotations/views";
import type { BlockSpan } from "@/lib/annotations/selectors";
import { KEYBOARD_HINT_ID, useKeyboardReading } from "./keyboard-reading";
import { NoteCard, type NoteActions, type Viewer } from "./note-card";

type Props = { slug: string; blocks: BlockSpan[]; initial: AnnotationView[]; viewer: Viewer };

type Selected = { start: number; end: number; exact: string; top: number; left: number };
type Draft = {
  id?: string;
  start: number;
  end: number;
  exact: string;
  note: string;
  tags: string;
  visibility: "private" | "public";
};

const BODY_SELECTOR = "[data-issue-body]";
/** Wide enough for a margin of notes beside the text (matches the stylesheet's breakpoint). */
const WIDE_QUERY = "(min-width: 64rem)";
const SHOW_OTHERS_KEY = "concordance:show-others-notes";
const NOTE_GAP = 10;

function byPosition(a: AnnotationView, b: AnnotationView): number {
  return a.start - b.start || a.createdAt.localeCompare(b.createdAt);
}

function markSelector(id: string): string {
  return `mark[data-annotation-id="${CSS.escape(id)}"]`;
}

export function AnnotationLayer({ slug, blocks, initial, viewer }: Props) {
  const [items, setItems] = useState<AnnotationView[]>(() => [...initial].sort(byPosition));
  const [selected, setSelected] = useState<Selected | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [openId, setOpenId] = useState<string | null>(null);
  const [showOthers, setShowOthers] = useState(true);
  const [wide, setWide] = useState(false);
  const [sheetIds, setSheetIds] = useState<string[] | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [focusRequest, setFocusRequest] = useState<{ id: string; n: number } | null>(null);
  const pointerDown = useRef(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const sheetRef = useRef<HTMLDialogElement>(null);
  const helpRef = useRef<HTMLDialogElement>(null);
  const focusToolbar = useRef(false);
  const returnFocus = useRef<HTMLElement | null>(null);
  const ids = useId();

  const others = items.filter((a) => !a.mine && a.status === "anchored");
  const placed = useMemo(
    () => items.filter((a) => a.status === "anchored" && (a.mine || showOthers)),
    [items, showOthers],
  );
  const orphaned = items.filter((a) => a.status === "orphaned" && a.mine);
  const blockIds = useMemo(() => blocks.map((b) => b.id), [blocks]);

  // Remembered per browser: readers who'd rather read without others' notes.
  useEffect(() => {
    if (window.localStorage.getItem(SHOW_OTHERS_KEY) === "0") setShowOthers(false);
  }, []);

  useEffect(() => {
    const query = window.matchMedia(WIDE_QUERY);
    const update = () => setWide(query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);

  // Paint highlights when the set changes (not on every render: repainting would disturb a live selection).
  useLayoutEffect(() => {
    const body = document.querySelector(BODY_SELECTOR);
    if (!body) return;
    clearHighlights(body);
    for (const a of placed) {
      const kind = a.mine ? "annotation-highlight--mine" : "annotation-highlight--public";
      for (const mark of paintHighlight(body, blocks, a.start, a.end, a.id, kind)) {
        mark.title = a.deleted
          ? "A deleted note, with replies"
          : a.mine
            ? "Your annotation"
            : `Annotation by ${a.author.name}`;
      }
    }
    return () => clearHighlights(body);
  }, [placed, blocks]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: new highlight marks (placed) need the active class too
  useEffect(() => {
    for (const mark of Array.from(document.querySelectorAll(`${BODY_SELECTOR} mark[data-annotation-id]`))) {
      mark.classList.toggle("annotation-highlight--active", (mark as HTMLElement).dataset.annotationId === openId);
    }
  }, [openId, placed]);

  // ── The margin: each note beside its highlight, none overlapping ──────────
  const layoutState = useRef({ wide, openId });
  layoutState.current = { wide, openId };

  const reflow = useCallback(() => {
    const list = listRef.current;
    const body = document.querySelector(BODY_SELECTOR);
    if (!list || !body) return;
    const cards = Array.from(list.querySelectorAll<HTMLElement>(":scope > li[data-annotation]"));
    if (!layoutState.current.wide) {
      for (const card of cards) card.style.top = "";
      list.style.minHeight = "";
      return;
    }
    const listTop = list.getBoundingClientRect().top;
    const measured: MarginItem[] = [];
    for (const card of cards) {
      const mark = body.querySelector(markSelector(card.dataset.annotation!));
      const anchor = mark ? mark.getBoundingClientRect().top - listTop : 0;
      measured.push({ id: card.dataset.annotation!, anchor, height: card.offsetHeight });
    }
    const tops = layoutMargin(measured, { gap: NOTE_GAP, activeId: layoutState.current.openId, minTop: 0 });
    let bottom = 0;
    for (const [k, card] of cards.entries()) {
      const top = tops.get(card.dataset.annotation!) ?? 0;
      card.style.top = `${Math.round(top)}px`;
      bottom = Math.max(bottom, top + measured[k]!.height);
    }
    list.style.minHeight = `${Math.ceil(bottom)}px`;
  }, []);

  const frame = useRef(0);
  const scheduleReflow = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(reflow);
  }, [reflow]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: these are what move the notes; reflow reads them through a ref
  useLayoutEffect(reflow, [reflow, placed, openId, wide]);

  // Reflow when the text or a note changes size (window width, fonts arriving, a note opening or
  // a reply posted), and when marks are added to the text (concept highlights move words).
  // biome-ignore lint/correctness/useExhaustiveDependencies: new or removed note cards must be observed too
  useEffect(() => {
    const body = document.querySelector(BODY_SELECTOR);
    const list = listRef.current;
    if (!body || !list) return;
    const resize = new ResizeObserver(scheduleReflow);
    resize.observe(body);
    // The margin's own heading and switches can wrap, moving the notes' origin.
    if (list.parentElement) resize.observe(list.parentElement);
    for (const card of Array.from(list.children)) resize.observe(card);
    // A new window width can move the text without resizing it (a title above it wrapping onto more lines).
    window.addEventListener("resize", scheduleReflow);
    const mutations = new MutationObserver(scheduleReflow);
    mutations.observe(body, { childList: true, subtree: true });
    const fonts = document.fonts;
    fonts?.addEventListener?.("loadingdone", scheduleReflow);
    void fonts?.ready.then(scheduleReflow);
    return () => {
      resize.disconnect();
      window.removeEventListener("resize", scheduleReflow);
      mutations.disconnect();
      fonts?.removeEventListener?.("loadingdone", scheduleReflow);
      cancelAnimationFrame(frame.current);
    };
  }, [scheduleReflow, placed, openId]);

  // ── Selecting text ─────────────────────────────────────────────────────────
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
      left: Math.min(
        Math.max(8, rect.left + window.scrollX + rect.width / 2),
        document.documentElement.clientWidth - 8,
      ),
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

  // Clicking a highlight opens its note beside it (wide) or its notes in a sheet (narrow).
  useEffect(() => {
    const body = document.querySelector(BODY_SELECTOR);
    if (!body) return;
    const onClick = (e: Event) => {
      const mark = (e.target as Element | null)?.closest?.("mark[data-annotation-id]") as HTMLElement | null;
      if (!mark || !window.getSelection()?.isCollapsed) return;
      // Overlapping highlights nest: every note at this spot, innermost first.
      const here: string[] = [];
      for (let m: HTMLElement | null = mark; m && body.contains(m); m = m.parentElement) {
        const id = m.dataset.annotationId;
        if (m.matches("mark[data-annotation-id]") && id && !here.includes(id)) here.push(id);
      }
      setOpenId(here[0]!);
      if (window.matchMedia(WIDE_QUERY).matches) {
        setFocusRequest((r) => ({ id: here[0]!, n: (r?.n ?? 0) + 1 }));
      } else {
        returnFocus.current = document.activeElement as HTMLElement | null;
        setSheetIds(here);
      }
    };
    body.addEventListener("click", onClick);
    return () => body.removeEventListener("click", onClick);
  }, []);

  // The opened note takes focus without scrolling: it is beside the highlight that was clicked.
  useEffect(() => {
    if (!focusRequest) return;
    document
      .getElementById(`annotation-${focusRequest.id}`)
      ?.querySelector<HTMLElement>(".note-card__toggle")
      ?.focus({ preventScroll: true });
  }, [focusRequest]);

  useEffect(() => {
    const sheet = sheetRef.current;
    if (!sheet) return;
    if (sheetIds && !sheet.open) sheet.showModal();
    if (!sheetIds && sheet.open) sheet.close();
  }, [sheetIds]);

  useEffect(() => {
    const help = helpRef.current;
    if (!help) return;
    if (helpOpen && !help.open) help.showModal();
    if (!helpOpen && help.open) help.close();
  }, [helpOpen]);

  useEffect(() => {
    if (draft) noteRef.current?.focus();
  }, [draft]);

  // The toolbar is centred over the selection; near an edge of a narrow screen, slide it back inside.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the toolbar's width changes when the draft opens, so it is placed again
  useLayoutEffect(() => {
    const toolbar = toolbarRef.current;
    if (!selected || !toolbar) return;
    const half = toolbar.offsetWidth / 2;
    const width = document.documentElement.clientWidth;
    const left = Math.min(Math.max(selected.left, window.scrollX + half + 8), window.scrollX + width - half - 8);
    toolbar.style.left = `${left}px`;
  }, [selected, draft]);

  // A selection made from the keyboard goes straight to the toolbar.
  useEffect(() => {
    if (!selected || draft || !focusToolbar.current) return;
    focusToolbar.current = false;
    toolbarRef.current?.querySelector<HTMLElement>("button, a")?.focus();
  }, [selected, draft]);

  // Keyboard readers: Alt+A (Option+A) moves focus from a selection to the toolbar; Escape dismisses it.
  useEffect(() => {
    if (!selected || draft) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyA") {
        e.preventDefault();
        toolbarRef.current?.querySelector<HTMLElement>("button, a")?.focus();
      } else if (e.key === "Escape" && toolbarRef.current?.contains(document.activeElement)) {
        setSelected(null);
        returnFocus.current?.focus({ preventScroll: true });
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [selected, draft]);

  const announce = useCallback((message: string) => {
    // Cleared first, so the same message twice is announced twice.
    setStatus("");
    requestAnimationFrame(() => setStatus(message));
  }, []);

  const { mode, caret } = useKeyboardReading({
    bodySelector: BODY_SELECTOR,
    blockIds,
    announce,
    onHelp: () => setHelpOpen(true),
    onAnnotateSelection: () => {
      returnFocus.current = document.activeElement as HTMLElement | null;
      focusToolbar.current = true;
      readSelection();
    },
  });

  // ── Writes ─────────────────────────────────────────────────────────────────
  function replaceItem(saved: AnnotationView) {
    setItems((prev) => [...prev.filter((a) => a.id !== saved.id), saved].sort(byPosition));
  }

  async function save(d: Draft) {
    setError(null);
    try {
      const payload = { note: d.note, tags: parseTags(d.tags), visibility: d.visibility };
      const saved = d.id
        ? await callAnnotationApi<AnnotationView>(`/api/annotations/${d.id}`, { method: "PATCH", body: payload })
        : await callAnnotationApi<AnnotationView>("/api/annotations", {
            method: "POST",
            body: { issue: slug, start: d.start, end: d.end, exact: d.exact, ...payload },
          });
      if (!saved) return;
      replaceItem(saved);
      setDraft(null);
      setSelected(null);
      window.getSelection()?.removeAllRanges();
      setOpenId(saved.id);
      announce(d.id ? "Annotation updated." : "Annotation saved.");
      const back = returnFocus.current;
      returnFocus.current = null;
      if (back?.isConnected && back.dataset.kbBlock !== undefined) back.focus({ preventScroll: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : "Saving failed. Try again.");
    }
  }

  const actions: NoteActions = {
    onToggle: (a) => setOpenId((current) => (current === a.id ? null : a.id)),
    onEdit: (a) => {
      setSheetIds(null);
      setDraft({
        id: a.id,
        start: a.start,
        end: a.end,
        exact: a.exact,
        note: a.note,
        tags: a.tags.join(", "),
        visibility: a.visibility,
      });
    },
    onDelete: async (a) => {
      const warning = a.replies.some((r) => !r.mine)
        ? "Delete this annotation? Other readers' replies to it stay, under the quoted passage."
        : "Delete this annotation? This can't be undone.";
      if (!window.confirm(warning)) return;
      setError(null);
      try {
        await callAnnotationApi(`/api/annotations/${a.id}`, { method: "DELETE" });
        const kept = a.replies.filter((r) => !r.mine);
        setItems((prev) =>
          kept.length > 0
            ? prev.map((x) =>
                x.id === a.id
                  ? {
                      ...x,
                      deleted: true,
                      mine: false,
                      note: "",
                      noteHtml: "",
                      tags: [],
                      replies: kept,
                      author: { name: FORMER_READER, former: true },
                    }
                  : x,
              )
            : prev.filter((x) => x.id !== a.id),
        );
        setSheetIds((s) => (s ? s.filter((id) => id !== a.id) : s));
        announce("Annotation deleted.");
      } catch (err) {
        setError(err instanceof Error ? err.message : "Deleting failed. Try again.");
      }
    },
    onHide: async (a, hidden) => {
      setError(null);
      try {
        const saved = await callAnnotationApi<AnnotationView>(`/api/annotations/${a.id}`, {
          method: "PATCH",
          body: { hidden },
        });
        if (saved) replaceItem(saved);
        announce(hidden ? "Hidden from other readers." : "Shown to other readers again.");
      } catch (err) {
        setError(err instanceof Error ? err.message : "That didn't work. Try again.");
      }
    },
    onShowInText: (a) => {
      setSheetIds(null);
      setOpenId(a.id);
      document.querySelector(markSelector(a.id))?.scrollIntoView({ block: "center", behavior: "smooth" });
    },
    onThreadChange: (annotationId: string, replies: ReplyView[]) => {
      setItems((prev) =>
        prev.flatMap((x) =>
          x.id !== annotationId ? [x] : x.deleted && replies.length === 0 ? [] : [{ ...x, replies }],
        ),
      );
    },
    announce,
  };

  function toggleOthers(show: boolean) {
    setShowOthers(show);
    window.localStorage.setItem(SHOW_OTHERS_KEY, show ? "1" : "0");
    if (!show && openId && !items.find((a) => a.id === openId)?.mine) setOpenId(null);
    announce(show ? "Other readers' notes are shown." : "Other readers' notes are hidden.");
  }

  const signInHref = `/login?callbackUrl=${encodeURIComponent(`/issues/${slug}`)}`;
  const sheetItems = sheetIds
    ? sheetIds.map((id) => items.find((a) => a.id === id)).filter((a): a is AnnotationView => !!a)
    : [];
  const keyboardHint =
    mode.kind === "caret"
      ? "Selecting: ← → move · Shift+← → select · Ctrl+Shift+← → by word · A or Enter: annotate · Esc: stop"
      : mode.kind === "paragraph"
        ? `Paragraph ${mode.index + 1} of ${mode.total} · ↑ ↓: paragraphs · A: annotate it · Enter: select words · ?: all shortcuts`
        : "";

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
              <button
                type="button"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => save({ ...selected, note: "", tags: "", visibility: "private" })}
              >
                Highlight
              </button>
              <button
                type="button"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() =>
                  setDraft({
                    start: selected.start,
                    end: selected.end,
                    exact: selected.exact,
                    note: "",
                    tags: "",
                    visibility: "private",
                  })
                }
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
      <p id={KEYBOARD_HINT_ID} hidden>
        Press A to annotate this paragraph, Enter to select words in it, the arrow keys for the next or previous
        paragraph, and question mark for every shortcut.
      </p>
      {keyboardHint && (
        <p className="kb-hint" aria-hidden="true">
          {keyboardHint}
        </p>
      )}
      {caret && (
        <span
          className="kb-caret"
          aria-hidden="true"
          style={{ top: caret.top, left: caret.left, height: caret.height }}
        />
      )}

      {draft && (
        <form
          className="annotation-editor"
          aria-labelledby={`${ids}-editor-title`}
          onSubmit={(e) => {
            e.preventDefault();
            void save(draft);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              setDraft(null);
              returnFocus.current?.focus({ preventScroll: true });
            } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void save(draft);
            }
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
            Optional. Markdown works: *emphasis*, **bold**, [links](https://example.org), lists. Ctrl+Enter saves.
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
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setDraft(null);
                returnFocus.current?.focus({ preventScroll: true });
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}

      <section
        className="annotation-list annotation-margin"
        aria-labelledby={`${ids}-list-title`}
        data-layout={wide ? "margin" : "list"}
      >
        <div className="annotation-margin__head">
          <h2 id={`${ids}-list-title`}>
            Annotations {placed.length > 0 && <span className="count">({placed.length})</span>}
          </h2>
          <div className="annotation-margin__controls">
            {others.length > 0 && (
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  checked={showOthers}
                  aria-checked={showOthers}
                  onChange={(e) => toggleOthers(e.target.checked)}
                />
                Other readers’ notes ({others.length})
              </label>
            )}
            <button type="button" className="link-button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="Shift+?">
              Keyboard shortcuts
            </button>
          </div>
          {error && !draft && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {placed.length === 0 && (
            <p className="muted">
              {!showOthers && others.length > 0 ? (
                "Other readers’ notes are hidden."
              ) : viewer ? (
                "Select any passage above to highlight it or add a note."
              ) : (
                <>
                  <Link href={signInHref}>Sign in</Link> to highlight passages and keep notes. Public annotations by
                  other readers appear here.
                </>
              )}
            </p>
          )}
        </div>
        <ol ref={listRef} className="annotation-margin__list">
          {placed.map((a) => (
            <NoteCard
              key={a.id}
              a={a}
              viewer={viewer}
              open={openId === a.id}
              active={openId === a.id}
              variant="margin"
              signInHref={signInHref}
              actions={actions}
            />
          ))}
        </ol>
        {orphaned.length > 0 && (
          <p className="annotation-orphans">
            {orphaned.length === 1
              ? "One of your annotations no longer matches"
              : `${orphaned.length} of your annotations no longer match`}{" "}
            the text of this issue since it was edited. {orphaned.length === 1 ? "It is" : "They are"} kept, with the
            quoted text, in <Link href={`/me/annotations?issue=${encodeURIComponent(slug)}`}>My annotations</Link>.
          </p>
        )}
      </section>

      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the click is the backdrop tap; the keyboard closes the dialog with Escape natively */}
      <dialog
        ref={sheetRef}
        className="note-sheet"
        aria-labelledby={`${ids}-sheet-title`}
        onClose={() => {
          setSheetIds(null);
          returnFocus.current?.focus?.({ preventScroll: true });
        }}
        onClick={(e) => {
          // A tap on the backdrop (outside the sheet's box) closes it.
          if (e.target === e.currentTarget) {
            const box = e.currentTarget.getBoundingClientRect();
            if (e.clientY < box.top || e.clientY > box.bottom || e.clientX < box.left || e.clientX > box.right)
              setSheetIds(null);
          }
        }}
      >
        <div className="note-sheet__head">
          <h2 id={`${ids}-sheet-title`}>
            {sheetItems.length === 1 ? "Note on this passage" : "Notes on this passage"}
          </h2>
          <button type="button" className="button button--quiet" onClick={() => setSheetIds(null)}>
            Close
          </button>
        </div>
        <ol className="note-sheet__list">
          {sheetItems.map((a) => (
            <NoteCard
              key={a.id}
              a={a}
              viewer={viewer}
              open
              active={false}
              variant="sheet"
              signInHref={signInHref}
              actions={actions}
            />
          ))}
        </ol>
      </dialog>

      <dialog
        ref={helpRef}
        className="kb-help"
        aria-labelledby={`${ids}-help-title`}
        onClose={() => setHelpOpen(false)}
      >
        <h2 id={`${ids}-help-title`}>Keyboard shortcuts</h2>
        <p>Tab to the issue’s text (its first paragraph), then:</p>
        <dl>
          <dt>
            <kbd>↓</kbd> <kbd>↑</kbd> (or <kbd>J</kbd> <kbd>K</kbd>)
          </dt>
          <dd>Next or previous paragraph</dd>
          <dt>
            <kbd>A</kbd>
          </dt>
          <dd>Annotate the whole paragraph</dd>
          <dt>
            <kbd>Enter</kbd>
          </dt>
          <dd>Select words in the paragraph: a caret appears at its start</dd>
          <dt>
            <kbd>←</kbd> <kbd>→</kbd>, <kbd>Home</kbd> <kbd>End</kbd>
          </dt>
          <dd>Move the caret</dd>
          <dt>
            <kbd>Shift</kbd> + those keys; <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>←</kbd> <kbd>→</kbd>
          </dt>
          <dd>Select, by character or by word</dd>
          <dt>
            <kbd>A</kbd>, <kbd>Enter</kbd> or <kbd>Alt</kbd>+<kbd>A</kbd>
          </dt>
          <dd>Annotate the selection (the toolbar takes focus)</dd>
          <dt>
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
          </dt>
          <dd>Save the note you are writing</dd>
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>Stop selecting, or close the toolbar or editor</dd>
          <dt>
            <kbd>?</kbd>
          </dt>
          <dd>This list</dd>
        </dl>
        <p>A selection made with the mouse can be annotated the same way: press Alt+A (Option+A on a Mac).</p>
        <form method="dialog">
          <button type="submit" className="button">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
