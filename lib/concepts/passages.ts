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
  /** The block is in one of the bundled sample issues. */
  sample?: boolean;
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

/** "X is a…", "X are the…", "X is when…": a definition (an evaluation, "X is great", is not). */
const DEFINES = /^\s*(?:\([^)]*\)\s*)?,?\s*(?:is|are|was)\s+(?:(?:simply|basically|essentially|really|just|often|usually|also|not)\s+)?(?:a|an|the|when|how|what|where|about|one|any|our|my|your|some|that|this)\b/i;
/** "X means…", "X refers to…", "X happens when…": an explanation of what X is. */
const EXPLAINS = /^\s*(?:\([^)]*\)\s*)?,?\s*(?:means|meant|refers to|describes|stands for|(?:is|are) defined as|happens when|occurs when|(?:is|are) like|involves|(?:is|are) all about|helps|lets|allows|enables|forces|encourages|requires|creates|gives|makes)\b/i;
/** X as the subject of what the writer says about it: "X can…", "X tends to…", "X works when…". */
const SAYS = /^\s*(?:\([^)]*\)\s*)?,?\s*(?:is|are|was|were|can|could|will|would|should|must|may|might|tends? to|needs? to|has|have|had|works?|matters?|starts?|becomes?|brings?|keeps?|shows?|seems?|provides?|reduces?|increases?)\b/i;
/** "X: a way to…", "X — the habit of…": a definition only where X opens the sentence (else the colon explains the clause). */
const DEFINING_PUNCTUATION = /^\s*(?:\([^)]*\)\s*)?(?:=|:|\u2014|-{1,2})\s+/;
/** "X, a practice borrowed from…, …": an apposition that says what X is. */
const APPOSITION = /^\s*,\s*(?:a|an|the)\s+[^,.;]{3,90}[,.;]/i;
const INTRODUCED = /(?:what (?:I|we) (?:like to |often )?call|(?:I|we) call(?: (?:this|it))?|known as|called|aka|a\.k\.a\.|the (?:idea|concept|notion|practice|principle|definition|gist|essence) of|think of|by)\s*["'\u201C\u2018]?\s*$/i;
/** "X are self-organizing and cross-functional": the properties that make X what it is. */
const DESCRIBES = /^\s*(?:is|are)\s+(?:\w+ly\s+)?[\w-]+(?:ing|al|ive|ed|ous|ent|ant|ible|able|ic)\s*(?:,|and|or)\s+[\w-]+/i;
/** "The notion that people have a dominant learning style … is still widespread": the idea stated whole. */
const NOTION = /^\s*(?:the\s+)?(?:notion|idea|belief|theory|premise|claim)\s+that\s+[^.;:]{0,140}$/i;
/** "Annie: …", "Me: …": a line of dialogue, not the writer explaining. */
const SPEAKER = /^\s*[A-Z][\w.]*(?: [A-Z][\w.]*)?:\s/;

function scorePassage(c: PassageCandidate, sentence: string, offsetInSentence: number, mentionLength: number): number {
  let score = 0;
  const before = sentence.slice(0, offsetInSentence);
  const after = sentence.slice(offsetInSentence + mentionLength);
  const opensSentence = /^\s*(?:["'\u201C\u2018*(]|the |a |an |(?:so|but|and|yet),? )?\s*$/i.test(before);
  if (DEFINES.test(after)) score += opensSentence ? 7 : 3;
  else if (EXPLAINS.test(after) || DESCRIBES.test(after)) score += opensSentence ? 5 : 2;
  // ("Lean UX: Applying Lean Principles…" in a reading list is a book's subtitle, not a definition.)
  else if (opensSentence && DEFINING_PUNCTUATION.test(after) && c.block.kind !== "li") score += 6;
  else if (opensSentence && APPOSITION.test(after)) score += 5;
  else if (opensSentence && SAYS.test(after)) score += 2.5;
  if (INTRODUCED.test(before)) score += 5;
  else if (NOTION.test(before)) score += 4;
  if (opensSentence) score += 1;
  if (c.boldLead) score += 4;
  const previous = c.previous;
  if (previous && /^h[234]$/.test(previous.kind) && c.block.text.length > 60) score += 2;
  // One item of a list ("decision making, continuous improvement, and prioritization frameworks"): named, not explained.
  if (/,\s*$/.test(before) || (/^\s*,/.test(after) && !APPOSITION.test(after)) || /\b(?:and|or)\s+$/.test(before)) score -= 2.5;
  const length = sentence.length;
  if (length >= 60 && length <= 320) score += 1.5;
  else if (length < 40) score -= 3;
  else if (length > 450) score -= 3;
  if (/\?["'\u201D\u2019)]*\s*$/.test(sentence)) score -= 3;
  if (/!["'\u201D\u2019)]*\s*$/.test(sentence)) score -= 1;
  // Quoted speech is someone else's words (often a complaint), not the writer's explanation —
  // unless it is a source's definition the writer quotes ("Scrum Teams are self-organizing…").
  if (c.block.kind === "quote") score -= opensSentence && (DEFINES.test(after) || EXPLAINS.test(after) || DESCRIBES.test(after)) ? 1 : 4;
  if (c.block.kind === "li" && !c.boldLead) score -= 1.5;
  if (/^h[234]$/.test(c.block.kind)) score -= 8;
  if (SPEAKER.test(c.block.text) && c.start > 0) score -= 2;
  // The issue about the concept is where the writer explains it.
  if (c.rankInIssue === 1) score += 3;
  else if (c.rankInIssue <= 3) score += 2;
  else if (c.rankInIssue <= 10) score += 0.5;
  return score;
}

type Chosen = { issueId: number; blockId: string; text: string };

/**
 * The best passage among those offered, one at a time (so a large archive needn't keep every
 * mention's passage until the end). On equal scores the earlier issue wins, then the first offered.
 */
export class PassageChooser {
  /** The best of the author's own issues, and the best of the bundled samples (used only if there is no other). */
  private best: (Chosen & { score: number; at: number }) | null = null;
  private bestSample: (Chosen & { score: number; at: number }) | null = null;

  offer(c: PassageCandidate): void {
    const text = c.block.text;
    const [rawFrom, to] = sentenceAround(text, c.start, c.end);
    const from = rawFrom + (text.slice(rawFrom, to).length - text.slice(rawFrom, to).trimStart().length);
    const sentence = text.slice(from, to).trim();
    const score = scorePassage(c, sentence, c.start - from, c.end - c.start);
    const at = c.publishedAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
    const current = c.sample ? this.bestSample : this.best;
    if (current && !(score > current.score || (score === current.score && at < current.at))) return;
    const chosen = { score, at, issueId: c.issueId, blockId: c.block.id, text: passageText(c, sentence, to) };
    if (c.sample) this.bestSample = chosen;
    else this.best = chosen;
  }

  /** The chosen passage (the samples' only when no issue of the author's mentions it), or null when there is nothing but headings. */
  result(): Chosen | null {
    const best = this.best ?? this.bestSample;
    if (!best || best.score < -5) return null;
    return { issueId: best.issueId, blockId: best.blockId, text: best.text };
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
