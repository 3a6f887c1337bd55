/**
 * What gets indexed, read from Postgres (the source of truth): one document per
 * issue and per visible concept, the same for both engines. Also which indexed
 * documents are out of date, so indexing can catch up after an interrupted run.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { rows } from "@/db/rows";
import type { Block } from "@/db/schema";
import { conceptUrl } from "@/lib/concepts/queries";
import { issueUrl } from "@/lib/issues/json";
import { documentId, type SearchDocument } from "./engine";

function idList(ids: number[]): SQL {
  return sql`(select value::int from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;
}

/** An issue's key concepts: the ones it is about (concept_issues.rank), not every passing mention. */
const KEY_CONCEPTS = 10;
/** Of those, the ones whose names (and aliases) are searchable with the issue. */
const SEARCHABLE_CONCEPTS = 5;

/**
 * Per issue (all, or the given ones): its key visible concepts (the `concept`
 * filter and facet), the names of the top ones, and a signature of both. An
 * issue's document changes when its content changes (content_hash) or when its
 * key concepts change, are renamed, aliased or hidden (the signature).
 */
function issueConcepts(ids?: number[]): SQL {
  const entry = sql`ci.rank::text || chr(31) || c.slug || chr(31) || c.name || chr(31) || c.aliases::text`;
  return sql`
  select ci.issue_id,
    array_agg(c.slug order by c.slug) as slugs,
    jsonb_agg(jsonb_build_object('name', c.name, 'aliases', c.aliases) order by ci.rank)
      filter (where ci.rank <= ${SEARCHABLE_CONCEPTS}) as names,
    string_agg(${entry}, chr(30) order by ${entry}) as signature
  from concept_issues ci join concepts c on c.id = ci.concept_id and not c.hidden
  where ci.rank <= ${KEY_CONCEPTS} ${ids ? sql`and ci.issue_id in ${idList(ids)}` : sql``}
  group by ci.issue_id`;
}

// The date is in too: the author can date an issue without changing its text (its year is a facet).
const issueSourceHash = sql`md5(i.content_hash || chr(30) || coalesce(ic.signature, '') || chr(30) || coalesce(i.published_at::text, ''))`;
const conceptSourceHash = sql`md5(concat_ws(chr(30), c.name, c.slug, c.kind, c.aliases::text, c.definition_text))`;

type IssueRow = {
  id: number;
  slug: string;
  title: string;
  subtitle: string | null;
  number: number | null;
  series: string | null;
  published_at: string | null;
  text: string;
  blocks: Block[];
  slugs: string[] | null;
  names: { name: string; aliases: string[] }[] | null;
  source_hash: string;
};

export async function loadIssueDocuments(db: Db, issueIds: number[]): Promise<SearchDocument[]> {
  if (issueIds.length === 0) return [];
  const found = await rows<IssueRow>(
    db,
    sql`
    with ic as (${issueConcepts(issueIds)})
    select i.id, i.slug, i.title, i.subtitle, i.number, i.series, i.published_at, i.text, i.blocks,
      ic.slugs, ic.names, ${issueSourceHash} as source_hash
    from issues i left join ic on ic.issue_id = i.id
    where i.id in ${idList(issueIds)} and i.withdrawn_at is null
    order by i.id`,
  );
  return found.map((r) => {
    const publishedAt = r.published_at ? new Date(r.published_at) : null;
    return {
      id: documentId("issue", r.id),
      kind: "issue",
      refId: r.id,
      slug: r.slug,
      title: r.title,
      url: issueUrl(r.slug),
      conceptNames: (r.names ?? []).flatMap((n) => [n.name, ...n.aliases]),
      conceptSlugs: r.slugs ?? [],
      headings: [
        ...(r.subtitle ? [r.subtitle] : []),
        ...r.blocks.filter((b) => b.kind === "h2" || b.kind === "h3" || b.kind === "h4").map((b) => b.text),
      ],
      body: r.text,
      year: publishedAt ? publishedAt.getUTCFullYear() : null,
      publishedAt,
      number: r.number,
      series: r.series,
      sourceHash: r.source_hash,
    };
  });
}

type ConceptRow = {
  id: number;
  slug: string;
  name: string;
  aliases: string[];
  definition_text: string | null;
  source_hash: string;
};

export async function loadConceptDocuments(db: Db, conceptIds: number[]): Promise<SearchDocument[]> {
  if (conceptIds.length === 0) return [];
  const found = await rows<ConceptRow>(
    db,
    sql`
    select c.id, c.slug, c.name, c.aliases, c.definition_text, ${conceptSourceHash} as source_hash
    from concepts c
    where not c.hidden and c.id in ${idList(conceptIds)}
    order by c.id`,
  );
  return found.map((r) => ({
    id: documentId("concept", r.id),
    kind: "concept",
    refId: r.id,
    slug: r.slug,
    title: r.name,
    url: conceptUrl(r.slug),
    conceptNames: r.aliases,
    conceptSlugs: [],
    headings: [],
    body: r.definition_text ?? "",
    year: null,
    publishedAt: null,
    number: null,
    series: null,
    sourceHash: r.source_hash,
  }));
}

export type StaleDocuments = {
  /** Issues whose document is missing or built from other inputs. */
  issueIds: number[];
  /** Visible concepts whose document is missing or out of date. */
  conceptIds: number[];
  /** Documents that must go: hidden concepts, withdrawn issues (deleted rows take their documents with them). */
  removeKeys: string[];
};

/**
 * Everything the built-in index lacks or holds stale, found by comparing source hashes. `scope`:
 * only these issues' concepts can have changed since the last run (a quick concepts run), so an
 * issue's document signature is recomputed for them alone; every other issue is checked by its
 * marker (search_hash), which a change of its text resets.
 */
export async function findStaleDocuments(db: Db, scope?: number[]): Promise<StaleDocuments> {
  const issues = await rows<{ id: number }>(
    db,
    scope
      ? sql`
    with ic as (${issueConcepts(scope)})
    select i.id from issues i
    left join ic on ic.issue_id = i.id
    left join search_documents d on d.issue_id = i.id
    where i.id in ${idList(scope)} and i.withdrawn_at is null
      and (i.search_hash is distinct from i.content_hash or d.source_hash is distinct from ${issueSourceHash})
    union
    select i.id from issues i where i.withdrawn_at is null and i.search_hash is distinct from i.content_hash
    order by id`
      : sql`
    with ic as (${issueConcepts()})
    select i.id from issues i
    left join ic on ic.issue_id = i.id
    left join search_documents d on d.issue_id = i.id
    where i.withdrawn_at is null and (i.search_hash is distinct from i.content_hash or d.source_hash is distinct from ${issueSourceHash})
    order by i.id`,
  );
  const concepts = await rows<{ id: number }>(
    db,
    sql`
    select c.id from concepts c left join search_documents d on d.concept_id = c.id
    where not c.hidden and d.source_hash is distinct from ${conceptSourceHash}
    order by c.id`,
  );
  const hidden = await rows<{ key: string }>(
    db,
    sql`select d.key from search_documents d join concepts c on c.id = d.concept_id where c.hidden
        union all select d.key from search_documents d join issues i on i.id = d.issue_id where i.withdrawn_at is not null`,
  );
  return {
    issueIds: issues.map((r) => r.id),
    conceptIds: concepts.map((r) => r.id),
    removeKeys: hidden.map((r) => r.key),
  };
}

/** Every document, in batches of issue/concept ids (for a full rebuild). */
export async function* loadAllDocuments(db: Db, batchSize = 200): AsyncGenerator<SearchDocument[]> {
  const issueIds = (
    await rows<{ id: number }>(db, sql`select id from issues where withdrawn_at is null order by id`)
  ).map((r) => r.id);
  for (let i = 0; i < issueIds.length; i += batchSize) yield loadIssueDocuments(db, issueIds.slice(i, i + batchSize));
  const conceptIds = (await rows<{ id: number }>(db, sql`select id from concepts where not hidden order by id`)).map(
    (r) => r.id,
  );
  for (let i = 0; i < conceptIds.length; i += batchSize)
    yield loadConceptDocuments(db, conceptIds.slice(i, i + batchSize));
}

/** Mark issues as indexed (search_hash) when the built-in index holds them as they are now. */
export async function markIssuesIndexed(db: Db, issueIds: number[]): Promise<void> {
  if (issueIds.length === 0) return;
  // Compared again here: an issue updated while its document was built stays stale.
  await db.execute(sql`
    with ic as (${issueConcepts(issueIds)})
    update issues i set search_hash = i.content_hash
    from search_documents d left join ic on ic.issue_id = d.issue_id
    where d.issue_id = i.id and i.id in ${idList(issueIds)}
      and i.search_hash is distinct from i.content_hash
      and d.source_hash = ${issueSourceHash}`);
}
