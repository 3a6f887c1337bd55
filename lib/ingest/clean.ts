/**
 * Sanitizing ingested HTML. Whatever a source contains, what leaves this module
 * has only allow-listed tags and attributes: no scripts, iframes, event
 * handlers or inline styles; external links open safely; images keep alt text.
 */
import sanitizeHtml from "sanitize-html";

const allowedTags = [
  "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
  "ul", "ol", "li", "blockquote", "pre", "code",
  "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small", "abbr", "cite", "q",
  "a", "img", "figure", "figcaption",
  "table", "thead", "tbody", "tr", "th", "td",
];

function isExternal(href: string): boolean {
  return /^(https?:)?\/\//i.test(href);
}

export function sanitizeIssueHtml(html: string): string {
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
        const href = attribs.href ?? "";
        const next: Record<string, string> = { ...attribs };
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
    exclusiveFilter: (frame) =>
      // Links and paragraphs left empty by cleaning carry nothing.
      (frame.tag === "a" || frame.tag === "p") && !frame.text.trim() && !frame.mediaChildren.length,
  });
}
