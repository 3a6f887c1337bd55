/**
 * Sanitizing ingested HTML. Whatever a source contains, what leaves this module
 * has only allow-listed tags and attributes: no scripts, iframes, event
 * handlers or inline styles; external links open safely; images keep alt text.
 *
 * It also undoes what email delivery does to writing: tracking links are
 * unwrapped to their destination (or dropped, keeping their words), and tag
 * fragments that a converter left as literal text are removed.
 */
import sanitizeHtml from "sanitize-html";
import { describeLinkChange, unwrapLink } from "./links";

const allowedTags = [
  "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
  "ul", "ol", "li", "blockquote", "pre", "code",
  "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small", "abbr", "cite", "q",
  "a", "img", "figure", "figcaption",
  "table", "thead", "tbody", "tr", "th", "td",
];

/** What cleaning took out, for `--verbose`. */
export type Removal = { reason: string; text: string };

function isExternal(href: string): boolean {
  return /^(https?:)?\/\//i.test(href);
}

/** `<td>`, `</a>`, `<img src="…">` typed out as text: a converter's leftovers, never writing. */
const TAG_TEXT = /<\/?[a-zA-Z][\w:-]*(?:\s+[\w:-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s*\/?>/g;
/** `" rel="" target="_blank" data-x="…">`: the end of a tag whose start was lost. */
const ATTRIBUTE_TAIL_TEXT = /"?(?:\s+[\w:-]+="[^"]*")+\s*\/?>/g;
const URL_TEXT = /\bhttps?:\/\/[^\s<>"')\]]+/g;

function cleanText(text: string, removals: Removal[]): string {
  let out = text;
  if (out.includes("<") || out.includes('="')) {
    out = out.replace(TAG_TEXT, (m) => {
      removals.push({ reason: "HTML fragment", text: m });
      return "";
    });
    out = out.replace(ATTRIBUTE_TAIL_TEXT, (m) => {
      removals.push({ reason: "HTML fragment", text: m });
      return "";
    });
  }
  if (out.includes("://")) {
    out = out.replace(URL_TEXT, (url) => {
      const link = unwrapLink(url);
      if (link.kind === "kept") return url;
      removals.push({ reason: describeLinkChange(link), text: url });
      return link.href ?? "";
    });
  }
  return out;
}

/** Tracking pixels, and "images" whose address is a page anchor: nothing to see. */
function isNotAnImage(attribs: Record<string, string>): boolean {
  const src = attribs.src ?? "";
  if (!src) return true;
  if (attribs.width === "1" || attribs.height === "1") return true;
  if (src.includes("#")) return true;
  return unwrapLink(src).kind === "dropped" || /\/(open|track\/open|e\/o)(\.\w+)?\b/i.test(new URL(src, "https://x.invalid").pathname);
}

/** Elements dropped with everything in them: named in `--verbose`, as nothing of them is left to see. */
const UNSAFE_TAGS = new Set(["script", "style", "iframe", "object", "embed", "form"]);

export function sanitizeIssueHtml(html: string, removals: Removal[] = []): string {
  return sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: {
      a: ["href", "title", "rel", "target"],
      img: ["src", "alt", "title", "width", "height"],
      abbr: ["title"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https", "data"] },
    allowProtocolRelative: false,
    // An issue has one title (the page's h1); headings inside it start at h2.
    transformTags: {
      h1: "h2",
      a: (tagName, attribs) => {
        const next: Record<string, string> = { ...attribs };
        let href = (attribs.href ?? "").trim();
        if (href) {
          const link = unwrapLink(href);
          if (link.kind !== "kept") removals.push({ reason: describeLinkChange(link), text: href });
          if (!link.href) {
            // A tracker with no recoverable destination: keep the words, lose the link
            // (normalise unwraps href-less anchors; renaming the tag here would confuse
            // sanitize-html's matching of closing tags).
            return { tagName, attribs: {} };
          }
          href = link.href;
          next.href = href;
        }
        if (isExternal(href)) {
          next.rel = "noopener noreferrer";
          next.target = "_blank";
        } else {
          delete next.target;
          delete next.rel;
        }
        return { tagName, attribs: next };
      },
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, alt: attribs.alt ?? "" } }),
    },
    textFilter: (text) => cleanText(text, removals),
    onOpenTag: (name, attribs) => {
      if (!UNSAFE_TAGS.has(name)) return;
      const src = attribs.src ?? attribs.data ?? attribs.action;
      removals.push({ reason: "unsafe HTML", text: src ? `<${name}> ${src}` : `<${name}>` });
    },
    exclusiveFilter: (frame) => {
      // Links and paragraphs left empty by cleaning carry nothing.
      if ((frame.tag === "a" || frame.tag === "p" || frame.tag === "li") && !frame.text.trim() && !frame.mediaChildren.length) return true;
      if (frame.tag === "img" && isNotAnImage(frame.attribs)) {
        removals.push({ reason: "not an image", text: frame.attribs.src ?? "" });
        return true;
      }
      return false;
    },
  });
}
