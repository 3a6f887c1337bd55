"use client";
/**
 * The issue's concepts as links, and a toggle that marks their mentions in the
 * text. Mentions are stored as offsets into each block's whitespace-collapsed
 * text (the same text ingest derives block ids from), the offsets annotations
 * use too: lib/annotations/dom.ts maps them back onto the block's text nodes.
 */
import Link from "next/link";
import { useEffect, useState } from "react";
import { clearHighlights, markBlockText } from "@/lib/annotations/dom";

export type HighlightMention = { slug: string; blockId: string; start: number; end: number };
export type HighlightConcept = { slug: string; name: string; mentionCount: number };

const MARK_SELECTOR = "mark.concept-mark";

function markMentions(mentions: HighlightMention[], names: Map<string, string>): void {
  for (const m of mentions) {
    const element = document.getElementById(m.blockId);
    if (!element?.closest("article")) continue;
    markBlockText(element, m.start, m.end, () => {
      const mark = document.createElement("mark");
      mark.className = "concept-mark";
      mark.dataset.concept = m.slug;
      mark.title = names.get(m.slug) ?? m.slug;
      return mark;
    });
  }
}

export function ConceptHighlighter({
  concepts,
  mentions,
}: {
  concepts: HighlightConcept[];
  mentions: HighlightMention[];
}) {
  const [on, setOn] = useState(false);
  useEffect(() => {
    if (!on) return;
    markMentions(mentions, new Map(concepts.map((c) => [c.slug, c.name])));
    return () => clearHighlights(document, MARK_SELECTOR);
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
