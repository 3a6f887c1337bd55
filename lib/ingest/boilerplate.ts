/**
 * Boilerplate: blocks that are about the newsletter rather than part of an
 * issue — tip jars, "buy the book", sign-offs, "back to top". Two generic
 * signals, no knowledge of any one author:
 *
 *  - recurrence: a block whose exact text appears in many issues from the same
 *    source is furniture (block ids are content hashes, so counting ids is
 *    counting texts). Learned blocks are remembered (ingest_boilerplate) so a
 *    single issue ingested later is cleaned the same way as the back catalogue;
 *  - a short, configurable list of phrases that are boilerplate on sight. A
 *    block is dropped only when nothing but such phrases (and punctuation) is
 *    left in it, so a paragraph that merely mentions a tip survives.
 */
import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { ingestBoilerplate } from "@/db/schema";
import type { Block } from "@/db/schema";

export const DEFAULT_BOILERPLATE_PATTERNS: RegExp[] = [
  /\bfound this (?:helpful|useful|valuable)\??/gi,
  /\bleave (?:me )?a tip\b(?:\.{3}|…)?/gi,
  /\bbuy me a coffee\b/gi,
  /\b(?:purchase|buy)\b[^|.!?]{0,60}\b(?:epub|mobi|pdf|paperback|ebook|e-book|versions? of (?:the )?book)\b[^|.!?]{0,40}/gi,
  /\bback to (?:the )?(?:top|table of contents|contents|index)\b/gi,
  /\bdirect link to this (?:post|issue|article)\b/gi,
  /\b(?:view|read) (?:this (?:email|post|issue) )?in (?:your|a|the) browser\b/gi,
  /\bunsubscribe\b(?: here| from this list)?/gi,
  /\bupdate your (?:email )?preferences\b/gi,
  /\bforwarded this email\?\s*subscribe(?: here)?(?: for more)?/gi,
  /\bshare this (?:post|issue|email)\b/gi,
  /\bsubscribe(?: now| here| for free)?\b/gi,
];

/** A block must recur in at least this many issues of one source… */
export const MIN_RECURRENCE = 3;
/**
 * …and in at least this share of them, so in a large back catalogue a list the
 * author reuses in a handful of posts isn't mistaken for furniture, while a
 * publisher's footer on a few percent of posts is.
 */
export const MIN_RECURRENCE_SHARE = 0.02;

/** Headings recur as structure ("Notes", "Why it matters"), not as boilerplate. */
const RECURRENCE_KINDS = new Set<Block["kind"]>(["p", "li", "quote", "figure"]);

/** Compile user patterns given as text (CLI, config); invalid ones are reported, not ignored. */
export function compilePatterns(sources: string[]): RegExp[] {
  return sources.map((source) => {
    try {
      return new RegExp(source, "gi");
    } catch (err) {
      throw new Error(`invalid boilerplate pattern ${JSON.stringify(source)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

/** True when the text is nothing but boilerplate phrases, separators and punctuation. */
export function isBoilerplateText(text: string, patterns: RegExp[]): boolean {
  if (text.length > 300) return false;
  let rest = text;
  let matched = false;
  for (const re of patterns) {
    re.lastIndex = 0;
    rest = rest.replace(re, () => {
      matched = true;
      return " ";
    });
  }
  return matched && !/[\p{L}\p{N}]/u.test(rest);
}

/** The base id of a block (duplicates within one issue get a `-2` suffix). */
export function baseId(id: string): string {
  return id.replace(/^(b-[0-9a-f]+)-\d+$/, "$1");
}

/**
 * Counts, per block, how many of a group's issues carry it, as the issues
 * stream past; `recurring()` names blocks that reached the threshold for the
 * issues seen so far. Only ids and counts are kept, so a 10,000-issue group
 * costs a few megabytes.
 */
export class RecurrenceCounter {
  private counts = new Map<string, number>();
  private seen = 0;

  add(blocks: Block[]): void {
    this.seen += 1;
    const ids = new Set<string>();
    for (const block of blocks) if (RECURRENCE_KINDS.has(block.kind)) ids.add(baseId(block.id));
    for (const id of ids) this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }

  threshold(): number {
    return Math.max(MIN_RECURRENCE, Math.ceil(this.seen * MIN_RECURRENCE_SHARE));
  }

  /** Ids at or over the threshold that `known` doesn't have yet, with their counts. */
  recurring(known: Map<string, string>): Map<string, number> {
    const threshold = this.threshold();
    const found = new Map<string, number>();
    for (const [id, n] of this.counts) if (n >= threshold && !known.has(id)) found.set(id, n);
    return found;
  }
}

/** Block ids that recur across enough of these issues to be furniture (all at once; see RecurrenceCounter). */
export function findRecurringBlocks(issues: { blocks: Block[] }[]): Map<string, { text: string; n: number }> {
  const counter = new RecurrenceCounter();
  const texts = new Map<string, string>();
  for (const issue of issues) {
    counter.add(issue.blocks);
    for (const b of issue.blocks) texts.set(baseId(b.id), b.text);
  }
  const result = new Map<string, { text: string; n: number }>();
  for (const [id, n] of counter.recurring(new Map())) result.set(id, { text: texts.get(id) ?? "", n });
  return result;
}

/** Every block learned as boilerplate in earlier runs. */
export async function loadLearnedBoilerplate(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: ingestBoilerplate.blockId, text: ingestBoilerplate.text }).from(ingestBoilerplate);
  return new Map(rows.map((r) => [r.id, r.text]));
}

export async function rememberBoilerplate(db: Db, blocks: Map<string, { text: string; n: number }>): Promise<void> {
  if (blocks.size === 0) return;
  const values = [...blocks].map(([blockId, { text, n }]) => ({ blockId, text, occurrences: n }));
  await db
    .insert(ingestBoilerplate)
    .values(values)
    .onConflictDoUpdate({
      target: ingestBoilerplate.blockId,
      set: { occurrences: sql`greatest(${ingestBoilerplate.occurrences}, excluded.occurrences)` },
    });
}

export async function forgetBoilerplate(db: Db, blockIds: string[]): Promise<void> {
  if (blockIds.length) await db.delete(ingestBoilerplate).where(inArray(ingestBoilerplate.blockId, blockIds));
}
