/**
 * From sanitized HTML to the canonical document: block elements get stable,
 * content-derived ids, the plain text is the blocks joined by blank lines, and
 * a content hash tells re-ingest whether anything changed.
 */
import * as cheerio from "cheerio/slim";
import { createHash } from "node:crypto";
import slugifyLib from "slugify";
import { isTag, type AnyNode, type Element, type Text } from "domhandler";
import type { Block, DatePrecision } from "@/db/schema";
import { cleanText, type Removal } from "./clean";
import { parseTitle } from "./titles";
import type { NormalisedIssue, ParsedIssue } from "./types";

/** Elements that can be a block of text. */
const BLOCK_TAGS = new Set(["p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "td", "th"]);
/** Elements whose presence inside a block makes that block a container rather than a leaf. */
const CONTAINER_TAGS = new Set([
  "p",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "li",
  "blockquote",
  "pre",
  "figcaption",
  "ul",
  "ol",
  "table",
]);
/** Elements that end a run of loose inline content (see wrapLooseText). */
const STRUCTURE_TAGS = new Set([
  "p",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "li",
  "blockquote",
  "pre",
  "figure",
  "figcaption",
  "table",
  "thead",
  "tbody",
  "tr",
  "td",
  "th",
  "hr",
]);
/** Inline elements whose edges pretty-printed HTML pads with line breaks (see tidyInlineEdges). */
const INLINE_TAGS = new Set(["a", "em", "strong", "i", "b", "u", "span", "code", "mark", "cite", "q", "small", "abbr"]);
/** Punctuation that closes up to the word before it. */
const CLOSING_PUNCTUATION = /^[.,;:!?)\]\u2026\u201D\u2019]/;

/**
 * Pretty-printed HTML puts an inline element's words on lines of their own ("<a>\n  the fund\n</a>\n
 * ."): a browser shows the line breaks as spaces, so the link's underline runs past its last word
 * and a full stop stands apart ("the fund ."). Where the space is only such a line break (never a
 * space the writer typed), the element's trailing break moves out after it, and the break before
 * closing punctuation goes.
 */
function tidyInlineEdges(el: Element): void {
  const next = el.nextSibling;
  const last = el.lastChild;
  if (next?.type !== "text") return;
  const after = next as Text;
  // (A break after a nested element's end counts too: "<em><strong>name</strong>\n</em>".)
  if (last?.type === "text" && /\s*\n\s*$/.test((last as Text).data) && (/\S/.test((last as Text).data) || last.prev)) {
    const inner = last as Text;
    inner.data = inner.data.replace(/\s+$/, "");
    if (!/^\s/.test(after.data)) after.data = ` ${after.data}`;
  }
  if (/^\s*\n\s*/.test(after.data) && CLOSING_PUNCTUATION.test(after.data.trimStart()))
    after.data = after.data.trimStart();
}

/** Containers removed with their last block, so no empty list or quote is left behind. */
const COLLAPSIBLE_TAGS = new Set(["ul", "ol", "blockquote", "figure", "li", "tr", "tbody", "thead", "table"]);

/**
 * htmlparser2 rather than parse5: several times faster on fragments, and the
 * input is already sanitized. Characters stay UTF-8 in the output.
 */
export const HTML_OPTIONS = { xml: { xmlMode: false, decodeEntities: true, encodeEntities: "utf8" as const } };

const SLUG_OPTIONS = { lower: true, strict: true, trim: true };
const SLUG_MAX = 96;

/** Whether some of the text's letters have no ASCII spelling in slugify's table (CJK, Thai, …) and would vanish. */
function dropsLetters(text: string): boolean {
  for (const ch of text) if (/\p{L}/u.test(ch) && !slugifyLib(ch, SLUG_OPTIONS)) return true;
  return false;
}

/**
 * An ASCII slug. Letters slugify can't spell (`港の話`) would otherwise vanish and
 * leave every such title the same slug ("issue"): then a short hash of the text
 * is appended, so the slug stays distinct and stable, with whatever Latin words
 * and digits it had kept readable. Not Unicode slugs: Next's dynamic routes and
 * links still mishandle percent-encoded path segments in places.
 */
export function slugify(text: string): string {
  const base = slugifyLib(text, SLUG_OPTIONS).slice(0, SLUG_MAX).replace(/-+$/, "");
  if (!dropsLetters(text)) return base || "issue";
  const hash = createHash("sha1").update(text.normalize("NFC").trim()).digest("hex").slice(0, 8);
  return `${base.slice(0, SLUG_MAX - hash.length - 1).replace(/-+$/, "") || "issue"}-${hash}`;
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
  const $ = cheerio.load(html, HTML_OPTIONS, false);
  const removed: Removal[] = [];
  const blocks: Block[] = [];
  const seen = new Map<string, number>();
  let offset = 0;

  const visit = (el: Element, insideQuote: boolean): void => {
    const text = visibleText($(el).text());
    if (!text) return;
    const base = blockId(text);
    const kind = kindOf(el.tagName, insideQuote);
    const reason = drop?.(text, base, kind);
    if (reason) {
      removed.push({ reason, text });
      removeWithEmptyAncestors($, el);
      return;
    }
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const id = n === 1 ? base : `${base}-${n}`;
    el.attribs.id = id;
    if (blocks.length > 0) offset += 2; // the blank line between blocks
    blocks.push({ id, kind, text, start: offset, end: offset + text.length });
    offset += text.length;
  };

  // One walk, children before parents: a block element is a leaf when nothing under it
  // is a block container (an <li> holding <p>s is represented by its paragraphs). Leaves
  // never nest, so they are still met in document order.
  const walk = (parent: AnyNode, insideQuote: boolean, insideCode = false): boolean => {
    let containsBlock = false;
    const children = "children" in parent ? [...parent.children] : [];
    for (const child of children) {
      if (child.type === "text") {
        // Decoded text, whole: what a reader would read (clean.ts says what is taken out).
        if (!insideCode) (child as Text).data = cleanText((child as Text).data, removed);
        continue;
      }
      if (!isTag(child)) continue;
      const tag = child.tagName.toLowerCase();
      if (tag === "br") {
        // textContent ignores <br>; a space after it keeps the words on either side
        // apart, and the DOM's text stays identical to the block's text.
        const next = child.nextSibling;
        if (!(next?.type === "text" && /^\s/.test((next as Text).data))) $(child).after(" ");
        continue;
      }
      if (tag === "img") {
        // An image between two runs of words (`…must be managed.<img>Some autonomy…`) stands between
        // them for a reader; textContent ignores it and would glue them ("managed.Some"). A space
        // after it keeps them apart, as after a <br>; only where words meet words, so an image set
        // against punctuation or a space is left as it is.
        const prev = child.previousSibling;
        const next = child.nextSibling;
        const before = prev ? (prev.type === "text" ? (prev as Text).data : $(prev).text()) : "";
        if (
          next?.type === "text" &&
          /^[\p{L}\p{N}“‘"(]/u.test((next as Text).data) &&
          /[\p{L}\p{N}.!?…:;,”’")]$/u.test(before)
        )
          $(child).after(" ");
        continue;
      }
      if (tag === "a" && child.attribs.href == null) {
        // An anchor whose tracking href was dropped in cleaning: keep its words only.
        const inner = [...child.children];
        $(child).replaceWith(inner);
        const holder = { children: inner } as unknown as AnyNode;
        if (walk(holder, insideQuote, insideCode)) containsBlock = true;
        continue;
      }
      const childContains = walk(
        child,
        insideQuote || tag === "blockquote",
        insideCode || tag === "code" || tag === "pre",
      );
      if (INLINE_TAGS.has(tag) && !insideCode) tidyInlineEdges(child);
      // A link or block that held only what cleaning removed is removed with it.
      if (
        (tag === "a" || (BLOCK_TAGS.has(tag) && tag !== "td" && tag !== "th")) &&
        !childContains &&
        !visibleText($(child).text()) &&
        !$(child).find("img").length
      ) {
        removeWithEmptyAncestors($, child);
        continue;
      }
      if (BLOCK_TAGS.has(tag) && !childContains) visit(child, insideQuote || tag === "blockquote");
      if (childContains || CONTAINER_TAGS.has(tag)) containsBlock = true;
    }
    return containsBlock;
  };
  wrapLooseText($, $.root().get(0)!);
  walk($.root().get(0)!, false);

  return { html: $.html().trim(), blocks, text: blocks.map((b) => b.text).join("\n\n"), removed };
}

/**
 * Text that sits beside blocks rather than in one — a feed's plain-text body, a page's bare
 * <body> text, what a <details> or <div> held once sanitizing removed it, a list item's own
 * words before its sub-list — is wrapped in a <p> of its own, so it becomes a block: shown,
 * searchable and annotatable like the rest.
 */
function wrapLooseText($: cheerio.CheerioAPI, parent: AnyNode): void {
  const children = "children" in parent ? [...parent.children] : [];
  const isRoot = parent.type === "root";
  const hasStructure = children.some((c) => isTag(c) && STRUCTURE_TAGS.has(c.tagName.toLowerCase()));
  for (const child of children)
    if (isTag(child) && STRUCTURE_TAGS.has(child.tagName.toLowerCase())) wrapLooseText($, child);
  // A leaf block (a <p>, an <li> of words) already is a block; only mixed or top-level content needs wrapping.
  if (!isRoot && !hasStructure) return;
  let run: AnyNode[] = [];
  const flush = () => {
    if (run.some((n) => /\S/.test(n.type === "text" ? (n as Text).data : $(n).text()))) {
      $(run).wrapAll("<p></p>");
    }
    run = [];
  };
  for (const child of children) {
    if (isTag(child) && STRUCTURE_TAGS.has(child.tagName.toLowerCase())) flush();
    else if (child.type === "text" || isTag(child)) run.push(child);
  }
  flush();
}

/** Remove an element and any container (list, quote, figure) it leaves without text or media. */
function removeWithEmptyAncestors($: cheerio.CheerioAPI, el: Element): void {
  let parent = el.parent;
  $(el).remove();
  while (
    parent &&
    isTag(parent) &&
    COLLAPSIBLE_TAGS.has(parent.tagName.toLowerCase()) &&
    !$(parent).text().trim() &&
    !$(parent).find("img").length
  ) {
    const next = parent.parent;
    $(parent).remove();
    parent = next;
  }
}

/** A date as hashed: a full date as before precision existed, so stored hashes stay valid. */
function dateKey(date: Date | null, precision: DatePrecision): string | null {
  if (!date) return null;
  return precision === "day" ? date.toISOString() : `${date.toISOString()}/${precision}`;
}

/**
 * An issue's original address as stored and linked from its page: an absolute
 * http(s) URL or nothing. A `javascript:` or `data:` address from a file's
 * frontmatter or a feed would otherwise run in a reader's browser; a relative
 * one would point into this site. Returns the reason when the value is dropped.
 */
export function checkSourceUrl(value: string | undefined): { url: string | null; dropped?: string } {
  const raw = value?.trim();
  if (!raw) return { url: null };
  const shown = raw.length > 60 ? `${raw.slice(0, 57)}…` : raw;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return { url: null, dropped: `source url "${shown}" is not an absolute http(s) address; stored without it` };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return { url: null, dropped: `source url "${shown}" uses ${parsed.protocol}, not http(s); stored without it` };
  }
  // As written, so a re-ingest of an unchanged file hashes the same; the parser's spelling
  // only where the value carries whitespace or control characters the parser would have dropped.
  return { url: /[\s\p{Cc}]/u.test(raw) ? parsed.href : raw };
}

function hashOf(parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

export function normaliseIssue(
  parsed: ParsedIssue,
  sanitizedHtml: string,
  drop?: DropBlock,
): NormalisedIssue & { removed: Removal[]; warnings: string[] } {
  const titled = parseTitle(parsed.title);
  const { html, blocks, text, removed } = extractBlocks(sanitizedHtml, drop);
  const number = parsed.number ?? titled.number ?? null;
  const series = parsed.series ?? titled.series ?? null;
  const title = titled.title;
  const slug = parsed.slug
    ? slugify(parsed.slug)
    : slugify(series && number != null ? `${series}-${number}-${title}` : title);
  // The title's slug leaves the number out ("Field Signals #88" → field-signals), which is
  // what several issues of one newsletter share; the number tells them apart when it must.
  const numberedSlug = !parsed.slug && number != null && !series ? `${slug}-${number}` : null;
  const subtitle = parsed.subtitle ? visibleText(parsed.subtitle) : null;
  const publishedAt = parsed.publishedAt ?? null;
  const datePrecision = publishedAt ? (parsed.datePrecision ?? "day") : "day";
  const { url: sourceUrl, dropped } = checkSourceUrl(parsed.sourceUrl);
  return {
    slug,
    numberedSlug,
    fromCollection: parsed.sourceLabel != null,
    number,
    series,
    title,
    subtitle,
    publishedAt,
    datePrecision,
    sourceUrl,
    sourcePath: parsed.sourcePath,
    html,
    text,
    blocks,
    contentHash: hashOf([title, subtitle, number, series, dateKey(publishedAt, datePrecision), sourceUrl, html]),
    removed,
    warnings: dropped ? [dropped] : [],
  };
}
