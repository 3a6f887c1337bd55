/**
 * Writing an extraction's result over the stored concepts: concept rows matched to the new
 * result by key (or a merged variant's key), so ids and slugs stay stable across runs; mention
 * and rank rows rewritten only for the issues whose rows changed (a digest per issue says so).
 */
import { inArray, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
import type { Queryable } from "@/db";
import { type Executor, rows } from "@/db/rows";
import { conceptIssueCandidates, conceptIssues, conceptMentions, concepts, type Block } from "@/db/schema";
import type { StageProgress } from "@/lib/ingest/stage-types";
import { slugifyConcept } from "./keys";
import { TITLE_BLOCK_ID } from "./reading";
import type { ExtractedConcept, Mention } from "./types";

const CHUNK = 2000;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `chunks`, reporting `step` as each batch starts and once all are done (for a progress bar). */
export function* chunksReported<T>(items: T[], size: number, step: string, progress: StageProgress): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) {
    progress(step, i, items.length);
    yield items.slice(i, i + size);
  }
  if (items.length > 0) progress(step, items.length, items.length);
}

function digest(value: unknown): string {
  return createHash("sha1").update(JSON.stringify(value)).digest("hex");
}

/** Context around a mention: the sentence-ish window a reader needs to recognise it. */
export function contextOf(text: string, start: number, end: number, width = 110): string {
  let from = Math.max(0, start - width);
  let to = Math.min(text.length, end + width);
  if (from > 0) from = text.indexOf(" ", from) + 1 || from;
  if (to < text.length) to = text.lastIndexOf(" ", to) > end ? text.lastIndexOf(" ", to) : to;
  return `${from > 0 ? "…" : ""}${text.slice(from, to).trim()}${to < text.length ? "…" : ""}`;
}

/** What writing mention rows needs of an issue. */
export type MentionRow = typeof conceptMentions.$inferInsert;
export type RankRow = typeof conceptIssues.$inferInsert;

/** Insert mention and rank rows, as one JSON parameter a statement: per-value parameters cost more memory than the rows. */
export async function insertIssueRows(db: Executor, mentions: MentionRow[], ranks: RankRow[]): Promise<void> {
  for (const b of chunks(mentions, 5000)) {
    await db.execute(sql`
      insert into concept_mentions (concept_id, issue_id, block_id, start, "end", surface, context)
      select "conceptId", "issueId", "blockId", start, "end", surface, context
      from jsonb_to_recordset(${JSON.stringify(b)}::jsonb)
        as x("conceptId" int, "issueId" int, "blockId" text, start int, "end" int, surface text, context text)`);
  }
  for (const b of chunks(ranks, 5000)) {
    await db.execute(sql`
      insert into concept_issues (concept_id, issue_id, mention_count, rank)
      select "conceptId", "issueId", "mentionCount", rank
      from jsonb_to_recordset(${JSON.stringify(b)}::jsonb) as x("conceptId" int, "issueId" int, "mentionCount" int, rank int)`);
  }
}

/** A concept's mentions and the issues they are in, as a set of mention rows holds them. */
type Tally = { id: number; mentions: number; issues: number };

export function tally(mentions: { conceptId: number; issueId: number }[]): Tally[] {
  const by = new Map<number, { mentions: number; issues: Set<number> }>();
  for (const m of mentions) {
    let t = by.get(m.conceptId);
    if (!t) by.set(m.conceptId, (t = { mentions: 0, issues: new Set() }));
    t.mentions++;
    t.issues.add(m.issueId);
  }
  return [...by].map(([id, t]) => ({ id, mentions: t.mentions, issues: t.issues.size }));
}

/**
 * Move concepts' mention and issue counts by the difference between the mention rows stored for
 * the issues in `idJson` (a JSON array of ids) and `counted`, rows of the same issues not (or no
 * longer) stored: "stored out" when the stored rows are being replaced by `counted` (the counts
 * lose the first and gain the second), "stored in" when the counts hold `counted` and the stored
 * rows are to stand instead. One statement, over these issues' rows only: no concept is recounted
 * over the archive. Returns how many concepts it touched.
 */
export async function moveCounts(
  db: Executor,
  idJson: string,
  counted: Tally[],
  direction: "stored out" | "stored in",
): Promise<number> {
  const sign = direction === "stored out" ? 1 : -1;
  const moved = await rows<{ id: number }>(
    db,
    sql`
    with stored as (
      select concept_id as id, count(*)::int as mentions, count(distinct issue_id)::int as issues
      from concept_mentions
      where issue_id in (select value::int from jsonb_array_elements_text(${idJson}::jsonb))
      group by concept_id),
    counted as (select * from jsonb_to_recordset(${JSON.stringify(counted)}::jsonb) as x(id int, mentions int, issues int)),
    delta as (
      select coalesce(c.id, s.id) as id,
             ${sign}::int * (coalesce(c.mentions, 0) - coalesce(s.mentions, 0)) as mentions,
             ${sign}::int * (coalesce(c.issues, 0) - coalesce(s.issues, 0)) as issues
      from counted c full join stored s on s.id = c.id)
    update concepts c set mention_count = c.mention_count + d.mentions, issue_count = c.issue_count + d.issues,
      updated_at = now()
    from delta d where c.id = d.id
    returning c.id`,
  );
  return moved.length;
}

export type IssueBlocks = { id: number; title: string; blocks: Block[] };

export type ConceptIds = { byKey: Map<string, number>; created: number; removed: number };

export async function writeConcepts(db: Queryable, extracted: ExtractedConcept[]): Promise<ConceptIds> {
  const existing = await db
    .select({
      id: concepts.id,
      key: concepts.key,
      slug: concepts.slug,
      memberKeys: concepts.memberKeys,
      formerSlugs: concepts.formerSlugs,
    })
    .from(concepts);
  const byKey = new Map(existing.map((r) => [r.key, r]));
  const byMember = new Map<string, (typeof existing)[number]>();
  for (const r of existing) for (const k of r.memberKeys) if (!byMember.has(k)) byMember.set(k, r);

  // Match each concept to the row that held its key (or one of its variants' keys) before.
  const used = new Set<number>();
  const matched = new Map<string, (typeof existing)[number]>();
  const ordered = [...extracted].sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
  for (const c of ordered) {
    const candidates = [
      byKey.get(c.key),
      ...c.memberKeys.map((k) => byKey.get(k)),
      ...c.memberKeys.map((k) => byMember.get(k)),
    ];
    const row = candidates.find((r) => r && !used.has(r.id));
    if (row) {
      used.add(row.id);
      matched.set(c.key, row);
    }
  }
  const removedRows = existing.filter((r) => !used.has(r.id));
  // A concept merged away leaves its slug with the concept that absorbed it.
  const formerSlugs = new Map<string, string[]>();
  for (const r of removedRows) {
    const heir = extracted.find((c) => c.memberKeys.includes(r.key));
    if (heir) formerSlugs.set(heir.key, [...(formerSlugs.get(heir.key) ?? []), r.slug, ...r.formerSlugs]);
  }
  if (removedRows.length > 0) {
    for (const batch of chunks(removedRows.map((r) => r.id)))
      await db.delete(concepts).where(inArray(concepts.id, batch));
  }

  const taken = new Set<string>();
  for (const r of existing) if (used.has(r.id)) taken.add(r.slug);
  for (const list of formerSlugs.values()) for (const s of list) taken.add(s);
  for (const r of existing) if (used.has(r.id)) for (const s of r.formerSlugs) taken.add(s);
  const slugFor = (name: string): string => {
    const base = slugifyConcept(name);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return slug;
  };

  const values = (c: ExtractedConcept) => ({
    key: c.key,
    name: c.name,
    kind: c.kind,
    aliases: c.aliases,
    memberKeys: c.memberKeys,
    hidden: c.hidden,
    score: c.score,
    mentionCount: c.mentionCount ?? c.mentions.length,
    issueCount: c.issueCount,
    countsByYear: c.countsByYear,
    firstSeenAt: c.firstSeenAt,
    definitionIssueId: c.definition?.issueId ?? null,
    definitionBlockId: c.definition?.blockId ?? null,
    definitionText: c.definition?.text ?? null,
    updatedAt: new Date(),
  });

  // Keys may move between rows (a variant became canonical): park them first so the unique index holds.
  const moving = extracted
    .filter((c) => matched.get(c.key) && matched.get(c.key)!.key !== c.key)
    .map((c) => matched.get(c.key)!.id);
  if (moving.length > 0) {
    await db
      .update(concepts)
      .set({ key: sql`'~' || ${concepts.id}::text || '~' || ${concepts.key}` })
      .where(inArray(concepts.id, moving));
  }
  const ids = new Map<string, number>();
  const updates = extracted.filter((c) => matched.has(c.key));
  for (const batch of chunks(updates, 500)) {
    const payload = batch.map((c) => {
      const row = matched.get(c.key)!;
      const v = values(c);
      ids.set(c.key, row.id);
      return {
        id: row.id,
        ...v,
        formerSlugs: [...new Set([...row.formerSlugs, ...(formerSlugs.get(c.key) ?? [])])],
        firstSeenAt: v.firstSeenAt?.toISOString() ?? null,
        updatedAt: v.updatedAt.toISOString(),
      };
    });
    await db.execute(sql`
      update concepts as c set
        key = v.key, name = v.name, kind = v.kind, aliases = v.aliases, member_keys = v."memberKeys", hidden = v.hidden,
        score = v.score, mention_count = v."mentionCount", issue_count = v."issueCount", counts_by_year = v."countsByYear",
        first_seen_at = v."firstSeenAt", definition_issue_id = v."definitionIssueId", definition_block_id = v."definitionBlockId",
        definition_text = v."definitionText", former_slugs = v."formerSlugs", updated_at = v."updatedAt"
      from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as v(
        id int, key text, name text, kind text, aliases jsonb, "memberKeys" jsonb, hidden boolean, score real,
        "mentionCount" int, "issueCount" int, "countsByYear" jsonb, "firstSeenAt" timestamptz, "definitionIssueId" int,
        "definitionBlockId" text, "definitionText" text, "formerSlugs" jsonb, "updatedAt" timestamptz)
      where c.id = v.id`);
  }
  const inserts = extracted.filter((c) => !matched.has(c.key));
  for (const batch of chunks(inserts, 500)) {
    const rows = await db
      .insert(concepts)
      .values(batch.map((c) => ({ ...values(c), slug: slugFor(c.name), formerSlugs: formerSlugs.get(c.key) ?? [] })))
      .returning({ id: concepts.id, key: concepts.key });
    for (const r of rows) ids.set(r.key, r.id);
  }
  return { byKey: ids, created: inserts.length, removed: removedRows.length };
}

/**
 * Mentions and per-issue ranks, rewritten only for issues whose rows would change, each kind on
 * its own (ranks move far more often than mentions). Rows (with their context passages) are built
 * a batch of issues at a time: all of them at once would be hundreds of megabytes for a large
 * archive. Returns how many issues' mentions were rewritten.
 */
export async function writeIssueRows(
  db: Queryable,
  extracted: ExtractedConcept[],
  ids: ConceptIds,
  issueRows: IssueBlocks[],
  progress: StageProgress,
): Promise<number> {
  type Ref<T> = { conceptId: number; item: T };
  const mentionsByIssue = new Map<number, Ref<Mention>[]>();
  const ranksByIssue = new Map<number, Ref<ExtractedConcept["issues"][number]>[]>();
  const add = <T>(map: Map<number, Ref<T>[]>, issueId: number, ref: Ref<T>) => {
    let list = map.get(issueId);
    if (!list) map.set(issueId, (list = []));
    list.push(ref);
  };
  for (const c of extracted) {
    const conceptId = ids.byKey.get(c.key)!;
    for (const m of c.mentions) add(mentionsByIssue, m.issueId, { conceptId, item: m });
    for (const r of c.issues) add(ranksByIssue, r.issueId, { conceptId, item: r });
  }
  const stored = await db
    .select({ issueId: conceptIssueCandidates.issueId, digest: conceptIssueCandidates.mentionsDigest })
    .from(conceptIssueCandidates);
  const storedDigest = new Map(stored.map((s) => [s.issueId, s.digest]));
  let rewritten = 0;
  for (const batch of chunksReported(issueRows, 500, "writing mentions", progress)) {
    const ms: MentionRow[] = [];
    const rs: RankRow[] = [];
    const changed: { issueId: number; digest: string }[] = [];
    // Issues whose mention rows must be rewritten; the others in `changed` only had their ranks
    // move, and their mention rows, the bulk, stay. (Scores, which move a little in every issue when
    // one is added — the corpus's statistics changed —, are not stored per issue for that reason.)
    const mentionsChanged: number[] = [];
    for (const issue of batch) {
      const blockText = new Map(issue.blocks.map((b) => [b.id, b.text]));
      blockText.set(TITLE_BLOCK_ID, issue.title);
      const issueMentions = (mentionsByIssue.get(issue.id) ?? [])
        .map(({ conceptId, item: m }): MentionRow => {
          const text = blockText.get(m.blockId) ?? m.surface;
          return {
            conceptId,
            issueId: issue.id,
            blockId: m.blockId,
            start: m.start,
            end: m.end,
            surface: m.surface,
            context: contextOf(text, m.start, m.end),
          };
        })
        .sort((a, b) => a.blockId.localeCompare(b.blockId) || a.start - b.start);
      const issueRanks = (ranksByIssue.get(issue.id) ?? [])
        .map(
          ({ conceptId, item: r }): RankRow => ({
            conceptId,
            issueId: issue.id,
            mentionCount: r.mentions,
            rank: r.rank,
          }),
        )
        .sort((a, b) => a.rank - b.rank);
      // Stored as "<mentions digest>.<ranks digest>", so either can be rewritten without the other.
      const dm = digest(issueMentions.map((m) => [m.conceptId, m.blockId, m.start, m.end, m.surface, m.context]));
      const dr = digest(issueRanks.map((r) => [r.conceptId, r.mentionCount, r.rank]));
      const d = `${dm}.${dr}`;
      const stored = storedDigest.get(issue.id);
      if (stored === d) continue;
      changed.push({ issueId: issue.id, digest: d });
      if (stored?.split(".")[0] !== dm) {
        mentionsChanged.push(issue.id);
        // One at a time: spreading a very long issue's mentions into push() overflows the call stack.
        for (const m of issueMentions) ms.push(m);
      }
      for (const r of issueRanks) rs.push(r);
    }
    if (changed.length === 0) continue;
    if (mentionsChanged.length > 0)
      await db.delete(conceptMentions).where(inArray(conceptMentions.issueId, mentionsChanged));
    await db.delete(conceptIssues).where(
      inArray(
        conceptIssues.issueId,
        changed.map((c) => c.issueId),
      ),
    );
    await insertIssueRows(db, ms, rs);
    await db.execute(sql`
      update concept_issue_candidates c set mentions_digest = x.digest
      from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) as x("issueId" int, digest text)
      where c.issue_id = x."issueId"`);
    rewritten += mentionsChanged.length;
  }
  return rewritten;
}
