/**
 * A reader's note is Markdown they typed; it is only ever shown as HTML that
 * passed this allow-list: text formatting, lists, quotes, code and links, with
 * no scripts, handlers, styles, images or frames.
 *
 * Notes are checked and rendered once, when they are written, and the HTML is
 * stored beside the Markdown: Markdown rendering is recursive (a note of
 * thousands of nested `>` overflows the stack) and can be slow on adversarial
 * input, so it must never run while a page is being shown to someone else.
 */
import { marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { findUnsafeCharacter } from "@/lib/api/text";

export const NOTE_MAX_LENGTH = 10_000;
/** Quotes and lists inside each other, counted together. Real notes rarely go past three. */
export const NOTE_MAX_NESTING = 10;
/** Longest run of one emphasis character (`***bold italic***` is three). */
const MAX_EMPHASIS_RUN = 3;

/** A note that can't be stored, with a message for the reader that names the problem. */
export class NoteError extends Error {}

const fence = /^ {0,3}(`{3,}|~{3,})/;
const thematicBreak = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const containerMarker = /^(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*/;

/** How many quotes and lists the line sits in: its markers, plus indentation when it starts a nested item. */
function containerDepth(line: string): number {
  const indent = /^[ \t]*/.exec(line)![0];
  let rest = line.slice(indent.length);
  let markers = 0;
  for (let m = containerMarker.exec(rest); m && m[0].length > 0; m = containerMarker.exec(rest)) {
    markers += 1;
    rest = rest.slice(m[0].length);
  }
  if (markers === 0) return 0;
  const width = [...indent].reduce((w, c) => w + (c === "\t" ? 4 : 1), 0);
  return markers + Math.floor(width / 2);
}

/** The longest run of `*`, `_` or `~` outside code, thematic breaks and fences. */
function longestEmphasisRun(line: string): number {
  if (thematicBreak.test(line)) return 0;
  const outsideCode = line.replace(/(`+)[\s\S]*?\1/g, "");
  let longest = 0;
  for (const m of outsideCode.matchAll(/\*+|_+|~+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

/**
 * Why `markdown` can't be a note, or null when it can. Checks what is cheap to
 * check and explains it precisely; rendering (below) is the final word.
 */
export function findNoteProblem(markdown: string): string | null {
  if (markdown.length > NOTE_MAX_LENGTH) {
    return `Notes are at most ${NOTE_MAX_LENGTH.toLocaleString("en")} characters (this one has ${markdown.length.toLocaleString("en")}).`;
  }
  const unsafe = findUnsafeCharacter(markdown, { allowNewlines: true });
  if (unsafe) return `The note contains ${unsafe}; remove it and save again.`;
  let inFence: string | null = null;
  for (const [i, line] of markdown.split(/\r\n|\r|\n/).entries()) {
    const open = fence.exec(line);
    if (inFence) {
      if (open && open[1]!.startsWith(inFence)) inFence = null;
      continue;
    }
    if (open) {
      inFence = open[1]!;
      continue;
    }
    const depth = containerDepth(line);
    if (depth > NOTE_MAX_NESTING) {
      return `Quotes and lists in a note can be nested at most ${NOTE_MAX_NESTING} deep; line ${i + 1} is ${depth} deep.`;
    }
    if (longestEmphasisRun(line) > MAX_EMPHASIS_RUN) {
      return `Line ${i + 1} of the note has more than ${MAX_EMPHASIS_RUN} *, _ or ~ in a row; use at most ${MAX_EMPHASIS_RUN} for emphasis.`;
    }
  }
  return null;
}

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a"],
  allowedAttributes: { a: ["href", "rel", "target"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "escape",
  transformTags: {
    // Links in notes are the reader's, not ours: no referrer, no ranking credit.
    a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer ugc", target: "_blank" }),
  },
};

/** Markdown → sanitized HTML. Throws on input the Markdown parser can't handle (see renderNoteForStorage). */
function renderNote(markdown: string): string {
  if (!markdown.trim()) return "";
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return sanitizeHtml(html, sanitizeOptions).trim();
}

/** The note as plain text in paragraphs: what is shown when its Markdown can't be rendered. */
export function plainNoteHtml(markdown: string): string {
  const text = markdown.trim();
  if (!text) return "";
  const escapeText = (s: string) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return text
    .split(/(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)+/)
    .map((p) => `<p>${escapeText(p).replace(/\r\n|\r|\n/g, "<br>")}</p>`)
    .join("");
}

/**
 * Check and render a note being written. Throws NoteError (a 400 for the API)
 * naming the problem, so nothing that fails to render is ever stored.
 */
export function renderNoteForStorage(markdown: string): string {
  const problem = findNoteProblem(markdown);
  if (problem) throw new NoteError(problem);
  try {
    return renderNote(markdown);
  } catch (err) {
    if (err instanceof RangeError) {
      throw new NoteError(
        "The note's formatting is nested too deeply to display. Simplify its quotes, lists or emphasis.",
      );
    }
    throw new NoteError("The note's formatting couldn't be displayed. Simplify it and save again.");
  }
}

/** A stored note written before notes were rendered on write: its HTML, or its plain text when it can't be rendered. */
export function renderLegacyNote(markdown: string): string {
  try {
    if (findNoteProblem(markdown)) return plainNoteHtml(markdown);
    return renderNote(markdown);
  } catch {
    return plainNoteHtml(markdown);
  }
}
