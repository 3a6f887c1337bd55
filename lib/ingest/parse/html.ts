/**
 * HTML sources: a single post (a saved web page or an email's HTML) or a
 * multi-issue "book" — one page holding many issues, one per heading section
 * (`<h2>TBM 7/53: …</h2>` … up to the next such heading).
 *
 * A page is a book when one heading level has at least three headings that
 * carry an issue number (see titles.ts); the heading text is each issue's title
 * and whatever precedes the first numbered heading (preface, table of contents)
 * is not an issue.
 */
import * as cheerio from "cheerio/slim";
import type { AnyNode, Element } from "domhandler";
import { HTML_OPTIONS, slugify } from "../normalise";
import { parseTitle } from "../titles";
import { yearInTitle } from "../dates";
import { LOCAL_SRC_ATTRIBUTE } from "../images";
import type { ParsedIssue, SourceFile } from "../types";
import { decodeText } from "./text";

type CheerioRoot = cheerio.CheerioAPI;

const HEADING_LEVELS = ["h1", "h2", "h3"] as const;
const MIN_BOOK_SECTIONS = 3;

/** Layout and chrome that is never part of an issue's writing. */
const CHROME =
  "script, style, noscript, template, head, nav, header, footer, form, button, input, select, textarea, iframe, object, embed, svg, link, meta, [aria-hidden=true], [hidden]";

function textOf($: CheerioRoot, el: AnyNode): string {
  return $(el).text().replace(/\s+/g, " ").trim();
}

function meta($: CheerioRoot, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = $(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`)
      .first()
      .attr("content")
      ?.trim();
    if (value) return value;
  }
  return undefined;
}

function toDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function absoluteUrl(value: string | undefined, base?: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value, base);
    return /^https?:$/.test(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The page's own address, if it says: canonical link, og:url, or <base>. */
function pageUrl($: CheerioRoot): string | undefined {
  return (
    absoluteUrl($('link[rel="canonical"]').attr("href")) ??
    absoluteUrl(meta($, "og:url")) ??
    absoluteUrl($("base[href]").attr("href"))
  );
}

/**
 * Relative URLs can't be followed once the text lives elsewhere: resolve them
 * against the page's address when it has one; otherwise links lose their href
 * (their words stay). A relative image keeps the path as written, for ingest
 * to find the file beside the source.
 */
function resolveRelativeUrls($: CheerioRoot, scope: cheerio.Cheerio<AnyNode>, base: string | undefined): void {
  scope.find("img").each((_, el) => {
    const $img = $(el);
    const written = ($img.attr("src") || $img.attr("data-src") || "").trim();
    // A relative image may be a file beside the source: ingest copies it if it is (images.ts).
    const relative = written !== "" && !/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(written);
    if (relative) $img.attr(LOCAL_SRC_ATTRIBUTE, written);
    const src = absoluteUrl($img.attr("src"), base) ?? absoluteUrl($img.attr("data-src"), base);
    if (src) {
      $img.attr("src", src);
      return;
    }
    if (!relative) $img.remove();
  });
  scope.find("a[href]").each((_, el) => {
    const $a = $(el);
    const href = $a.attr("href") ?? "";
    if (/^(mailto:|#)/i.test(href) || href.startsWith("/issues/")) return;
    const resolved = absoluteUrl(href, base);
    if (resolved) $a.attr("href", resolved);
    else $a.removeAttr("href");
  });
}

const RELATIVE_URL = /\b(?:href|src)\s*=\s*["']?(?!https?:|mailto:|#|data:)[^"'\s>]/i;

/** An HTML fragment with its relative links and images made absolute against `base`. */
export function resolveRelativeHtml(html: string, base: string | undefined): string {
  if (!RELATIVE_URL.test(html)) return html;
  const $ = cheerio.load(html, HTML_OPTIONS, false);
  resolveRelativeUrls($, $.root(), base);
  return $.html();
}

// ---------------------------------------------------------------------------
// Books

type BookHeading = { el: Element; text: string; number: number; series?: string };

function findBookHeadings($: CheerioRoot): BookHeading[] | undefined {
  let best: BookHeading[] | undefined;
  for (const level of HEADING_LEVELS) {
    const numbered: BookHeading[] = [];
    $(level).each((_, el) => {
      const text = textOf($, el);
      // "#1 Do less", "#2 …" is a listicle's numbering inside one post, not a book's issues.
      if (/^#\s*\d/.test(text)) return;
      const parts = parseTitle(text);
      if (parts.number != null && parts.title !== text)
        numbered.push({ el, text, number: parts.number, series: parts.series });
    });
    if (numbered.length >= MIN_BOOK_SECTIONS && numbered.length > (best?.length ?? 0)) best = numbered;
  }
  return best;
}

/** The series most headings agree on: a typo in one heading ("TMB 40/53") doesn't start a new series. */
function dominantSeries(headings: BookHeading[]): string | undefined {
  const counts = new Map<string, number>();
  for (const h of headings) if (h.series) counts.set(h.series, (counts.get(h.series) ?? 0) + 1);
  const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return top && top[1] > headings.length / 2 ? top[0] : undefined;
}

/** Nodes from just after `start` up to (not including) `stop`, in document order, as HTML. */
function sectionHtml($: CheerioRoot, start: Element, stop: Element | undefined): string {
  const parts: string[] = [];
  // Climb from the heading: take its following siblings, then its parent's, until the
  // next section's heading (or an ancestor of it) is reached.
  let node: AnyNode | null = start;
  while (node) {
    let sibling: AnyNode | null = node.nextSibling;
    while (sibling) {
      if (stop && (sibling === stop || $(sibling).find(stop).length > 0)) {
        if (sibling !== stop) {
          // The next heading is inside this sibling: take what precedes it there.
          parts.push(innerBefore($, sibling as Element, stop));
        }
        return parts.join("");
      }
      parts.push($.html(sibling));
      sibling = sibling.nextSibling;
    }
    node = node.parent;
    if (!node || (node as Element).tagName === "body") break;
  }
  return parts.join("");
}

function innerBefore($: CheerioRoot, container: Element, stop: Element): string {
  const parts: string[] = [];
  for (const child of container.children) {
    if (child === stop) break;
    if ($(child).find(stop).length > 0) {
      parts.push(innerBefore($, child as Element, stop));
      break;
    }
    parts.push($.html(child));
  }
  return parts.join("");
}

/** A section's own address: the page's address plus the heading's anchor, when both exist. */
function sectionUrl($: CheerioRoot, heading: Element, base: string | undefined): string | undefined {
  const anchor = $(heading).attr("id") ?? $(heading).find("[id]").first().attr("id");
  return base && anchor ? absoluteUrl(`#${anchor}`, base) : undefined;
}

function parseBook($: CheerioRoot, file: SourceFile, headings: BookHeading[]): ParsedIssue[] {
  const base = pageUrl($);
  // A book named for its year ("The Beautiful Mess 2020") dates the sections that carry no date.
  const sourceDate =
    yearInTitle($("title").first().text()) ?? yearInTitle(meta($, "og:title")) ?? yearInTitle($("h1").first().text());
  const series = dominantSeries(headings);
  // Anchors inside the book (table of contents, cross-references) point at other
  // issues: they become links to those issues' pages.
  const slugs = headings.map((h) => {
    const title = parseTitle(h.text).title;
    return slugify(series ? `${series}-${h.number}-${title}` : `${h.number}-${title}`);
  });
  const anchorToSlug = new Map<string, string>();
  headings.forEach((h, i) => {
    const $h = $(h.el);
    for (const id of [
      $h.attr("id"),
      ...$h
        .find("[id], a[name]")
        .map((_, a) => $(a).attr("id") ?? $(a).attr("name"))
        .get(),
    ]) {
      if (id) anchorToSlug.set(id, slugs[i]!);
    }
  });
  $("a[href^='#']").each((_, a) => {
    const target = anchorToSlug.get(($(a).attr("href") ?? "").slice(1));
    if (target) $(a).attr("href", `/issues/${target}`);
    else $(a).removeAttr("href");
  });
  $(CHROME).remove();
  resolveRelativeUrls($, $.root(), base);

  return headings.map((h, i) => {
    const parts = parseTitle(h.text);
    const html = sectionHtml($, h.el, headings[i + 1]?.el);
    const title = series && parts.series && parts.series !== series ? h.text.replace(parts.series, series) : h.text;
    return {
      sourcePath: file.path,
      sourceLabel: `section ${i + 1}: ${h.text}`,
      title,
      number: h.number,
      series,
      slug: slugs[i],
      sourceUrl: sectionUrl($, h.el, base),
      publishedAt: toDate($(h.el).nextAll("time[datetime]").first().attr("datetime")),
      ...(sourceDate ? { sourceDate } : {}),
      html,
    };
  });
}

// ---------------------------------------------------------------------------
// Single posts

/**
 * Emails are laid out with nested tables; a table whose cells hold paragraphs,
 * headings or other tables is layout, not data. Replace it by its cells'
 * contents, innermost first.
 */
function unwrapLayoutTables($: CheerioRoot, scope: cheerio.Cheerio<AnyNode>): void {
  for (const table of scope.find("table").get().reverse()) {
    const $table = $(table);
    const layout =
      $table.find("td p, td h1, td h2, td h3, td div, td table, td ul, td ol").length > 0 ||
      $table.is("[cellpadding], [cellspacing], [width], [role=presentation]");
    if (!layout) continue;
    const cells = $table.find("td, th").filter((_, td) => $(td).closest("table").get(0) === table);
    $table.replaceWith(
      cells
        .map((_, td) => $(td).html() ?? "")
        .get()
        .join("\n"),
    );
  }
}

/** The element holding the writing: the most specific container a publisher marks as such. */
function contentRoot($: CheerioRoot): cheerio.Cheerio<AnyNode> {
  for (const selector of [
    "[itemprop=articleBody]",
    ".post-content",
    ".entry-content",
    ".body.markup",
    ".available-content",
    "article",
    "main",
    "[role=main]",
  ]) {
    const found = $(selector).first();
    if (found.length && textOf($, found.get(0)!).length > 40) return found;
  }
  return $("body").length ? $("body") : $.root();
}

function parseSingle($: CheerioRoot, file: SourceFile): ParsedIssue[] {
  const base = pageUrl($);
  const headline = $("h1").first();
  const pageTitle = $("title").first().text().replace(/\s+/g, " ").trim();
  const title =
    meta($, "og:title", "twitter:title") ??
    (headline.length ? textOf($, headline.get(0)!) || undefined : undefined) ??
    // "Post title | Site name": the site's name isn't part of the issue's title.
    (pageTitle.replace(/\s+[|–—·]\s+[^|–—·]{1,60}$/, "") || undefined);
  // The page title often carries the numbering the headline leaves out ("Issue 12: …").
  const numbered = title && parseTitle(title).number == null ? parseTitle(pageTitle) : undefined;
  const subtitle =
    $("h3.subtitle, h2.subtitle, .subtitle").first().text().trim() || meta($, "og:description", "description");
  const publishedAt = toDate(
    meta($, "article:published_time", "datePublished", "date", "dc.date", "pubdate") ??
      $("time[datetime]").first().attr("datetime"),
  );
  const root = contentRoot($);
  root.find(CHROME).remove();
  unwrapLayoutTables($, root);
  // The title (and a subtitle heading) appear on the page as well; the issue shows them once.
  root
    .find("h1")
    .first()
    .filter((_, el) => textOf($, el) === title)
    .remove();
  root.find(".subtitle").remove();
  resolveRelativeUrls($, root, base);
  const html = root.is("body") || root.length === 0 ? (root.html() ?? "") : $.html(root);
  if (!title) throw new Error("no title found (no <title>, <h1> or og:title)");
  return [
    {
      sourcePath: file.path,
      title,
      number: numbered?.number,
      series: numbered?.number != null ? numbered.series : undefined,
      subtitle: subtitle || undefined,
      publishedAt,
      sourceUrl: base,
      html,
    },
  ];
}

/** `as` forces one reading: "book" fails when no numbered sections are found; "post" never splits. */
export function parseHtml(file: SourceFile, as?: "book" | "post"): ParsedIssue[] {
  const source = decodeText(file);
  if (!/<[a-z!][\s\S]*>/i.test(source)) throw new Error("not HTML: no tags found");
  // htmlparser2 (not parse5): lenient with broken markup and much faster on large pages.
  const $ = cheerio.load(source, HTML_OPTIONS);
  const headings = as === "post" ? undefined : findBookHeadings($);
  if (as === "book" && !headings)
    throw new Error(`not a book: fewer than ${MIN_BOOK_SECTIONS} numbered headings (like "Issue 12: …") at one level`);
  return headings ? parseBook($, file, headings) : parseSingle($, file);
}

export { toDate, absoluteUrl };
