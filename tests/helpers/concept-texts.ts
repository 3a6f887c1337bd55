/** Small corpora for concept-extraction tests: issues from [title, paragraphs] pairs, and their concepts. */
import type { Block } from "@/db/schema";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import { extractConcepts } from "@/lib/concepts/extract";
import type { IssueText } from "@/lib/concepts/types";

/** A paragraph's text, or a block of another kind ("li", "h2"). */
export type Paragraph = string | { kind?: Block["kind"]; text: string };

/** IssueTexts from [title, paragraphs] pairs, numbered from 1, one a month from January 2022. */
export function issueTexts(items: [string, Paragraph[]][]): IssueText[] {
  return items.map(([title, paragraphs], i) => {
    const blocks: Block[] = paragraphs.map((paragraph, j) => {
      const { kind = "p", text } = typeof paragraph === "string" ? { text: paragraph } : paragraph;
      return { id: `t-${i}-${j}`, kind, text, start: 0, end: text.length };
    });
    return {
      id: i + 1,
      slug: `t-${i + 1}`,
      title,
      publishedAt: new Date(Date.UTC(2022, i % 12, 1)),
      blocks,
      html: blocks.map((b) => `<${b.kind} id="${b.id}">${b.text}</${b.kind}>`).join(""),
    };
  });
}

/** The concepts of these issues, every issue read for candidates as ingest reads it. */
export function extractFromTexts(issues: IssueText[]) {
  return extractConcepts({ issues, candidates: new Map(issues.map((i) => [i.id, extractIssueCandidates(i)])) });
}

/** One issue's own candidates, read as ingest reads it, from its title and [kind, text] blocks. */
export function issueCandidates(title: string, blocks: [Block["kind"], string][]) {
  const bs: Block[] = blocks.map(([kind, text], i) => ({ id: `b-${i}`, kind, text, start: 0, end: text.length }));
  return extractIssueCandidates({
    title,
    blocks: bs,
    html: bs.map((b) => `<${b.kind} id="${b.id}">${b.text}</${b.kind}>`).join("\n"),
  });
}
