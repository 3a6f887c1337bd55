/**
 * Choosing the passage that best explains a concept: among the sentences that
 * mention it, the one that reads most like a definition ("X is…", "what I call
 * X", a bold lead-in naming X, the paragraph under a heading naming X).
 */
import type { Block } from "@/db/schema";

export type PassageCandidate = {
  issueId: number;
  block: Block;
  /** The block right before this one in its issue (a heading it sits under). */
  previous: Block | undefined;
  /** Mention offsets within the block. */
  start: number;
  end: number;
  /** How central the concept is to this issue (its rank there, 1 = top). */
  rankInIssue: number;
  publishedAt: Date | null;
  /** The block opens with this concept in bold. */
  boldLead: boolean;
};

/** How far from a mention a sentence boundary is looked for: a longer "sentence" is cut there. */
const SENTENCE_REACH = 1500;

/** Sentence bounds around [start, end) in text, looked for within SENTENCE_REACH of the mention (so a huge block costs no more). */
export function sentenceAround(text: string, start: number, end: number): [number, number] {
  const boundary = /[.!?]["'\u201D\u2019)]*\s+(?=["'\u201C\u2018(]?[A-Z0-9])/g;
  const windowStart = Math.max(0, start - SENTENCE_REACH);
  const windowEnd = Math.min(text.length, end + SENTENCE_REACH);
  const window = text.slice(windowStart, windowEnd);
  let from = windowStart;
  let to = windowEnd;
  for (const m of window.matchAll(boundary)) {
    const at = windowStart + m.index;
    const cut = at + m[0].length;
    if (cut <= start) from = cut;
    else if (at >= end) {
      to = at + m[0].trimEnd().length;
      break;
    }
  }
  return [from, to];
}

const DEFINING_AFTER = /^\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:is|are|means|refers to|describes|was)\s+(?:a|an|the|when|how|what|about|that|simply|basically|essentially|really)?/i;
/** "X: a way to…", "X — the habit of…": a definition only where X opens the sentence (else the colon explains the clause). */
const DEFINING_PUNCTUATION = /^\s*(?:\([^)]*\)\s*)?(?:=|:|\u2014|-{1,2})\s+/;
const DEFINING_BEFORE = /(?:what I call|we call|I call|known as|called|the idea of|the concept of|by)\s*["'\u201C\u2018]?\s*$/i;

function scorePassage(c: PassageCandidate, sentence: string, offsetInSentence: number, mentionLength: number): number {
  let score = 0;
  const before = sentence.slice(0, offsetInSentence);
  const after = sentence.slice(offsetInSentence + mentionLength);
  const opensSentence = /^\s*(?:["'\u201C\u2018*]|the |a |an )?\s*$/i.test(before);
  const defining = DEFINING_AFTER.test(after) || (opensSentence && DEFINING_PUNCTUATION.test(after));
  if (defining) score += opensSentence ? 6 : 3;
  if (DEFINING_BEFORE.test(before)) score += 4;
  if (opensSentence) score += 1;
  if (c.boldLead) score += 4;
  const previous = c.previous;
  if (previous && /^h[234]$/.test(previous.kind) && c.block.text.length > 60) score += 2;
  const length = sentence.length;
  if (length >= 50 && length <= 320) score += 1.5;
  else if (length < 30) score -= 2;
  else if (length > 450) score -= 3;
  if (/\?\s*$/.test(sentence)) score -= 2.5;
  if (c.block.kind === "quote") score -= 1.5;
  if (/^h[234]$/.test(c.block.kind)) score -= 6;
  if (c.rankInIssue <= 3) score += 1.5;
  else if (c.rankInIssue <= 10) score += 0.5;
  return score;
}

type Chosen = { issueId: number; blockId: string; text: string };

/**
 * The best passage among those offered, one at a time (so a large archive needn't keep every
 * mention's passage until the end). On equal scores the earlier issue wins, then the first offered.
 */
export class PassageChooser {
  private best: (Chosen & { score: number; at: number }) | null = null;

  offer(c: PassageCandidate): void {
    const text = c.block.text;
    const [from, to] = sentenceAround(text, c.start, c.end);
    const sentence = text.slice(from, to).trim();
    const score = scorePassage(c, sentence, c.start - from, c.end - c.start);
    const at = c.publishedAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
    if (this.best && !(score > this.best.score || (score === this.best.score && at < this.best.at))) return;
    this.best = { score, at, issueId: c.issueId, blockId: c.block.id, text: passageText(c, sentence, to) };
  }

  /** The chosen passage, or null when there is nothing but headings. */
  result(): Chosen | null {
    if (!this.best || this.best.score < -4) return null;
    return { issueId: this.best.issueId, blockId: this.best.blockId, text: this.best.text };
  }
}

/** What a reader is shown of a passage: the sentence, or more of the block where that reads better. */
function passageText(c: PassageCandidate, sentence: string, sentenceEnd: number): string {
  const text = c.block.text;
  let passage = sentence;
  // A bold lead-in's block is itself the explanation: take the block.
  if (c.boldLead && text.length <= 600) passage = text;
  else if (passage.length < 90 && sentenceEnd < text.length) {
    // A short defining sentence reads better with the one that follows.
    const [from] = sentenceAround(text, c.start, c.end);
    const [, nextTo] = sentenceAround(text, sentenceEnd + 1, sentenceEnd + 2);
    passage = text.slice(from, nextTo).trim();
  }
  passage = passage.replace(/\*\*/g, "");
  if (passage.length > 600) passage = `${passage.slice(0, 597).replace(/\s+\S*$/, "")}…`;
  return passage;
}

/** The best passage, or null when there is nothing but headings. */
export function choosePassage(candidates: PassageCandidate[]): Chosen | null {
  const chooser = new PassageChooser();
  for (const c of candidates) chooser.offer(c);
  return chooser.result();
}
