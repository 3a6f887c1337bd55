/**
 * From sanitized HTML to the canonical document: block elements get stable,
 * content-derived ids, the plain text is the blocks joined by blank lines, and
 * a content hash tells re-ingest whether anything changed.
 */
import * as cheerio from "cheerio";
import { createHash } from "node:crypto";
import slugifyLib from "slugify";
import type { Element } from "domhandler";
import type { Block } from "@/db/schema";
import type { Removal } from "./clean";
import { parseTitle } from "./titles";
import type { NormalisedIssue, ParsedIssue } from "./types";

const BLOCK_SELECTOR = "p, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, td, th";
const CONTAINS_BLOCK = "p, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, ul, ol, table";

export function slugify(text: string): string {
  return slugifyLib(text, { lower: true, strict: true, trim: true }).slice(0, 96).replace(/-+$/, "") || "issue";
}

/** The text a reader sees in an element: whitespace collapsed as a browser renders it. */
export function visibleText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function kindOf(tagName: string, insideQuote: boolean): Block["kind"] {
  const tag = tagName.toLowerCase();
  if (tag === "h2" || tag === "h3" || tag === "h4") return tag;
  if (tag === "h5" || tag === "h6") return "h4";
  if (tag === "li") return "li";
  if (tag === "pre") return "pre";
  if (tag === "figcaption") return "figure";
  if (tag === "blockquote" || insideQuote) return "quote";
  return "p";
}

export function blockId(text: string): string {
  return `b-${createHash("sha1").update(text).digest("hex").slice(0, 10)}`;
}

/** Decides whether a block is boilerplate: returns the reason to drop it, or undefined to keep it. */
export type DropBlock = (text: string, id: string, kind: Block["kind"]) => string | undefined;

/**
 * Mark every leaf block element with its id; return the blocks and the html
 * carrying the ids. Blocks `drop` names are removed from both, with the reason.
 */
export function extractBlocks(
  html: string,
  drop?: DropBlock,
): { html: string; blocks: Block[]; text: string; removed: Removal[] } {
  const $ = cheerio.load(html, null, false);
  const removed: Removal[] = [];
  const blocks: Block[] = [];
  const seen = new Map<string, number>();
  let offset = 0;
  // textContent ignores <br>; a space after it keeps the words on either side apart
  // in the plain text, and the DOM's text stays identical to the block's text.
  $("br").after(" ");
  // Anchors whose tracking href was dropped in cleaning: keep their words only.
  $("a:not([href])").each((_, a) => {
    $(a).replaceWith($(a).contents());
  });

  $(BLOCK_SELECTOR).each((_, node) => {
    const $el = $(node);
    // Leaf blocks only: an <li> holding <p>s is represented by its paragraphs.
    if ($el.find(CONTAINS_BLOCK).length > 0) return;
    const text = visibleText($el.text());
    if (!text) return;
    const base = blockId(text);
    const kind = kindOf(node.tagName, $el.parents("blockquote").length > 0);
    const reason = drop?.(text, base, kind);
    if (reason) {
      removed.push({ reason, text });
      removeWithEmptyAncestors($, $el);
      return;
    }
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const id = n === 1 ? base : `${base}-${n}`;
    $el.attr("id", id);
    if (blocks.length > 0) offset += 2; // the blank line between blocks
    blocks.push({ id, kind, text, start: offset, end: offset + text.length });
    offset += text.length;
  });

  return { html: $.html().trim(), blocks, text: blocks.map((b) => b.text).join("\n\n"), removed };
}

/** Remove an element and any container (list, quote, figure) it leaves without text or media. */
function removeWithEmptyAncestors($: cheerio.CheerioAPI, $el: cheerio.Cheerio<Element>): void {
  let parent = $el.parent();
  $el.remove();
  while (parent.length && parent.is("ul, ol, blockquote, figure, li, tr, tbody, thead, table") && !parent.text().trim() && !parent.find("img").length) {
    const next = parent.parent();
    parent.remove();
    parent = next;
  }
}

function hashOf(parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

export function normaliseIssue(parsed: ParsedIssue, sanitizedHtml: string, drop?: DropBlock): NormalisedIssue & { removed: Removal[] } {
  const titled = parseTitle(parsed.title);
  const { html, blocks, text, removed } = extractBlocks(sanitizedHtml, drop);
  const number = parsed.number ?? titled.number ?? null;
  const series = parsed.series ?? titled.series ?? null;
  const title = titled.title;
  const slug = parsed.slug ? slugify(parsed.slug) : slugify(series && number != null ? `${series}-${number}-${title}` : title);
  const subtitle = parsed.subtitle ? visibleText(parsed.subtitle) : null;
  const publishedAt = parsed.publishedAt ?? null;
  const sourceUrl = parsed.sourceUrl ?? null;
  return {
    slug,
    number,
    series,
    title,
    subtitle,
    publishedAt,
    sourceUrl,
    sourcePath: parsed.sourcePath,
    html,
    text,
    blocks,
    contentHash: hashOf([title, subtitle, number, series, publishedAt?.toISOString() ?? null, sourceUrl, html]),
    removed,
  };
}
