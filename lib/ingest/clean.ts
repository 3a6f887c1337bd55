/**
 * Sanitizing ingested HTML. Whatever a source contains, what leaves this module
 * has only allow-listed tags and attributes: no scripts, iframes, event
 * handlers or inline styles; external links open safely; images keep alt text.
 *
 * It also undoes what email delivery does to writing: tracking links are
 * unwrapped to their destination (or dropped, keeping their words), tracking
 * pixels are dropped, and (in `cleanText`, on the decoded text) tag fragments
 * that a converter left as literal text are removed.
 */
import sanitizeHtml from "sanitize-html";
import { withoutInvisible } from "@/lib/text/invisible";
import { describeLinkChange, unwrapLink } from "./links";

const allowedTags = [
  "p",
  "br",
  "hr",
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
  "code",
  "em",
  "strong",
  "b",
  "i",
  "u",
  "s",
  "del",
  "ins",
  "sub",
  "sup",
  "mark",
  "small",
  "abbr",
  "cite",
  "q",
  "a",
  "img",
  "figure",
  "figcaption",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
];

/** What cleaning took out, for `--verbose`. */
export type Removal = { reason: string; text: string };

function isExternal(href: string): boolean {
  return /^(https?:)?\/\//i.test(href);
}

/** The elements whose tags converters leave behind as text; `<as>` or `<name>` in a sentence is writing. */
const HTML_TAG_NAMES =
  "a|abbr|b|blockquote|body|br|center|code|col|colgroup|dd|div|dl|dt|em|figcaption|figure|font|h[1-6]|head|hr|html|i|img|li|link|meta|o:p|ol|p|pre|s|small|source|span|strong|style|sub|sup|table|tbody|td|tfoot|th|thead|title|tr|u|ul|v:\\w+|w:\\w+";
/** `<td>`, `</a>`, `<img src="…">` typed out as text: a converter's leftovers, never writing. */
const TAG_TEXT = new RegExp(
  `<\\/?(?:${HTML_TAG_NAMES})(?:\\s+[\\w:-]+(?:\\s*=\\s*(?:"[^"]*"|'[^']*'|[^\\s"'>]+))?)*\\s*\\/?>`,
  "gi",
);
/** `" rel="" target="_blank" data-x="…">`: the end of a tag whose start was lost. */
const ATTRIBUTE_TAIL_TEXT = /"?(?:\s+[\w:-]+="[^"]*")+\s*\/?>/g;
const URL_TEXT = /\bhttps?:\/\/[^\s<>"')\]]+/g;

/**
 * Text as a reader sees it (character references decoded), without what email delivery
 * left in it: tag fragments typed out as text, and tracking redirects written as bare
 * URLs, unwrapped to their destination. Run on every text node outside code
 * (lib/ingest/normalise.ts), where `<td>` is someone's example, not debris.
 */
export function cleanText(text: string, removals: Removal[]): string {
  // Invisible characters first: they split the words the rules below look for.
  let out = withoutInvisible(text);
  // Bold markers Markdown couldn't pair ("the archetype **STCA (**Systems"): never meant to be read.
  if (out.includes("**")) out = out.replace(/\*\*+/g, "");
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

/** A width or height of 0 or 1 pixel ("1", "1px", "0"): an image nobody is meant to see. */
function isPixelSize(value: string | undefined): boolean {
  return value != null && /^\s*[01](\.0+)?\s*(px)?\s*$/i.test(value);
}

/** Paths of the open-tracking images mail services put in newsletters (Mailchimp, SendGrid, Substack, HubSpot…). */
const TRACKER_PATH =
  /\/(open|opened|track\/open|e\/o|wf\/open|o\/[\w-]+|pixel|beacon|tracking[_-]?pixel|t\.gif|o\.gif|p\.gif|spacer\.gif|blank\.gif|trk|emimp)(\.\w+)?(\/|$)/i;
const TRACKER_HOST =
  /(^|\.)(list-manage\.com|mailtrack\.io|mixmax\.com|sendgrid\.net|mandrillapp\.com|mailgun\.org|hubspotemail\.net|pixel\.[\w.-]+|open\.[\w.-]+|email\.[\w.-]+)$/i;

/** Tracking pixels, and "images" whose address is a page anchor: nothing to see, and a reader's visit reported. */
function isNotAnImage(attribs: Record<string, string>): boolean {
  const src = attribs.src ?? "";
  if (!src) return true;
  if (isPixelSize(attribs.width) || isPixelSize(attribs.height)) return true;
  if (src.includes("#")) return true;
  if (unwrapLink(src).kind === "dropped") return true;
  const url = new URL(src, "https://x.invalid");
  if (TRACKER_PATH.test(url.pathname)) return true;
  // A tracker's host serving an image with a query of ids and no image file name.
  return TRACKER_HOST.test(url.hostname) && !/\.(png|jpe?g|gif|webp|avif|svg)$/i.test(url.pathname);
}

/** Elements dropped with everything in them: named in `--verbose`, as nothing of them is left to see. */
const UNSAFE_TAGS = new Set(["script", "style", "iframe", "object", "embed", "form"]);

export function sanitizeIssueHtml(html: string, removals: Removal[] = []): string {
  return sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: {
      a: ["href", "title", "rel", "target"],
      img: ["src", "alt", "title", "width", "height", "loading", "decoding", "referrerpolicy"],
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
      img: (tagName, attribs) => ({
        tagName,
        attribs: {
          ...attribs,
          alt: attribs.alt ?? "",
          // Below the fold, images wait until the reader gets there.
          loading: "lazy",
          decoding: "async",
          // An image on another site isn't told which issue the reader is on.
          ...(isExternal(attribs.src ?? "") ? { referrerpolicy: "no-referrer" } : {}),
        },
      }),
    },
    onOpenTag: (name, attribs) => {
      if (!UNSAFE_TAGS.has(name)) return;
      const src = attribs.src ?? attribs.data ?? attribs.action;
      removals.push({ reason: "unsafe HTML", text: src ? `<${name}> ${src}` : `<${name}>` });
    },
    exclusiveFilter: (frame) => {
      // Links and paragraphs left empty by cleaning carry nothing.
      if (
        (frame.tag === "a" || frame.tag === "p" || frame.tag === "li") &&
        !frame.text.trim() &&
        !frame.mediaChildren.length
      )
        return true;
      if (frame.tag === "img" && isNotAnImage(frame.attribs)) {
        removals.push({ reason: "not an image", text: frame.attribs.src ?? "" });
        return true;
      }
      return false;
    },
  });
}
