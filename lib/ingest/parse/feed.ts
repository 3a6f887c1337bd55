/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one issue per item/entry, its full
 * content when the feed carries it (content:encoded, Atom content), else its
 * description. The item's link is the issue's source URL, so an issue read
 * from a feed and later from the web page is the same issue.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { ParsedIssue, SourceFile } from "../types";
import { absoluteUrl, resolveRelativeHtml, toDate } from "./html";
import { decodeUtf8 } from "./text";

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

/** The text of a node that may be a string, a CDATA/text wrapper or an array of them. */
function textOf(value: unknown): string | undefined {
  if (value == null) return undefined;
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === "object") return textOf((value as XmlNode)["#text"]);
  return undefined;
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, " ").replace(/&nbsp;/g, " ").replace(/\s+/g, " ").trim();
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
  if (result !== true) throw new Error(`malformed XML: ${result.err.msg} (line ${result.err.line}, column ${result.err.col})`);
}

export function looksLikeFeed(head: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<\?[^>]*>\s*|<!DOCTYPE[^>]*>\s*)*<(rss|feed|rdf:RDF)\b/i.test(head);
}

export function parseFeed(file: SourceFile): ParsedIssue[] {
  const text = decodeUtf8(file).replace(/^\uFEFF/, "");
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

  return items.map((item, i) => {
    const title = textOf(item.title) ?? "";
    const link = absoluteUrl(linkOf(item.link), base);
    const guid = textOf(item.guid) ?? textOf(item.id);
    const full = textOf(item["content:encoded"]) ?? textOf(item.content);
    const summary = textOf(item.description) ?? textOf(item.summary);
    const html = full ?? summary ?? "";
    // When the full text is there, a short description is the issue's subtitle.
    const subtitle = full && summary && summary.length <= 300 ? stripTags(summary) : undefined;
    const date = toDate(textOf(item.pubDate) ?? textOf(item.published) ?? textOf(item["dc:date"]) ?? textOf(item.updated));
    return {
      sourcePath: file.path,
      sourceLabel: `item ${i + 1}${title ? `: ${title}` : ""}`,
      title: stripTags(title),
      subtitle: subtitle || undefined,
      publishedAt: date,
      sourceUrl: link ?? (guid && /^https?:\/\//i.test(guid) ? guid : undefined),
      html: link ? resolveRelativeHtml(html, link) : html,
      ...(title ? {} : { failure: "item has no title" }),
    };
  });
}
