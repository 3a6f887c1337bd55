/**
 * Choosing a parser: by the name of the file, else by its first bytes (or an
 * HTTP content type); or as the author forces it with `--format`.
 */
import path from "node:path";
import { fetchLimited, readFileLimited, type Source } from "../sources";
import type { InputFormat, ParsedIssue, SourceFile } from "../types";
import { looksLikeFeed, parseFeed } from "./feed";
import { parseHtml } from "./html";
import { parseMarkdown } from "./markdown";
import { parseSubstackExport } from "./substack";
import { decodeHead } from "./text";

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The format a file's name or first bytes (or an HTTP content type) suggest. */
export function detectFormat(name: string, bytes: Buffer, contentType = ""): InputFormat {
  const ext = path.extname(name.replace(/[?#].*$/, "")).toLowerCase();
  if ([".md", ".markdown", ".mdx", ".txt"].includes(ext)) return "markdown";
  if (ext === ".zip" || bytes.subarray(0, 4).equals(ZIP_MAGIC)) return "substack";
  const head = decodeHead(bytes);
  if ([".xml", ".rss", ".atom"].includes(ext) || /(rss|atom)\+xml|\/xml/i.test(contentType) || looksLikeFeed(head))
    return "feed";
  if ([".html", ".htm", ".xhtml"].includes(ext) || /html/i.test(contentType)) return "html";
  if (/^\s*(<!doctype html|<html|<head|<body|<article|<div|<table|<p[\s>])/i.test(head)) return "html";
  return "markdown";
}

async function load(source: Source): Promise<{ file: SourceFile; contentType: string }> {
  if (source.kind === "url") {
    const fetched = await fetchLimited(source.path);
    return { file: { path: source.path, bytes: fetched.bytes }, contentType: fetched.contentType };
  }
  return { file: { path: source.path, bytes: await readFileLimited(source.path) }, contentType: "" };
}

export async function parseSource(source: Source, forced?: InputFormat): Promise<ParsedIssue[]> {
  if (source.kind === "export-dir") {
    if (forced && forced !== "substack") throw new Error(`a folder can't be read as ${forced}`);
    return parseSubstackExport(source.path, "dir");
  }
  // A zip is read from disk by the unzipper, entry by entry; don't load it whole.
  if (source.kind === "file" && (forced === "substack" || (!forced && /\.zip$/i.test(source.path)))) {
    return parseSubstackExport(source.path, "zip");
  }
  const { file, contentType } = await load(source);
  if (file.bytes.length === 0) throw new Error("file is empty");
  const format = forced ?? detectFormat(source.path, file.bytes, contentType);
  switch (format) {
    case "markdown":
      return parseMarkdown(file);
    case "html":
      return parseHtml(file);
    case "book":
      return parseHtml(file, "book");
    case "post":
      return parseHtml(file, "post");
    case "feed":
      return parseFeed(file);
    case "substack":
      if (source.kind === "file") return parseSubstackExport(source.path, "zip");
      throw new Error("a Substack export is read from a folder or a .zip file, not a URL");
  }
}
