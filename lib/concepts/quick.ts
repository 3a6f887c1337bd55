/**
 * The quick part of an ingest of a few added or edited issues: their mentions of the concepts
 * already chosen, placed and ranked in those issues alone, so the issues are readable and
 * searchable with their concepts at once. Which concepts exist, and every other issue's ranking,
 * depend on statistics over the whole archive that a new issue moves; that full derivation is
 * marked due (derivation.ts) and run after (a background pass, or `npm run concepts -- refresh`),
 * and it rewrites these rows as a rebuild would.
 *
 * The interim placement is the full one's simplified: the stored concepts' keys matched longest
 * first in the issue's prose, ranked by how the issue uses them (how often, how widely, how early,
 * whether the title names them).
 */
import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { concepts, issues, type Block } from "@/db/schema";
import { markDerivationPending } from "./derivation";
import { isTensionKey } from "./keys";
import { KeyTrie, longestMatches } from "./match";
import { readableBlocks, TITLE_BLOCK_ID } from "./reading";
import { tokenize } from "./tokens";
import { contextOf, insertIssueRows, moveCounts, tally, type MentionRow, type RankRow } from "./write";

/** Beyond this many changed issues a run takes the full path: the interim ranking is meant for a few. */
export const QUICK_MAX_ISSUES = 20;

export type QuickSummary = {
  issues: number;
  mentions: number;
  ranks: number;
  /** Concepts whose counts moved. */
  concepts: number;
  generation: number;
  durationMs: number;
};

type Use = { tf: number; blocks: Set<string>; first: number; inTitle: boolean };

// The issue-local weights of the full ranking (ranking.ts), for an order close to what the full
// derivation will give; the corpus-level terms are left to it.
const W = { uses: 0.5, spread: 0.75, early: 0.5, title: 0.4, single: -0.55 };

/**
 * The token sequences a key is found under: its words, and a tension's two sides either way round
 * (counting.ts's sequencesOf without the written variants, which only the full derivation knows).
 */
function sequencesOf(key: string): string[][] {
  const tokens = key.split(" ");
  if (!isTensionKey(key)) return [tokens];
  const [a, b] = key.split(" vs ") as [string, string];
  return [tokens, [...b.split(" "), "vs", ...a.split(" ")]];
}

type StoredConcept = { id: number; key: string; memberKeys: string[]; kind: string };

function conceptTrie(list: StoredConcept[]): KeyTrie {
  const trie = new KeyTrie();
  list.forEach((c, index) => {
    const keys = [...new Set([c.key, ...c.memberKeys])].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    for (const k of keys)
      for (const seq of sequencesOf(k)) trie.add(seq, index, c.kind === "acronym" && !k.includes(" "));
  });
  return trie;
}

/** The stored concepts' mentions and ranks in each of `texts` (pure: no database). */
function placeIn(
  list: StoredConcept[],
  trie: KeyTrie,
  texts: { id: number; title: string; blocks: Block[] }[],
): { mentionRows: MentionRow[]; rankRows: RankRow[] } {
  const mentionRows: MentionRow[] = [];
  const rankRows: RankRow[] = [];
  for (const issue of texts) {
    const uses = new Map<number, Use>();
    const use = (index: number) => {
      let u = uses.get(index);
      if (!u) uses.set(index, (u = { tf: 0, blocks: new Set(), first: Number.POSITIVE_INFINITY, inTitle: false }));
      u.tf++;
      return u;
    };
    const titleTokens = tokenize(issue.title);
    for (const m of longestMatches([trie], titleTokens)) {
      const start = titleTokens[m.from]!.start;
      const end = titleTokens[m.to - 1]!.end;
      const u = use(m.value);
      u.inTitle = true;
      u.first = 0;
      mentionRows.push({
        conceptId: list[m.value]!.id,
        issueId: issue.id,
        blockId: TITLE_BLOCK_ID,
        start,
        end,
        surface: issue.title.slice(start, end),
        context: contextOf(issue.title, start, end),
      });
    }
    const blocks = readableBlocks(issue.blocks).blocks;
    blocks.forEach((block, bi) => {
      const tokens = tokenize(block.text);
      for (const m of longestMatches([trie], tokens)) {
        const start = tokens[m.from]!.start;
        const end = tokens[m.to - 1]!.end;
        const u = use(m.value);
        u.blocks.add(block.id);
        u.first = Math.min(u.first, bi);
        mentionRows.push({
          conceptId: list[m.value]!.id,
          issueId: issue.id,
          blockId: block.id,
          start,
          end,
          surface: block.text.slice(start, end),
          context: contextOf(block.text, start, end),
        });
      }
    });
    const scored: { index: number; score: number; tf: number }[] = [];
    for (const [index, u] of uses) {
      const single = !list[index]!.key.includes(" ");
      // A single word named once in passing is no concept of the issue (it keeps the mention).
      if (single && u.tf === 1 && !u.inTitle) continue;
      const early = 1 - (u.inTitle ? 0 : u.first / Math.max(1, blocks.length));
      const z =
        W.uses * Math.log(u.tf) +
        W.spread * Math.log(Math.max(1, u.blocks.size)) +
        W.early * early +
        (u.inTitle ? W.title : 0) +
        (single ? W.single : 0);
      scored.push({ index, score: Math.exp(z), tf: u.tf });
    }
    scored.sort((a, b) => b.score - a.score || a.index - b.index);
    for (const [r, s] of scored.entries()) {
      rankRows.push({
        conceptId: list[s.index]!.id,
        issueId: issue.id,
        mentionCount: s.tf,
        rank: r + 1,
      });
    }
  }

  return { mentionRows, rankRows };
}

/** Place and rank the stored concepts in `issueIds`, replacing those issues' rows, and mark the full derivation due. */
export async function placeQuickly(db: Db, issueIds: number[], reason: string): Promise<QuickSummary> {
  const started = performance.now();
  const texts = await db
    .select({ id: issues.id, title: issues.title, blocks: issues.blocks })
    .from(issues)
    .where(inArray(issues.id, issueIds));

  const result = await db.transaction(async (tx) => {
    // The same lock as the full derivation's write: one writer of concept rows at a time, and the
    // concepts placed are the ones stored when this writes (a background pass may have just replaced them).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('concordance:concepts'))`);
    // Higher-scored concepts first: where two share a key, the one the archive makes more of claims it.
    const list: StoredConcept[] = await tx
      .select({ id: concepts.id, key: concepts.key, memberKeys: concepts.memberKeys, kind: concepts.kind })
      .from(concepts)
      .orderBy(sql`${concepts.score} desc`, concepts.key);
    const { mentionRows, rankRows } = placeIn(list, conceptTrie(list), texts);
    const idJson = JSON.stringify(texts.map((t) => t.id));
    // Counts move by these issues' change alone (their old rows out, the new in), before the old rows go.
    const touched = await moveCounts(tx, idJson, tally(mentionRows), "stored out");
    await tx.execute(
      sql`delete from concept_mentions where issue_id in (select value::int from jsonb_array_elements_text(${idJson}::jsonb))`,
    );
    await tx.execute(
      sql`delete from concept_issues where issue_id in (select value::int from jsonb_array_elements_text(${idJson}::jsonb))`,
    );
    await insertIssueRows(tx, mentionRows, rankRows);
    // The full derivation must rewrite these issues' rows whatever it finds.
    await tx.execute(
      sql`update concept_issue_candidates set mentions_digest = null where issue_id in (select value::int from jsonb_array_elements_text(${idJson}::jsonb))`,
    );
    const generation = await markDerivationPending(tx, reason);
    return { touched, generation, mentions: mentionRows.length, ranks: rankRows.length };
  });
  return {
    issues: texts.length,
    mentions: result.mentions,
    ranks: result.ranks,
    concepts: result.touched,
    generation: result.generation,
    durationMs: performance.now() - started,
  };
}
