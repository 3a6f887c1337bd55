/** Markdown, with or without YAML frontmatter (title, date, number, slug, url, subtitle). */
import matter from "gray-matter";
import { marked } from "marked";
import path from "node:path";
import type { ParsedIssue, SourceFile } from "../types";

type Frontmatter = Record<string, unknown>;

function asString(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number") return String(value);
  return undefined;
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
  const last = value.replace(/[?#].*$/, "").replace(/\/+$/, "").split("/").pop();
  return last || undefined;
}

export function parseMarkdown(file: SourceFile): ParsedIssue[] {
  const source = file.bytes.toString("utf8");
  const { data, content } = matter(source) as unknown as { data: Frontmatter; content: string };
  let body = content;

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
    title = path.basename(file.path).replace(/\.(md|markdown)$/i, "").replace(/^\d{4}-\d{2}-\d{2}-/, "");
  }

  const url = asString(data.url) ?? asString(data.canonical_url);
  const numberValue = asString(data.number) ?? asString(data.issue);
  const number = numberValue && /^\d+$/.test(numberValue) ? Number(numberValue) : undefined;

  return [
    {
      sourcePath: file.path,
      title,
      subtitle: asString(data.subtitle) ?? asString(data.description),
      number,
      series: asString(data.series),
      publishedAt: asDate(data.date) ?? dateFromFileName(file.path),
      slug: asString(data.slug) ?? slugFromPath(asString(data.path)) ?? slugFromPath(url),
      sourceUrl: url,
      html: marked.parse(body, { async: false, gfm: true }),
    },
  ];
}
