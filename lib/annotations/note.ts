/**
 * A reader's note is Markdown they typed; it is only ever shown as HTML that
 * passed this allow-list: text formatting, lists, quotes, code and links, with
 * no scripts, handlers, styles, images or frames.
 */
import { marked } from "marked";
import sanitizeHtml from "sanitize-html";

export const NOTE_MAX_LENGTH = 10_000;

export function renderNote(markdown: string): string {
  if (!markdown.trim()) return "";
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  const clean = sanitizeHtml(html, {
    allowedTags: ["p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a"],
    allowedAttributes: { a: ["href", "rel", "target"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowProtocolRelative: false,
    disallowedTagsMode: "escape",
    transformTags: {
      // Links in notes are the reader's, not ours: no referrer, no ranking credit.
      a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer ugc", target: "_blank" }),
    },
  });
  return clean.trim();
}
