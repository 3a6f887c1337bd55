/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one issue per item/entry, its full
 * content when the feed carries it (content:encoded, Atom content, whether
 * escaped HTML or inline XHTML), else its
 * description. The item's link is the issue's source URL, so an issue read
 * from a feed and later from the web page is the same issue.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { ParsedIssue, SourceFile } from "../types";
import { absoluteUrl, resolveRelativeHtml, toDate } from "./html";
import { yearInTitle } from "../dates";
import { decodeEntities, decodeText } from "./text";
import { escapeHtml } from "@/lib/text/html";

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => ["item", "entry", "link", "category"].includes(name),
});

/**
 * Atom's `type="xhtml"` text constructs are markup, not text: the main parser
 * (objects keyed by tag name) loses their order, so they are read again with
 * order preserved and whitespace kept, and serialized back to HTML.
 */
const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
});

/** A node of the ordered parse: `{ "#text": … }`, or `{ [tag]: children, ":@"?: attributes }`. */
type OrderedNode = Record<string, unknown>;

const VOID_ELEMENTS = new Set(["area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"]);

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ":@" && k !== "#text");
}

function attributesOf(node: OrderedNode): Record<string, string> {
  return (node[":@"] as Record<string, string> | undefined) ?? {};
}

function childrenOf(node: OrderedNode | undefined, tag: string): OrderedNode[] {
  const children = node?.[tag];
  return Array.isArray(children) ? (children as OrderedNode[]) : [];
}

/** XHTML nodes as HTML: namespace prefixes and declarations dropped, text and attributes escaped again. */
function serializeXhtml(nodes: OrderedNode[]): string {
  let html = "";
  for (const node of nodes) {
    if ("#text" in node) {
      html += escapeHtml(String(node["#text"]));
      continue;
    }
    const tag = tagOf(node);
    if (!tag || tag.startsWith("?")) continue;
    const name = tag.replace(/^[\w-]+:/, "").toLowerCase();
    const attrs = Object.entries(attributesOf(node))
      .filter(([key]) => key !== "xmlns" && !key.startsWith("xmlns:"))
      .map(([key, value]) => ` ${key.replace(/^[\w-]+:/, "")}="${escapeHtml(String(value))}"`)
      .join("");
    html += VOID_ELEMENTS.has(name)
      ? `<${name}${attrs}>`
      : `<${name}${attrs}>${serializeXhtml(childrenOf(node, tag))}</${name}>`;
  }
  return html;
}

/** The text in XHTML nodes, as a reader sees it (entities decoded, tags gone). */
function xhtmlText(nodes: OrderedNode[]): string {
  return nodes
    .map((n) => ("#text" in n ? String(n["#text"]) : tagOf(n) ? xhtmlText(childrenOf(n, tagOf(n)!)) : ""))
    .join("");
}

/** The nodes of an xhtml text construct: the contents of its one wrapping <div> (RFC 4287 §3.1.1.3). */
function xhtmlConstruct(node: OrderedNode | undefined): OrderedNode[] | undefined {
  if (!node || attributesOf(node).type !== "xhtml") return undefined;
  const children = childrenOf(node, tagOf(node)!);
  const elements = children.filter((c) => !("#text" in c));
  const wrapper =
    elements.length === 1 && tagOf(elements[0]!)?.replace(/^[\w-]+:/, "") === "div" ? elements[0]! : undefined;
  return wrapper ? childrenOf(wrapper, tagOf(wrapper)!) : children;
}

/** An entry's xhtml title, content and summary: HTML, and the summary's and title's text too. */
type XhtmlParts = { title?: string; content?: string; summary?: string; summaryText?: string };

function orUndefined(text: string): string | undefined {
  return text.trim() || undefined;
}

/** Each Atom entry's xhtml text constructs, in entry order (only read when the feed has any). */
function readXhtmlEntries(text: string): XhtmlParts[] {
  if (!/\btype\s*=\s*["']xhtml["']/.test(text)) return [];
  const root = orderedParser.parse(text) as OrderedNode[];
  const feed = root.find((n) => tagOf(n) === "feed");
  return childrenOf(feed, "feed")
    .filter((n) => tagOf(n) === "entry")
    .map((entry) => {
      const parts = childrenOf(entry, "entry");
      const find = (tag: string) => xhtmlConstruct(parts.find((n) => tagOf(n) === tag));
      const [title, content, summary] = [find("title"), find("content"), find("summary")];
      return {
        title: title && orUndefined(xhtmlText(title).replace(/\s+/g, " ")),
        content: content && orUndefined(serializeXhtml(content)),
        summary: summary && orUndefined(serializeXhtml(summary)),
        summaryText: summary && orUndefined(xhtmlText(summary).replace(/\s+/g, " ")),
      };
    });
}

/** The text of a node that may be a string, a CDATA/text wrapper or an array of them. */
function textOf(value: unknown): string | undefined {
  if (value == null) return undefined;
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === "object") return textOf((value as XmlNode)["#text"]);
  return undefined;
}

/** An Atom text construct as HTML: `type="text"` is text (a "<" in it is a character, not a tag). */
function htmlOf(value: unknown): string | undefined {
  const text = textOf(value);
  const node = Array.isArray(value) ? value[0] : value;
  const type = node && typeof node === "object" ? (node as XmlNode)["@_type"] : undefined;
  return text !== undefined && type === "text" ? escapeHtml(text) : text;
}

/** HTML as the text a reader sees: tags out, character references decoded, whitespace collapsed. */
function stripTags(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

/** A title: text (Atom `type="text"`) as it is, HTML (RSS, Atom `html`) as its text. */
function titleText(value: unknown): string {
  const text = textOf(value) ?? "";
  const node = Array.isArray(value) ? value[0] : value;
  const type = node && typeof node === "object" ? (node as XmlNode)["@_type"] : undefined;
  return type === "text" ? text.replace(/\s+/g, " ").trim() : stripTags(text);
}

/** Atom: the `alternate` link (or the first one without a rel); RSS: the <link> text. */
function linkOf(links: unknown): string | undefined {
  if (!Array.isArray(links)) return textOf(links);
  for (const link of links) {
    if (typeof link === "string") return link.trim() || undefined;
    const node = link as XmlNode;
    const rel = node["@_rel"];
    if ((rel == null || rel === "alternate") && typeof node["@_href"] === "string") return node["@_href"];
    const text = textOf(node);
    if (text) return text;
  }
  return undefined;
}

function validate(text: string): void {
  const result = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (result !== true)
    throw new Error(`malformed XML: ${result.err.msg} (line ${result.err.line}, column ${result.err.col})`);
}

export function looksLikeFeed(head: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<\?[^>]*>\s*|<!DOCTYPE[^>]*>\s*)*<(rss|feed|rdf:RDF)\b/i.test(head);
}

export function parseFeed(file: SourceFile): ParsedIssue[] {
  const text = decodeText(file).replace(/^\uFEFF/, "");
  validate(text);
  const doc = parser.parse(text) as XmlNode;
  const rss = doc.rss as XmlNode | undefined;
  const rdf = doc["rdf:RDF"] as XmlNode | undefined;
  const atom = doc.feed as XmlNode | undefined;
  const channel = (rss?.channel ?? rdf?.channel) as XmlNode | undefined;
  const items = ((rss ? channel?.item : rdf ? rdf.item : atom?.entry) ?? []) as XmlNode[];
  if (!rss && !rdf && !atom) throw new Error("not a feed: no <rss>, <feed> or <rdf:RDF> element");
  const feedLink = linkOf(atom?.link) ?? textOf(channel?.link);
  const base = /^https?:\/\//i.test(file.path) ? file.path : feedLink;
  const xhtml = atom ? readXhtmlEntries(text) : [];
  // A feed named for its year dates its undated items.
  const sourceDate = yearInTitle(titleText(channel?.title ?? atom?.title));

  return items.map((item, i) => {
    const x = xhtml[i] ?? {};
    // An xhtml construct first: the main parse would find only its loose text, if any.
    const title = x.title ?? titleText(item.title);
    const link = absoluteUrl(linkOf(item.link), base);
    const guid = textOf(item.guid) ?? textOf(item.id);
    const full = textOf(item["content:encoded"]) ?? x.content ?? htmlOf(item.content);
    const summary = textOf(item.description) ?? x.summary ?? htmlOf(item.summary);
    const html = full ?? summary ?? "";
    // When the full text is there, a short description is the issue's subtitle.
    const summaryText = summary && summary === x.summary ? x.summaryText : summary && stripTags(summary);
    const subtitle = full && summaryText && summaryText.length <= 300 ? summaryText : undefined;
    const date = toDate(
      textOf(item.pubDate) ?? textOf(item.published) ?? textOf(item["dc:date"]) ?? textOf(item.updated),
    );
    return {
      sourcePath: file.path,
      sourceLabel: `item ${i + 1}${title ? `: ${title}` : ""}`,
      title,
      subtitle: subtitle || undefined,
      publishedAt: date,
      sourceUrl: link ?? (guid && /^https?:\/\//i.test(guid) ? guid : undefined),
      html: link ? resolveRelativeHtml(html, link) : html,
      ...(sourceDate ? { sourceDate } : {}),
      ...(title ? {} : { failure: "item has no title" }),
    };
  });
}
