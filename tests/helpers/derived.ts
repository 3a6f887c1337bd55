/**
 * What the derived stages wrote (concepts, mentions, per-issue ranks, relations, definitions,
 * search documents) in a canonical form, by keys and slugs that don't depend on which run
 * created a row; and a rebuild from scratch to compare it with.
 */
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "@/db";
import { rows } from "@/db/rows";
import { noChanges } from "@/lib/ingest/stage-types";
import { runDerivedStages } from "@/lib/ingest/stages";

export async function dumpDerived(db: Db) {
  return {
    concepts: await rows(
      db,
      sql`
      select c.key, c.slug, c.name, c.kind, c.aliases, c.member_keys, c.hidden, c.score, c.mention_count, c.issue_count,
             c.counts_by_year, c.first_seen_at, di.slug as definition_issue, c.definition_block_id, c.definition_text
      from concepts c left join issues di on di.id = c.definition_issue_id order by c.key`,
    ),
    mentions: await rows(
      db,
      sql`
      select c.key, i.slug, m.block_id, m.start, m."end", m.surface, m.context
      from concept_mentions m join concepts c on c.id = m.concept_id join issues i on i.id = m.issue_id
      order by i.slug, m.block_id, m.start, c.key`,
    ),
    ranks: await rows(
      db,
      sql`
      select c.key, i.slug, ci.mention_count, ci.rank
      from concept_issues ci join concepts c on c.id = ci.concept_id join issues i on i.id = ci.issue_id
      order by i.slug, ci.rank, c.key`,
    ),
    relations: await rows(
      db,
      sql`
      select a.key as from_key, b.key as to_key, r.score
      from concept_relations r join concepts a on a.id = r.concept_id join concepts b on b.id = r.related_id
      order by a.key, b.key`,
    ),
    search: await rows(
      db,
      sql`
      select kind, slug, title, year, published_at, number, series, concepts, concept_names, headings, body, source_hash
      from search_documents order by kind, slug`,
    ),
  };
}

/** `npm run concepts -- rebuild` and `npm run reindex`'s path: every issue re-read, the per-issue memo ignored. */
export async function rebuildDerived(db: Db): Promise<void> {
  const errors = await runDerivedStages(db, noChanges(), { rebuild: { concepts: true, search: true } });
  expect(errors).toEqual([]);
}

/** What is derived now equals what a rebuild from scratch derives (the rebuild is left in place). */
export async function expectSameAsRebuild(db: Db): Promise<void> {
  const derived = await dumpDerived(db);
  await rebuildDerived(db);
  expect(await dumpDerived(db)).toEqual(derived);
}
