/**
 * Which blocks extraction reads. Block ids are ingest's content hashes (`b-` + 10 hex digits,
 * `-2`… for a duplicate within an issue); about one hash in a hundred is all digits, and such a
 * block must be read like any other, not taken for boilerplate.
 */
import { describe, expect, it } from "vitest";
import type { Block } from "@/db/schema";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import { extractConcepts } from "@/lib/concepts/extract";
import { findSkippedBlocks, isSkipped } from "@/lib/concepts/reading";
import type { IssueText } from "@/lib/concepts/types";
import { blockId } from "@/lib/ingest/normalise";

/** The first variant of `text` (a number appended) whose ingest block id is all digits. */
function withDigitHash(text: string): { text: string; id: string } {
  for (let n = 1; n < 100_000; n++) {
    const variant = `${text} (Note ${n}.)`;
    const id = blockId(variant);
    if (/^b-\d+$/.test(id)) return { text: variant, id };
  }
  throw new Error("no all-digit hash found");
}

const TOPICS = [
  "A decision log keeps every choice beside the signal that would reverse it; our decision log is one page.",
  "We reread the decision log at each review, and the decision log shows which bets aged badly.",
  "Nobody reads a decision log that is longer than a page, so the decision log stays short.",
  "The decision log beat the wiki: a decision log is searchable, a wiki page is not.",
  "Writing the decision log takes five minutes; reading an old decision log saves hours.",
  "A team without a decision log argues the same point twice; with a decision log it argues once.",
];

function issues(): IssueText[] {
  return TOPICS.map((topic, i) => {
    const own = withDigitHash(topic);
    const other = `Issue ${i + 1} also talks about the weather, which changes.`;
    const blocks: Block[] = [
      { id: own.id, kind: "p", text: own.text, start: 0, end: own.text.length },
      {
        id: blockId(other),
        kind: "p",
        text: other,
        start: own.text.length + 2,
        end: own.text.length + 2 + other.length,
      },
    ];
    return {
      id: i + 1,
      slug: `log-${i + 1}`,
      title: `Notes ${i + 1}`,
      publishedAt: new Date(Date.UTC(2023, i, 1)),
      blocks,
      html: blocks.map((b) => `<p id="${b.id}">${b.text}</p>`).join(""),
    };
  });
}

describe("reading an issue's blocks", () => {
  it("reads a block whose hash is all digits: distinct blocks are never one 'recurring' block", () => {
    const corpus = issues();
    // Six different paragraphs, each with an all-digit id: none recurs.
    expect(new Set(corpus.map((i) => i.blocks[0]!.id)).size).toBe(6);
    const skipped = findSkippedBlocks(corpus);
    expect([...skipped.boilerplate]).toEqual([]);
    for (const issue of corpus) expect(isSkipped(skipped, issue.id, issue.blocks[0]!.id)).toBe(false);
    const result = extractConcepts({
      issues: corpus,
      candidates: new Map(corpus.map((i) => [i.id, extractIssueCandidates(i)])),
    });
    expect(result.boilerplateBlocks).toBe(0);
    const log = result.concepts.find((c) => c.key === "decision log");
    expect(log?.issues.map((r) => r.issueId).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("still skips the same block in many issues, and a duplicate within an issue (`-2`) counts as that block", () => {
    const corpus = issues();
    const footer = "Thanks for reading. Reply to this email with your questions.";
    const id = blockId(footer);
    corpus.forEach((issue, i) => {
      const ids = i === 0 ? [id, `${id}-2`] : [id];
      for (const bid of ids)
        issue.blocks.push({ id: bid, kind: "p", text: footer, start: 1000, end: 1000 + footer.length });
    });
    const skipped = findSkippedBlocks(corpus);
    expect([...skipped.boilerplate]).toEqual([id]);
    expect(isSkipped(skipped, 1, `${id}-2`)).toBe(true);
    expect(isSkipped(skipped, 1, corpus[0]!.blocks[0]!.id)).toBe(false);
  });
});
