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
const MIN_RECURRENCE = 3;
/**
 * …and in at least this share of them, so in a large back catalogue a list the
 * author reuses in a handful of posts isn't mistaken for furniture, while a
 * publisher's footer on a few percent of posts is.
 */
const MIN_RECURRENCE_SHARE = 0.02;

/**
 * The recurrence rule: in how many of `issues` issues a block must appear to be furniture. Ingest
 * (edge blocks, per source) and concept extraction (any block, whole corpus) count differently but
 * share this bar.
 */
export function recurrenceThreshold(issues: number): number {
  return Math.max(MIN_RECURRENCE, Math.ceil(issues * MIN_RECURRENCE_SHARE));
}

/**
 * Furniture sits at an issue's edges (a header, a sign-off, a footer): only the first and last
 * few blocks are counted, so a quote or a checklist item the author returns to mid-issue is
 * never taken for boilerplate, however often it recurs.
 */
const EDGE_BLOCKS = 3;

/** Headings recur as structure ("Notes", "Why it matters"), not as boilerplate. */
const RECURRENCE_KINDS = new Set<Block["kind"]>(["p", "li", "quote", "figure"]);

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
    const counted = blocks.filter((b) => RECURRENCE_KINDS.has(b.kind));
    const ids = new Set<string>();
    counted.forEach((block, i) => {
      if (i < EDGE_BLOCKS || i >= counted.length - EDGE_BLOCKS) ids.add(baseId(block.id));
    });
    for (const id of ids) this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }

  /** Issues of the group seen so far that carry this block at an edge. */
  count(id: string): number {
    return this.counts.get(id) ?? 0;
  }

  threshold(): number {
    return recurrenceThreshold(this.seen);
  }

  /** Ids at or over the threshold that `known` doesn't have yet (and the author hasn't `kept`), with their counts. */
  recurring(known: Map<string, string>, kept: ReadonlySet<string> = new Set()): Map<string, number> {
    const threshold = this.threshold();
    const found = new Map<string, number>();
    for (const [id, n] of this.counts) if (n >= threshold && !known.has(id) && !kept.has(id)) found.set(id, n);
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

/** Blocks learned as boilerplate in earlier runs, and those the author said are writing. */
export async function loadLearnedBoilerplate(db: Db): Promise<{ learned: Map<string, string>; kept: Set<string> }> {
  const rows = await db
    .select({ id: ingestBoilerplate.blockId, text: ingestBoilerplate.text, kept: ingestBoilerplate.kept })
    .from(ingestBoilerplate);
  return {
    learned: new Map(rows.filter((r) => !r.kept).map((r) => [r.id, r.text])),
    kept: new Set(rows.filter((r) => r.kept).map((r) => r.id)),
  };
}

const normaliseText = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

/**
 * Learned boilerplate whose text starts with `prefix` (case and spacing aside), to be kept as
 * writing from now on; marked so unless `dryRun`. Every prefix must match something: a typo
 * would otherwise look like it worked.
 */
export async function keepBoilerplate(db: Db, prefixes: string[], dryRun: boolean): Promise<Map<string, string>> {
  const kept = new Map<string, string>();
  if (prefixes.length === 0) return kept;
  const rows = await db.select({ id: ingestBoilerplate.blockId, text: ingestBoilerplate.text }).from(ingestBoilerplate);
  for (const prefix of prefixes) {
    const wanted = normaliseText(prefix);
    const matches = rows.filter((r) => wanted && normaliseText(r.text).startsWith(wanted));
    if (matches.length === 0)
      throw new BoilerplateKeepError(
        `no learned boilerplate starts with ${JSON.stringify(prefix)} (see what was removed with --verbose)`,
      );
    for (const m of matches) kept.set(m.id, m.text);
  }
  if (!dryRun)
    await db
      .update(ingestBoilerplate)
      .set({ kept: true })
      .where(inArray(ingestBoilerplate.blockId, [...kept.keys()]));
  return kept;
}

export class BoilerplateKeepError extends Error {}

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
