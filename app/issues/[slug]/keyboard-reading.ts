"use client";
/**
 * Reading and selecting an issue without a mouse. The text's paragraphs are
 * one tab stop (a roving tabindex): arrows move between paragraphs, A
 * annotates the whole paragraph, Enter starts a caret in it that arrows move
 * and Shift+arrows extend into a real selection (which the annotation
 * toolbar then offers to annotate, as it does for a mouse selection).
 * Browsers don't let keyboard users select text that isn't editable, so the
 * caret is moved with Selection.modify and drawn by us.
 */
import { useCallback, useEffect, useRef, useState } from "react";

export type KeyboardMode =
  | { kind: "off" }
  | { kind: "paragraph"; index: number; total: number }
  | { kind: "caret"; index: number; total: number };

type Options = {
  bodySelector: string;
  blockIds: string[];
  /** Focus the annotation toolbar once a selection has been made from the keyboard. */
  onAnnotateSelection: () => void;
  announce: (message: string) => void;
  /** Opens the keyboard help. */
  onHelp: () => void;
};

export const KEYBOARD_HINT_ID = "kb-paragraph-hint";

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el?.closest?.("input, textarea, select, [contenteditable=''], [contenteditable='true'], dialog");
}

export function useKeyboardReading({ bodySelector, blockIds, onAnnotateSelection, announce, onHelp }: Options) {
  const [mode, setMode] = useState<KeyboardMode>({ kind: "off" });
  const [caret, setCaret] = useState<{ top: number; left: number; height: number } | null>(null);
  const modeRef = useRef(mode);
  modeRef.current = mode;
  const callbacks = useRef({ onAnnotateSelection, announce, onHelp });
  callbacks.current = { onAnnotateSelection, announce, onHelp };

  const blocks = useCallback((): HTMLElement[] => {
    const body = document.querySelector(bodySelector);
    if (!body) return [];
    return blockIds
      .map((id) => document.getElementById(id))
      .filter((el): el is HTMLElement => !!el && body.contains(el));
  }, [bodySelector, blockIds]);

  // One tab stop for the whole text: the paragraph last read, else the first.
  useEffect(() => {
    const els = blocks();
    els.forEach((el, i) => {
      el.tabIndex = i === 0 ? 0 : -1;
      el.dataset.kbBlock = "";
      el.setAttribute("aria-describedby", KEYBOARD_HINT_ID);
    });
    return () => {
      for (const el of els) {
        el.removeAttribute("tabindex");
        el.removeAttribute("aria-describedby");
        delete el.dataset.kbBlock;
      }
    };
  }, [blocks]);

  const updateCaret = useCallback(() => {
    const selection = window.getSelection();
    if (modeRef.current.kind !== "caret" || !selection || selection.rangeCount === 0) {
      setCaret(null);
      return;
    }
    // The caret is the selection's moving end.
    const range = document.createRange();
    if (selection.focusNode) range.setStart(selection.focusNode, selection.focusOffset);
    range.collapse(true);
    const rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
    if (!rect || (rect.height === 0 && rect.top === 0)) {
      setCaret(null);
      return;
    }
    setCaret({ top: rect.top + window.scrollY, left: rect.left + window.scrollX, height: rect.height || 20 });
  }, []);

  useEffect(() => {
    document.addEventListener("selectionchange", updateCaret);
    return () => document.removeEventListener("selectionchange", updateCaret);
  }, [updateCaret]);

  useEffect(() => {
    const body = document.querySelector<HTMLElement>(bodySelector);
    if (!body) return;

    const indexOf = (el: Element | null) => blocks().findIndex((b) => b === el);

    const focusBlock = (i: number) => {
      const els = blocks();
      const el = els[Math.max(0, Math.min(els.length - 1, i))];
      if (!el) return;
      for (const other of els) other.tabIndex = other === el ? 0 : -1;
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: "nearest" });
    };

    const leaveCaret = (message = "Selecting ended.") => {
      const m = modeRef.current;
      if (m.kind !== "caret") return;
      setMode({ kind: "paragraph", index: m.index, total: m.total });
      setCaret(null);
      callbacks.current.announce(message);
    };

    const onFocusIn = (e: FocusEvent) => {
      const i = indexOf(e.target as Element);
      if (i < 0) return;
      const els = blocks();
      for (const other of els) other.tabIndex = other === e.target ? 0 : -1;
      if (modeRef.current.kind === "caret" && modeRef.current.index === i) return;
      // A click or tap focuses a paragraph too; that reader is reading, not navigating: no hint, and the keys
      // keep their usual meaning (arrows scroll).
      if (!(e.target as HTMLElement).matches(":focus-visible")) {
        setMode({ kind: "off" });
        return;
      }
      setMode({ kind: "paragraph", index: i, total: els.length });
    };

    const onFocusOut = (e: FocusEvent) => {
      const next = e.relatedTarget as Element | null;
      if (next && indexOf(next) >= 0) return;
      // Into the annotation toolbar or editor: the selection stays, the caret stops.
      setMode({ kind: "off" });
      setCaret(null);
    };

    const onKeyDown = (e: KeyboardEvent) => {
      const i = indexOf(e.target as Element);
      if (i < 0) return;
      const m = modeRef.current;
      if (m.kind === "off") return;
      const selection = window.getSelection();
      const el = e.target as HTMLElement;
      const plain = !e.altKey && !e.ctrlKey && !e.metaKey;

      if (m.kind === "caret" && selection) {
        const granularity = e.ctrlKey || e.altKey ? "word" : "character";
        const arrows: Record<string, [string, string]> = {
          ArrowRight: ["forward", granularity],
          ArrowLeft: ["backward", granularity],
          ArrowDown: ["forward", "line"],
          ArrowUp: ["backward", "line"],
          End: ["forward", "lineboundary"],
          Home: ["backward", "lineboundary"],
        };
        const move = arrows[e.key];
        if (move && !e.metaKey) {
          e.preventDefault();
          selection.modify(e.shiftKey ? "extend" : "move", move[0], move[1]);
          return;
        }
        if (e.key === "Escape") {
          e.preventDefault();
          selection.collapseToStart();
          leaveCaret();
          return;
        }
        if ((e.key === "Enter" || (plain && e.key.toLowerCase() === "a")) && !selection.isCollapsed) {
          e.preventDefault();
          callbacks.current.onAnnotateSelection();
          return;
        }
        return;
      }

      const altA = e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyA";
      if (altA && selection?.isCollapsed !== false) {
        // Alt+A with nothing selected annotates the paragraph, as A does.
        e.preventDefault();
        selectParagraph(el);
        return;
      }
      if (!plain) return;
      if (e.key === "ArrowDown" || e.key === "j") {
        e.preventDefault();
        focusBlock(i + 1);
      } else if (e.key === "ArrowUp" || e.key === "k") {
        e.preventDefault();
        focusBlock(i - 1);
      } else if (e.key === "Enter" && !(e.target as Element).closest("a")) {
        e.preventDefault();
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const first = walker.nextNode();
        if (!first || !selection) return;
        selection.collapse(first, 0);
        setMode({ kind: "caret", index: i, total: blocks().length });
        callbacks.current.announce(
          "Selecting in this paragraph. Arrow keys move the caret, Shift with arrows selects, Control with Shift and arrows selects by word. Press A or Enter to annotate the selection, Escape to stop.",
        );
        requestAnimationFrame(updateCaret);
      } else if (e.key.toLowerCase() === "a" && !e.shiftKey) {
        e.preventDefault();
        selectParagraph(el);
      }
    };

    const selectParagraph = (el: HTMLElement) => {
      const selection = window.getSelection();
      if (!selection) return;
      const range = document.createRange();
      range.selectNodeContents(el);
      selection.removeAllRanges();
      selection.addRange(range);
      callbacks.current.onAnnotateSelection();
    };

    const onDocumentKeyDown = (e: KeyboardEvent) => {
      if (e.key === "?" && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        callbacks.current.onHelp();
      }
    };

    body.addEventListener("focusin", onFocusIn);
    body.addEventListener("focusout", onFocusOut);
    body.addEventListener("keydown", onKeyDown);
    document.addEventListener("keydown", onDocumentKeyDown);
    return () => {
      body.removeEventListener("focusin", onFocusIn);
      body.removeEventListener("focusout", onFocusOut);
      body.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("keydown", onDocumentKeyDown);
    };
  }, [bodySelector, blocks, updateCaret]);

  return { mode, caret };
}
