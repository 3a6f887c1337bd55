/**
 * Step 1 of extraction: which text of an issue extraction reads at all. Prose blocks (not code),
 * up to LIMITS.maxIssueChars; minus boilerplate (the same block in many issues: a sign-off is no
 * evidence of what the writing is about, however often it says "subscribe") and minus blocks
 * that are mostly other issues' titles (a "related posts" list cites names, it doesn't give
 * them). Every later step reads issues through `prepareIssues`, so they all skip the same blocks.
 */
import type { Block } from "@/db/schema";
import { baseId, recurrenceThreshold } from "@/lib/ingest/boilerplate";
import { LIMITS } from "./limits";
import { KeyTrie } from "./match";
import { tokenize, type Token } from "./tokens";
import type { IssueText } from "./types";

/** Mentions in an issue's title carry this block id: the issue page's <h1 id="issue-title">. */
export const TITLE_BLOCK_ID = "issue-title";

/**
 * The blocks extraction reads of an issue: prose (not code), up to LIMITS.maxIssueChars in all.
 * A block straddling the limit is cut at a word boundary (offsets within it stay valid).
 */
export function readableBlocks(blocks: Block[]): { blocks: Block[]; read: number; total: number } {
  const out: Block[] = [];
  let read = 0;
  let total = 0;
  for (const block of blocks) {
    if (block.kind === "pre") continue;
    total += block.text.length;
    const room = LIMITS.maxIssueChars - read;
    if (room <= 0) continue;
    if (block.text.length <= room) {
      out.push(block);
      read += block.text.length;
    } else {
      const cut = block.text.slice(0, room).replace(/\S*$/, "");
      if (cut.trim()) out.push({ ...block, text: cut, end: block.start + cut.length });
      read += room;
    }
  }
  return { blocks: out, read, total };
}

/** The blocks extraction skips: boilerplate (by base block id) and blocks citing other issues' titles (`issueId:blockId`). */
export type SkippedBlocks = { boilerplate: Set<string>; references: Set<string> };

export function findSkippedBlocks(ordered: IssueText[]): SkippedBlocks {
  return { boilerplate: findBoilerplateBlocks(ordered), references: findReferenceBlocks(ordered, ordered) };
}

/**
 * The blocks extraction skips in issues read after the archive's statistics were drawn (extract.ts's
 * tail): boilerplate as those statistics judged it (`boilerplate`), and blocks citing the titles of
 * `titled` (every issue).
 */
export function skippedInTail(boilerplate: Set<string>, tail: IssueText[], titled: TitledIssue[]): SkippedBlocks {
  return { boilerplate, references: findReferenceBlocks(tail, titled) };
}

export function isSkipped(skipped: SkippedBlocks, issueId: number, blockId: string): boolean {
  return skipped.boilerplate.has(baseId(blockId)) || skipped.references.has(`${issueId}:${blockId}`);
}

/**
 * The same block (ids derive from content) in many issues, by ingest's recurrence rule and its
 * base id (`baseId`: a duplicate within an issue gets a `-2` suffix, and a hash may itself be all
 * digits, so stripping any trailing `-digits` would make every such block one "recurring" id).
 */
function findBoilerplateBlocks(ordered: IssueText[]): Set<string> {
  const blockIssues = new Map<string, number>();
  for (const issue of ordered) {
    for (const id of new Set(issue.blocks.map((b) => baseId(b.id))))
      blockIssues.set(id, (blockIssues.get(id) ?? 0) + 1);
  }
  const boilerplateMin = recurrenceThreshold(ordered.length);
  return new Set([...blockIssues].filter(([, c]) => c >= boilerplateMin).map(([id]) => id));
}

/**
 * Blocks that are mostly other issues' titles: "related posts" lists, "Link:" lines, a post
 * that lists the writer's other posts. Their capitalised runs ("B2B SaaS Tips", "Gentle
 * Reminders") are titles cited in passing, not names the writing gives; they are read like
 * boilerplate. A block cites a title when the title's words (three or more) run through it, and
 * cited titles cover at least half of its words.
 */
export type TitledIssue = { id: number; title: string };

function findReferenceBlocks(checked: IssueText[], titled: TitledIssue[]): Set<string> {
  const titles = new KeyTrie();
  for (const issue of titled) {
    // A title of two sentences ("Complexity Is a Startup Killer. Don't Grow Up") is cited a sentence
    // at a time, its sentences cut where the tokenizer cuts them: the full stop of "vs." ends none
    // ("Acute vs. Chronic Product Issues" is one) (12j).
    const parts: string[][] = [];
    for (const t of tokenize(issue.title)) {
      if (t.breakBefore || parts.length === 0) parts.push([]);
      parts[parts.length - 1]!.push(t.norm);
    }
    for (const tokens of parts) if (tokens.length >= 3) titles.add(tokens, issue.id);
  }
  const out = new Set<string>();
  for (const issue of checked) {
    // (A damaged row, a block without text, is left to candidate extraction to report.)
    for (const block of readableBlocks(issue.blocks.filter((b) => typeof b.text === "string")).blocks) {
      if (block.kind !== "li" && block.kind !== "p") continue;
      const tokens = tokenize(block.text);
      if (tokens.length === 0 || tokens.length > 80) continue;
      let covered = 0;
      let opens = false;
      for (const m of titles.longestMatches(tokens)) {
        if (m.value === issue.id) continue;
        covered += m.to - m.from;
        if (m.from === 0) opens = true;
      }
      // Mostly titles, or a title with its excerpt ("Quit Planning Ahead… *As product people, we…*").
      if (covered * 2 >= tokens.length || opens) out.add(`${issue.id}:${block.id}`);
    }
  }
  return out;
}

/**
 * An issue's blocks as the passes read them. Tokens are not kept: every issue's tokens at once
 * would be the largest thing in memory (~0.5 GB at 10,000 issues), so each pass that needs them
 * tokenizes one issue at a time.
 */
export type Prepared = {
  issue: IssueText;
  blocks: { block: Block; boilerplate: boolean }[];
  titleTokens: Token[];
};

/** The issues extraction reads; one whose candidates could not be extracted is left out altogether: its text is what failed. */
export function prepareIssues(ordered: IssueText[], skipped: SkippedBlocks, failed: Set<number>): Prepared[] {
  return ordered
    .filter((issue) => !failed.has(issue.id))
    .map((issue) => ({
      issue,
      blocks: readableBlocks(issue.blocks).blocks.map((block) => ({
        block,
        boilerplate: isSkipped(skipped, issue.id, block.id),
      })),
      titleTokens: tokenize(issue.title),
    }));
}
