"use client";
/**
 * The issue's concepts as links, and a toggle that marks their mentions in the
 * text. Mentions are stored as offsets into each block's whitespace-collapsed
 * text (the same text ingest derives block ids from), so they are mapped back
 * onto the block element's text nodes here, one <mark> per text-node segment.
 */
import Link from "next/link";
import { useEffect, useState } from "react";

export type HighlightMention = { slug: string; blockId: string; start: number; end: number };
export type HighlightConcept = { slug: string; name: string; mentionCount: number };

type Position = { node: Text; offset: number };

/** Each character of the element's collapsed text, mapped to where it sits in the DOM. */
function mapText(element: Element): Position[] {
  const positions: Position[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let lastWasSpace = true;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const text = node.data;
    for (let i = 0; i < text.length; i++) {
      const space = /\s/.test(text[i]!);
      if (space && lastWasSpace) continue;
      positions.push({ node, offset: i });
      lastWasSpace = space;
    }
  }
  if (positions.length > 0 && /\s/.test(positions[positions.length - 1]!.node.data[positions[positions.length - 1]!.offset]!)) positions.pop();
  return positions;
}

function markMentions(mentions: HighlightMention[], names: Map<string, string>): void {
  const byBlock = new Map<string, HighlightMention[]>();
  for (const m of mentions) byBlock.set(m.blockId, [...(byBlock.get(m.blockId) ?? []), m]);
  for (const [blockId, list] of byBlock) {
    const element = document.getElementById(blockId);
    if (!element || !element.closest("article")) continue;
    const positions = mapText(element);
    // From the end backwards: splitting a text node later leaves earlier offsets valid.
    for (const m of [...list].sort((a, b) => b.start - a.start)) {
      const segments: { node: Text; from: number; to: number }[] = [];
      for (let k = m.start; k < Math.min(m.end, positions.length); k++) {
        const p = positions[k]!;
        const last = segments[segments.length - 1];
        if (last && last.node === p.node && last.to === p.offset) last.to = p.offset + 1;
        else segments.push({ node: p.node, from: p.offset, to: p.offset + 1 });
      }
      for (const s of segments.reverse()) {
        const range = document.createRange();
        range.setStart(s.node, s.from);
        range.setEnd(s.node, s.to);
        const mark = document.createElement("mark");
        mark.className = "concept-mark";
        mark.dataset.concept = m.slug;
        mark.title = names.get(m.slug) ?? m.slug;
        range.surroundContents(mark);
      }
    }
  }
}

function unmarkMentions(): void {
  for (const mark of Array.from(document.querySelectorAll("mark.concept-mark"))) {
    const parent = mark.parentNode;
    if (!parent) continue;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    parent.normalize();
  }
}

export function ConceptHighlighter({ concepts, mentions }: { concepts: HighlightConcept[]; mentions: HighlightMention[] }) {
  const [on, setOn] = useState(false);
  useEffect(() => {
    if (!on) return;
    markMentions(mentions, new Map(concepts.map((c) => [c.slug, c.name])));
    return unmarkMentions;
  }, [on, mentions, concepts]);

  return (
    <section className="issue-concepts" aria-labelledby="issue-concepts-heading">
      <div className="issue-concepts__head">
        <h2 id="issue-concepts-heading">Concepts in this issue</h2>
        <button type="button" className="button button--quiet" aria-pressed={on} onClick={() => setOn((v) => !v)}>
          {on ? "Hide highlights" : "Highlight in text"}
        </button>
      </div>
      <ul className="pill-list">
        {concepts.map((c) => (
          <li key={c.slug}>
            <Link className="pill" href={`/concepts/${encodeURIComponent(c.slug)}`}>
              {c.name}
            </Link>
          </li>
        ))}
      </ul>
      <p className="visually-hidden" aria-live="polite">
        {on ? `${mentions.length} mentions highlighted` : ""}
      </p>
    </section>
  );
}
