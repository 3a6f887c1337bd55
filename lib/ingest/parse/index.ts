/**
 * Choosing a parser: by the name of the file, else by its first bytes; or as
 * the author forces it with `--format`.
 */
import path from "node:path";
import { fetchLimited, readFileLimited, type Source } from "../sources";
import type { ParsedIssue, SourceFile } from "../types";
import { parseHtml } from "./html";
import { parseMarkdown } from "./markdown";

export const INPUT_FORMATS = ["markdown", "html", "book", "post"] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** The format a file's name or first bytes (or an HTTP content type) suggest. */
export function detectFormat(name: string, bytes: Buffer, contentType = ""): InputFormat {
  const ext = path.extname(name.replace(/[?#].*$/, "")).toLowerCase();
  if ([".md", ".markdown", ".mdx", ".txt"].includes(ext)) return "markdown";
  if ([".html", ".htm", ".xhtml"].includes(ext)) return "html";
  if (/html/i.test(contentType)) return "html";
  const head = bytes.subarray(0, 2048).toString("utf8").replace(/^\uFEFF/, "");
  if (/^\s*(<!doctype html|<html|<head|<body|<article|<div|<table|<p[\s>])/i.test(head)) return "html";
  return "markdown";
}

export async function parseSource(source: Source, forced?: InputFormat): Promise<ParsedIssue[]> {
  let file: SourceFile;
  let contentType = "";
  if (source.kind === "url") {
    const fetched = await fetchLimited(source.path);
    file = { path: source.path, bytes: fetched.bytes };
    contentType = fetched.contentType;
  } else {
    file = { path: source.path, bytes: await readFileLimited(source.path) };
  }
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
  }
}
