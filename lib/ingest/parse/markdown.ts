/**
 * Markdown, with or without YAML frontmatter (title, date, number, slug, url,
 * subtitle), including Markdown that came out of an email export: raw HTML
 * fragments, link syntax broken by the converter, list items indented into
 * what Markdown would read as code. The repairs only touch syntax that is
 * broken, so well-formed Markdown passes through unchanged.
 */
import matter from "gray-matter";
import { Marked } from "marked";
import path from "node:path";
import type { Removal } from "../clean";
import type { ParsedIssue, SourceFile } from "../types";
import { parsePartialDate, type PartialDate } from "../dates";
import { decodeText } from "./text";

function datedFields(date: PartialDate | undefined): Pick<ParsedIssue, "publishedAt" | "datePrecision"> {
  return date ? { publishedAt: date.date, datePrecision: date.precision } : {};
}

const marked = new Marked({ gfm: true, async: false });
// Email exports indent list items and continuation lines by four or more spaces;
// read that way, they'd become code blocks. Fenced code still works.
const emailMarked = new Marked({ gfm: true, async: false }, { tokenizer: { code: () => undefined } });

type Frontmatter = Record<string, unknown>;

function asString(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number") return String(value);
  return undefined;
}

/** A frontmatter date: a full one, or only a year or month (`date: 2020`, `date: 2020-05`, `year: 2020`). */
function frontmatterDate(data: Frontmatter): PartialDate | undefined {
  const partial =
    typeof data.date === "number" || typeof data.date === "string" ? parsePartialDate(data.date) : undefined;
  if (partial) return partial;
  const full = asDate(data.date);
  if (full) return { date: full, precision: "day" };
  const year = parsePartialDate(data.year);
  return year?.precision === "year" ? year : undefined;
}

function asDate(value: unknown): Date | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  const text = asString(value);
  if (!text) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function dateFromFileName(file: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(path.basename(file));
  return m ? asDate(m[1]) : undefined;
}

/** The last segment of a `path`/`url` frontmatter value, as publishers use it for slugs. */
function slugFromPath(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const last = value
    .replace(/[?#].*$/, "")
    .replace(/\/+$/, "")
    .split("/")
    .pop();
  return last || undefined;
}

/** Signs that Markdown was converted from an email's HTML rather than written as Markdown. */
export function looksLikeEmailExport(source: string): boolean {
  return /data-saferedirecturl|<\/?(td|tr|tbody|table)\b|\/redirect\/[0-9a-f-]{20,}|mso-|&nbsp;|\]\([^)\s]*"\s+[\w-]+=/i.test(
    source,
  );
}

/**
 * `](URL" rel="" target="_blank" data-x="…">`: a Markdown link target that ran
 * on into the attributes of the <a> tag it was converted from. Only after `](`:
 * a URL that is an attribute value inside a well-formed tag (`<a href="URL">`,
 * `<img src="URL" alt="…">`) is inline HTML, left whole for the sanitizer.
 */
const ATTRIBUTE_TAIL = /\]\((https?:\/\/[^\s"<>()]+)("(?:\s+[\w:-]+="[^"]*")*\s*\/?>)/g;
/** Table and layout tags: in a newsletter they only ever held the email's layout. */
const LAYOUT_TAGS = /<\/?(?:table|tbody|thead|tfoot|tr|td|th|div|span|font|center|o:p|col|colgroup)\b[^>]*>/gi;
/** What the export leaves of its email's markup, and the <a> tags that tell a stray `</a>` from a closing one. */
const FRAGMENTS = new RegExp(`${ATTRIBUTE_TAIL.source}|${LAYOUT_TAGS.source}|<a(?:\\s|$)|</a>`, "gi");
const LINK_TARGET = /\]\(\s*<?([^\s()<>]+(?:\([^\s()]*\))?[^\s()<>]*)>?(?:\s+"[^"]*")?\s*\)/g;
const LINE_PREFIX = /^(\s{0,3}(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)*)/;

/**
 * How many `[` are left open before position `end` on a line (images and links alike), counting
 * those left open by the paragraph's earlier lines (`carried`): a link wrapped over two lines is whole.
 */
function openBrackets(line: string, end: number, carried = 0): number {
  let depth = carried;
  for (let i = 0; i < end; i += 1) {
    const c = line[i];
    if (c === "\\") i += 1;
    else if (c === "[") depth += 1;
    else if (c === "]" && depth > 0) depth -= 1;
  }
  return depth;
}

/**
 * A link missing its `[`: `## Title](url)` has exactly one reading (the whole
 * heading is the link); `… some words](url)` mid-sentence doesn't, so the
 * target is dropped and the words stay.
 */
function repairLinkLine(line: string, removals: Removal[], carried: number): string {
  let out = line;
  for (let guard = 0; guard < 20; guard += 1) {
    LINK_TARGET.lastIndex = 0;
    let fixed = false;
    let m: RegExpExecArray | null;
    while ((m = LINK_TARGET.exec(out))) {
      if (openBrackets(out, m.index, carried) > 0) continue;
      const prefix = LINE_PREFIX.exec(out)?.[1] ?? "";
      const text = out.slice(prefix.length, m.index);
      // Only a heading or a short list item/line is unambiguously the link's text.
      const short = /#/.test(prefix) || (text.length <= 80 && !/[.!?;]\s/.test(text));
      const wholeLine =
        short && m.index + m[0].length === out.trimEnd().length && text.trim() !== "" && !/[[\]]/.test(text);
      if (wholeLine) {
        out = `${prefix}[${text}](${m[1]})${out.slice(m.index + m[0].length)}`;
      } else {
        removals.push({ reason: "broken link target dropped", text: shorten(m[1]!) });
        out = out.slice(0, m.index) + out.slice(m.index + m[0].length);
      }
      fixed = true;
      break;
    }
    if (!fixed) break;
  }
  return out;
}

/**
 * `**Experiment. **It's`, `*really *work`: editors that export Markdown (Medium's, email converters) put the
 * space after a bold phrase inside its closing `**`, which then can't close anything and
 * shows as two asterisks. The space goes after the delimiter instead.
 */
function repairStrongSpacing(line: string): string {
  if (!line.includes("*")) return line;
  return line
    .replace(/\*\*(\S(?:[^*\n]*?\S)?)([ \t\u00a0]+)\*\*(?=[\p{L}\p{N}(“"'‘])/gu, "**$1**$2")
    .replace(/(?<![*\p{L}\p{N}])\*(?![*\s])((?:[^*\n]*?[^*\s])?)([ \t\u00a0]+)\*(?=[\p{L}\p{N}(“"'‘])/gu, "*$1*$2");
}

/** A removed fragment as `--verbose` shows it: short, on one line. */
function shorten(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A blockquote line: its `>` prefix and its words. */
const QUOTE_LINE = /^(\s{0,3}(?:>\s?)+)(.*)$/;
/**
 * Where the block after a quote was glued onto it: the end of a sentence (or of a parenthesis,
 * a quotation, an emphasis) followed with no space by the start of a new one (`…and respond.This
 * requires`, `…(source)What is`, `…hours!”#### Heading`).
 */
const QUOTE_GLUE =
  /(?:(?:\p{Ll}[*_)\]”"’]*|\d[*_)\]”"’]+)[.!?…]+[”"’)\]*_]*|[\p{Ll}\d.!?…]\*?[”")\]]+[*_]*)(?=(?:\*\*|__|[*_“"[])?\p{Lu}\p{Ll})|[^\s#](?=#{1,6} )/gu;
/** A link's target (`](https://…)`), which a sentence may end before but never inside. */
const LINK_TARGET_SPAN = /\]\([^)\s]*(?:\([^)\s]*\)[^)\s]*)*\)/g;
/** Other spans no sentence ends in: bare addresses, inline code, inline HTML tags. */
const NOT_PROSE = /(?<!\]\()https?:\/\/\S+|`[^`]*`|<[^>]*>/g;

/**
 * `> …and then respond.This requires…`: an exporter (Medium's, converted to Markdown) that glued
 * the paragraph or heading after a blockquote onto the quote's last line, so the writer's own
 * words would be stored as part of the quote. Such a line is split where the first sentence runs
 * into the next with no space, and what follows leaves the quote as a block of its own (with any
 * lines that continued it without a `>`). Only the quote's last `>` line, and only where the
 * quoted part's emphasis and brackets are closed.
 */
function splitGluedQuote(line: string, next: string | undefined): string {
  const quote = QUOTE_LINE.exec(line);
  if (!quote || (next !== undefined && /^\s{0,3}>/.test(next))) return line;
  const [, prefix, words] = quote as unknown as [string, string, string];
  // A link's target reads as the link's closing bracket (`…respond.](url)This` ends at the link).
  const prose = words
    .replace(LINK_TARGET_SPAN, (m) => "]".repeat(m.length))
    .replace(NOT_PROSE, (m) => " ".repeat(m.length));
  // Brackets (as openBrackets counts them) and emphasis marks before each candidate split, counted
  // as the splits advance: a long quote line with many candidates costs one pass, not one per split.
  let depth = 0;
  let stars = 0;
  let w = 0;
  let p = 0;
  QUOTE_GLUE.lastIndex = 0;
  for (let m = QUOTE_GLUE.exec(prose); m; m = QUOTE_GLUE.exec(prose)) {
    const at = m.index + m[0].length;
    for (; w < at; w += 1) {
      const c = words[w];
      if (c === "\\") w += 1;
      else if (c === "[") depth += 1;
      else if (c === "]" && depth > 0) depth -= 1;
    }
    for (; p < at; p += 1) if (prose[p] === "*") stars += 1;
    if (depth > 0 || stars % 2 !== 0) continue;
    return `${prefix}${words.slice(0, at)}\n\n${words.slice(at)}`;
  }
  return line;
}

/**
 * Repairs an email export's Markdown line by line (fenced code is left alone).
 * What a repair removes, rather than rewrites, is added to `removals`.
 */
export function repairMarkdown(body: string, removals: Removal[] = []): string {
  let inFence = false;
  // Links opened by inline HTML and not yet closed, and `[` not yet closed: neither outlives its paragraph.
  let openLinks = 0;
  let brackets = 0;
  const lines = body.split("\n");
  return lines
    .map((line, i) => {
      if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
      if (inFence) return line;
      if (!line.trim()) {
        openLinks = 0;
        brackets = 0;
      }
      const dropped: string[] = [];
      // One pass, so fragments are reported in the order they appear.
      const out = line.replace(FRAGMENTS, (match, url: string | undefined, tail: string | undefined) => {
        if (url) {
          dropped.push(tail!);
          return `](${url})`;
        }
        const tag = match.toLowerCase();
        if (tag.startsWith("<a")) {
          openLinks += 1;
          return match;
        }
        // A closing </a> with no link open is what's left of a link the export split.
        if (tag === "</a>" && openLinks > 0) {
          openLinks -= 1;
          return match;
        }
        dropped.push(match);
        return "";
      });
      if (dropped.length) removals.push({ reason: "email HTML fragment", text: shorten(dropped.join("")) });
      const repaired = repairStrongSpacing(repairLinkLine(out, removals, brackets));
      brackets = openBrackets(repaired, repaired.length, brackets);
      return splitGluedQuote(repaired, lines[i + 1]);
    })
    .join("\n");
}

/** What js-yaml throws: a reason, and where (0-based, counted from the end of the opening `---`). */
type YamlError = Error & { reason?: string; mark?: { line: number } };

/**
 * Frontmatter and body. A YAML error becomes one line a writer can act on:
 * js-yaml's message spans several lines (a caret under the source) and words
 * the commonest mistake, a title with a colon in it, as a missing key node.
 */
function readFrontmatter(source: string): { data: Frontmatter; content: string } {
  try {
    return matter(source) as unknown as { data: Frontmatter; content: string };
  } catch (err) {
    const yaml = err as YamlError;
    if (yaml?.name !== "YAMLException") throw err;
    // The YAML starts on the opening `---` line, after the dashes: mark.line 1 is the file's line 2.
    const lineNo = (yaml.mark?.line ?? 0) + 1;
    const line = source.split(/\r?\n/)[lineNo - 1] ?? "";
    const colon = /^\s*([\w-]+):\s+([^"'\s[{|>].*?:\s.*)$/.exec(line);
    if (colon) {
      const [, key, value] = colon;
      throw new Error(
        `invalid YAML frontmatter (line ${lineNo}): the ${key} value has an unquoted ": "; quote values that contain ": " (${key}: "${value!.trim()}")`,
      );
    }
    const reason = (yaml.reason ?? yaml.message).split(/;|\n/)[0]!.trim();
    throw new Error(`invalid YAML frontmatter (line ${lineNo}): ${reason}`);
  }
}

export function parseMarkdown(file: SourceFile): ParsedIssue[] {
  const source = decodeText(file);
  const { data, content } = readFrontmatter(source);
  const email = looksLikeEmailExport(content);
  const removed: Removal[] = [];
  let body = repairMarkdown(content, removed);

  let title = asString(data.title);
  // Without a frontmatter title, a leading `# Heading` is the title.
  const heading = /^\s*#\s+(.+?)\s*#*\s*$/m.exec(body);
  if (heading && body.slice(0, heading.index).trim() === "") {
    const headingText = heading[1]!.trim();
    if (!title || headingText === title) {
      title = headingText;
      body = body.slice(heading.index + heading[0].length);
    }
  }
  if (!title) {
    title = path
      .basename(file.path)
      .replace(/\.(md|markdown|mdx|txt)$/i, "")
      .replace(/^\d{4}-\d{2}-\d{2}-/, "");
  }

  const url = asString(data.url) ?? asString(data.canonical_url);
  const fileDate = dateFromFileName(file.path);
  const numberValue = asString(data.number) ?? asString(data.issue);
  const number = numberValue && /^\d+$/.test(numberValue) ? Number(numberValue) : undefined;

  return [
    {
      sourcePath: file.path,
      title,
      subtitle: asString(data.subtitle) ?? asString(data.description),
      number,
      series: asString(data.series),
      ...datedFields(frontmatterDate(data) ?? (fileDate ? { date: fileDate, precision: "day" as const } : undefined)),
      slug: asString(data.slug) ?? slugFromPath(asString(data.path)) ?? slugFromPath(url),
      sourceUrl: url,
      html: (email ? emailMarked : marked).parse(body, { async: false }),
      ...(removed.length ? { removed } : {}),
    },
  ];
}
