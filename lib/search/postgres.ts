/**
 * The built-in search engine: Postgres full text, no other server needed.
 *
 * - Documents get a weighted tsvector (A title, B concepts, C headings, D body)
 *   under the `concordance_english` configuration (unaccent + English stemming),
 *   with a GIN index; quoted phrases are matched against it.
 * - Ranking is BM25 over an inverted index derived from those tsvectors
 *   (search_postings), with OR semantics: a question whose words are not all
 *   in one issue still finds the issue that shares the rarest of them. Each
 *   posting stores its `impact` (saturated, length-normalised term frequency
 *   plus a bonus for title, concept and heading matches), so a query only
 *   multiplies by IDF and adds up.
 * - Small answers are computed exhaustively (exact totals and facets). When the
 *   query's terms are so common that this would mean adding up thousands of
 *   postings, the engine reads each term's highest-impact postings first
 *   ("champion lists"), rescores the best candidates exactly, and estimates
 *   the total; facets then count those candidates.
 * - The last word is completed as a prefix (as-you-type); unknown words are
 *   corrected through a trigram index over the vocabulary of indexed words.
 *
 * All SQL for the built-in index lives here.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import {
  type EngineResult,
  type SearchDocument,
  type SearchEngine,
  type SearchFacets,
  type SearchHit,
  type SearchRequest,
  UNDATED,
} from "./engine";
import { allowedTypos, buildSnippet, editDistance, highlightAll, parseQuery } from "./text";

/** Anything that runs SQL: the database or a transaction. */
type Executor = Pick<Db, "execute">;

/** Term-frequency weight of each tsvector weight class: title, concepts, headings, body. */
export const FIELD_WEIGHTS = { A: 6, B: 3, C: 2, D: 1 } as const;
/**
 * A match in the title (concepts, headings) adds this much to a posting's
 * impact. Weighted tf alone saturates: a word in the title would count little
 * more than the same word repeated in the body.
 */
export const FIELD_BONUS = { title: 1.5, concepts: 0.8, headings: 0.5 } as const;
const K1 = 1.2;
const B = 0.75;
/** Query weights of a word's alternatives relative to the word as typed. */
const COMPLETION_WEIGHT = 0.85;
const COMPLETION_OF_KNOWN_WORD_WEIGHT = 0.35;
const TYPO_WEIGHT = [1, 0.8, 0.6] as const;
const MAX_COMPLETIONS = 8;
/** Above this many postings (sum of the terms' document counts), read champion lists instead of everything. */
const EXHAUSTIVE_LIMIT = 6_000;
/** Champion list length per term, and how many candidates are rescored exactly. */
const CHAMPIONS = 250;
const RESCORED = 100;
/** Champion path: facets count this many best candidates. */
const FACETED_CANDIDATES = 300;
/**
 * Concept documents are a few words long, so BM25 rates them highly for any
 * word of their name; issues are what readers come for, so concepts count this
 * much. A query that names a concept still puts it first (lib/search/index.ts).
 */
const CONCEPT_WEIGHT = 0.5;
/** Champion path with a quoted phrase: the phrase is checked on this many best candidates. */
const PHRASE_CHECKS = 200;
/**
 * Coordination: a document's BM25 sum is scaled by (matched words / query
 * words) to this power, so matching more of the question's words outranks
 * matching one of them in a title (Meilisearch ranks by matched words first).
 */
const COORDINATION = 1;
/** Stored impacts are recomputed when the average document length drifts this much from theirs. */
const AVG_LENGTH_DRIFT = 0.2;
/** Keeps the tsvector under Postgres's 1 MB limit and indexing time bounded. */
const MAX_BODY_CHARS = 400_000;
const CONFIG = sql.raw("'concordance_english'::regconfig");

async function rows<T>(db: Executor, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

// ─── Writing the index ──────────────────────────────────────────────────────

function toInputRow(doc: SearchDocument) {
  return {
    key: doc.id,
    kind: doc.kind,
    issue_id: doc.kind === "issue" ? doc.refId : null,
    concept_id: doc.kind === "concept" ? doc.refId : null,
    slug: doc.slug,
    title: doc.title,
    year: doc.year,
    published_at: doc.publishedAt?.toISOString() ?? null,
    number: doc.number,
    series: doc.series,
    concept_slugs: doc.conceptSlugs,
    concept_text: doc.conceptNames.join(" \n "),
    // A concept is found by its name and by every alias.
    names: doc.kind === "concept" ? [doc.title, ...doc.conceptNames] : [],
    headings: doc.headings.join(" \n "),
    body: doc.body.slice(0, MAX_BODY_CHARS),
    source_hash: doc.sourceHash,
  };
}

const WEIGHT_CASE = sql.raw(
  `case w when 'A' then ${FIELD_WEIGHTS.A} when 'B' then ${FIELD_WEIGHTS.B} when 'C' then ${FIELD_WEIGHTS.C} else ${FIELD_WEIGHTS.D} end`,
);

/** A posting's impact from its columns (tf, length, fields) and an average length. */
function impactOf(avgLength: SQL): SQL {
  return sql`(tf * ${sql.raw(String(K1 + 1))}) / (tf + ${sql.raw(String(K1))} * (1 - ${sql.raw(String(B))} + ${sql.raw(String(B))} * length / ${avgLength}))
    + (case when fields & 1 > 0 then ${sql.raw(String(FIELD_BONUS.title))} else 0 end)
    + (case when fields & 2 > 0 then ${sql.raw(String(FIELD_BONUS.concepts))} else 0 end)
    + (case when fields & 4 > 0 then ${sql.raw(String(FIELD_BONUS.headings))} else 0 end)`;
}

/**
 * Add or replace documents (their rows and tsvectors) and their words, not
 * their postings; returns the documents' ids. `db` may be a transaction.
 */
async function writeDocuments(db: Executor, documents: SearchDocument[]): Promise<number[]> {
  if (documents.length === 0) return [];
  const input = JSON.stringify(documents.map(toInputRow));
  const written = await rows<{ id: number }>(
    db,
    sql`
    with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as x(
        key text, kind text, issue_id int, concept_id int, slug text, title text, year int,
        published_at timestamptz, number int, series text, concept_slugs text[], concept_text text,
        names text[], headings text, body text, source_hash text)
    ),
    built as (
      select input.*, t.tsv
      from input, lateral (select
        setweight(to_tsvector(${CONFIG}, input.title), 'A') ||
        setweight(to_tsvector(${CONFIG}, input.concept_text), 'B') ||
        setweight(to_tsvector(${CONFIG}, input.headings), 'C') ||
        setweight(to_tsvector(${CONFIG}, input.body), 'D') as tsv) t
    )
    insert into search_documents as d
      (key, kind, issue_id, concept_id, slug, title, year, published_at, number, series, concepts, names, tsv, length, source_hash, updated_at)
    select key, kind, issue_id, concept_id, slug, title, year, published_at, number, series, coalesce(concept_slugs, '{}'),
      coalesce((select array_agg(distinct k) from unnest(names) n, search_key(n) k where k <> ''), '{}'),
      tsv, (select coalesce(sum(array_length(positions, 1)), 0) from unnest(tsv)), source_hash, now()
    from built
    on conflict (key) do update set
      kind = excluded.kind, issue_id = excluded.issue_id, concept_id = excluded.concept_id, slug = excluded.slug,
      title = excluded.title, year = excluded.year, published_at = excluded.published_at, number = excluded.number,
      series = excluded.series, concepts = excluded.concepts, names = excluded.names, tsv = excluded.tsv,
      length = excluded.length, source_hash = excluded.source_hash, updated_at = now()
    returning d.id`,
  );
  // New words join the vocabulary (for completion and typo correction), with their lexeme.
  await db.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as x(title text, concept_text text, headings text, body text)
    ),
    words as (
      select distinct w
      from input, regexp_split_to_table(lower(unaccent(concat_ws(' ', title, concept_text, headings, body))), '[^[:alnum:]]+') w
      where length(w) between 2 and 40
    )
    insert into search_vocabulary (word, lexeme)
    select words.w, l.lexeme
    from words
    cross join lateral (select lexeme from unnest(to_tsvector(${CONFIG}, words.w)) limit 1) l
    on conflict (word) do nothing`);
  // No "where not exists (...)" above: without fresh statistics the planner probed
  // the trigram GiST index for that equality (~0.4 ms a word, seconds per batch);
  // the conflict check goes through the primary key.

  return written.map((r) => r.id);
}

/**
 * Replace the postings of the given documents, with impacts computed from
 * `search_stats.impact_avg_length`; returns the lexemes they held or now hold
 * when asked (a bulk write recounts every word instead).
 */
async function writePostings(db: Executor, documentIds: number[], options: { returnLexemes: boolean }): Promise<string[]> {
  if (documentIds.length === 0) return [];
  const ids = sql`(select value::int from jsonb_array_elements_text(${JSON.stringify(documentIds)}::jsonb))`;

  const returning = options.returnLexemes ? sql`returning lexeme` : sql``;
  const removed = await rows<{ lexeme: string }>(db, sql`delete from search_postings where document_id in ${ids} ${returning}`);
  const added = await rows<{ lexeme: string }>(
    db,
    sql`
    with raw as (
      -- tf and fields in one pass over the weights (a scalar subquery would run once per use of tf).
      select u.lexeme, d.id as document_id, f.tf, d.length, d.kind = 'concept' as concept, f.fields
      from search_documents d cross join lateral unnest(d.tsv) u
      cross join lateral (
        select sum(${WEIGHT_CASE}) as tf, bit_or(case w when 'A' then 1 when 'B' then 2 when 'C' then 4 else 0 end)::smallint as fields
        from unnest(u.weights) w
      ) f
      where d.id in ${ids}
    )
    insert into search_postings (lexeme, document_id, tf, length, fields, concept, impact)
    select lexeme, document_id, tf, length, fields, concept,
      ${impactOf(sql`(select greatest(impact_avg_length, 1) from search_stats where id = 1)`)}
    from raw
    -- In index order: inserting sorted keys keeps the btree pages being written hot.
    order by lexeme, document_id
    ${returning}`,
  );
  return options.returnLexemes ? [...new Set([...removed, ...added].map((r) => r.lexeme))] : [];
}

/** A few documents, postings and all, brought up to date with word counts and statistics. */
async function writeBatch(db: Executor, documents: SearchDocument[]): Promise<void> {
  const ids = await writeDocuments(db, documents);
  await refreshDocumentCounts(db, await writePostings(db, ids, { returnLexemes: true }));
  await refreshStats(db);
}

/** Documents whose postings are written by one statement in a bulk write. */
const BULK_POSTINGS = 500;

/**
 * Many documents, in the caller's transaction: first every document row, then
 * the corpus statistics, then every posting with its final impact, then one
 * recount of every word. Recounting words batch by batch, and recomputing every
 * impact when the average length drifts mid-way, cost more than the writes.
 */
async function writeBulk(tx: Executor, batches: AsyncIterable<SearchDocument[]>): Promise<void> {
  const ids: number[] = [];
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i += 100) ids.push(...(await writeDocuments(tx, batch.slice(i, i + 100))));
  }
  await refreshStats(tx, ids);
  for (let i = 0; i < ids.length; i += BULK_POSTINGS) await writePostings(tx, ids.slice(i, i + BULK_POSTINGS), { returnLexemes: false });
  await refreshDocumentCounts(tx, "all");
  await refreshStats(tx);
}

async function refreshDocumentCounts(db: Executor, lexemes: string[] | "all"): Promise<void> {
  if (lexemes === "all") {
    await db.execute(sql`
      update search_vocabulary v set document_count = coalesce(c.n, 0), issue_count = coalesce(c.issues, 0)
      from search_vocabulary v2
      left join (
        select lexeme, count(*)::int as n, (count(*) filter (where not concept))::int as issues from search_postings group by lexeme
      ) c on c.lexeme = v2.lexeme
      where v.word = v2.word and (v.document_count <> coalesce(c.n, 0) or v.issue_count <> coalesce(c.issues, 0))`);
    return;
  }
  if (lexemes.length === 0) return;
  await db.execute(sql`
    with l as (select value as lexeme from jsonb_array_elements_text(${JSON.stringify(lexemes)}::jsonb)),
    c as (
      select l.lexeme, x.n, x.issues from l cross join lateral (
        select count(*)::int as n, (count(*) filter (where not p.concept))::int as issues from search_postings p where p.lexeme = l.lexeme
      ) x
    )
    update search_vocabulary v set document_count = c.n, issue_count = c.issues from c
    where v.lexeme = c.lexeme and (v.document_count <> c.n or v.issue_count <> c.issues)`);
}

/**
 * Bring search_stats up to date; when the average length has drifted from the
 * one the stored impacts assume, recompute every impact (one pass, in SQL),
 * except those of `rewriting`.
 */
async function refreshStats(db: Executor, rewriting: number[] = []): Promise<void> {
  const [stats] = await rows<{ avg_length: number; impact_avg_length: number; documents: number }>(
    db,
    sql`
    insert into search_stats as s (id, documents, avg_length)
    select 1, count(*)::int, greatest(coalesce(avg(length), 1), 1)::real from search_documents where kind = 'issue'
    on conflict (id) do update set documents = excluded.documents, avg_length = excluded.avg_length
    returning s.avg_length, s.impact_avg_length, s.documents`,
  );
  if (!stats || stats.documents === 0) return;
  if (Math.abs(stats.avg_length - stats.impact_avg_length) <= AVG_LENGTH_DRIFT * stats.impact_avg_length) return;
  // `rewriting`: documents whose postings are about to be replaced (with the new average).
  const skip = rewriting.length > 0 ? sql`where document_id not in (select value::int from jsonb_array_elements_text(${JSON.stringify(rewriting)}::jsonb))` : sql``;
  await db.execute(sql`update search_postings set impact = ${impactOf(sql`${stats.avg_length}::real`)} ${skip}`);
  await db.execute(sql`update search_stats set impact_avg_length = avg_length where id = 1`);
}

/** Serialises writers of the built-in index (two ingest runs at once). */
async function lockIndex(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('concordance:search-index'))`);
}

async function removeDocuments(db: Executor, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const removed = await rows<{ lexeme: string }>(
    db,
    sql`
    with gone as (
      select id from search_documents where key in (select value from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))
    )
    select distinct p.lexeme from search_postings p join gone on gone.id = p.document_id`,
  );
  await db.execute(sql`delete from search_documents where key in (select value from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`);
  // The postings went with their documents (on delete cascade); recount what they held.
  await refreshDocumentCounts(db, removed.map((r) => r.lexeme));
  await refreshStats(db);
}

/**
 * After documents left through a cascade (an issue or concept deleted): counts
 * and statistics no longer match what is indexed. Cheap when nothing changed.
 */
async function reconcileAfterDeletes(db: Executor): Promise<void> {
  await refreshDocumentCounts(db, "all");
  await refreshStats(db);
}

// ─── Reading the query ──────────────────────────────────────────────────────

/** A lexeme to score, the query word it stands for, and its query weight (IDF already applied). */
type Term = { i: number; lexeme: string; w: number; df: number };

type WordAnalysis = { i: number; word: string; lexeme: string | null; known: boolean; df: number; n: number };

/** Each word's lexeme (null for a stop word), whether it is indexed, its document frequency among issues, and N. */
async function analyseWords(db: Executor, words: string[]): Promise<WordAnalysis[]> {
  if (words.length === 0) return [];
  return rows<WordAnalysis>(
    db,
    sql`
    select (w.i - 1)::int as i, w.word, l.lexeme,
      coalesce((select max(v.document_count) > 0 from search_vocabulary v where v.lexeme = l.lexeme), false) as known,
      coalesce((select max(v.issue_count) from search_vocabulary v where v.lexeme = l.lexeme), 0)::int as df,
      (select documents from search_stats where id = 1) as n
    from jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) with ordinality as w(word, i)
    left join lateral (select lexeme from unnest(to_tsvector(${CONFIG}, w.word)) limit 1) l on true
    order by w.i`,
  );
}

type Candidate = { query: string; word: string; lexeme: string; count: number; df: number };

/** Vocabulary words close to each given word (trigram similarity, most similar first). */
async function similarWords(db: Executor, words: string[], perWord = 12): Promise<Candidate[]> {
  if (words.length === 0) return [];
  return rows<Candidate>(
    db,
    sql`
    select w.word as query, v.word, v.lexeme, v.document_count as count, v.issue_count as df
    from jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) as w(word)
    cross join lateral (
      select word, lexeme, document_count, issue_count from search_vocabulary
      where word % w.word and document_count > 0
      order by similarity(word, w.word) desc, document_count desc
      limit ${perWord}
    ) v`,
  );
}

async function completions(db: Executor, prefix: string): Promise<{ lexeme: string; count: number; df: number }[]> {
  // Words are [[:alnum:]] only, so the prefix holds no LIKE wildcards.
  return rows(
    db,
    sql`
    select lexeme, max(document_count)::int as count, max(issue_count)::int as df from search_vocabulary
    where word like ${`${prefix}%`} and document_count > 0
    group by lexeme order by count desc, lexeme limit ${MAX_COMPLETIONS}`,
  );
}

/** The closest candidates within the word's typo budget, as lexemes with the word's distance to them. */
type Fix = { lexeme: string; word: string; distance: number; count: number; df: number };

function typoFixes(word: string, candidates: Candidate[], budget = allowedTypos(word)): Fix[] {
  const best = new Map<string, Fix>();
  for (const c of candidates) {
    if (c.query !== word) continue;
    const distance = editDistance(word, c.word, budget);
    if (distance === 0 || distance > budget) continue;
    const seen = best.get(c.lexeme);
    if (!seen || distance < seen.distance || (distance === seen.distance && c.count > seen.count)) {
      best.set(c.lexeme, { lexeme: c.lexeme, word: c.word, distance, count: c.count, df: c.df });
    }
  }
  const fixes = [...best.values()].sort((a, b) => a.distance - b.distance || b.count - a.count);
  const closest = fixes[0]?.distance;
  return fixes.filter((f) => f.distance === closest).slice(0, 3);
}

function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Each query word with the lexemes that may stand for it, weighted by IDF. */
async function planTerms(db: Executor, q: string): Promise<{ terms: Term[]; phrases: string[]; documents: number }> {
  const parsed = parseQuery(q);
  const last = parsed.words.at(-1);
  const prefix = parsed.lastWordIsPrefix && last && last.length >= 2 ? last : undefined;
  // Independent lookups: in parallel, on two connections.
  const [analysed, completed] = await Promise.all([analyseWords(db, parsed.words), prefix ? completions(db, prefix) : []]);
  const documents = analysed[0]?.n ?? 0;
  const prefixWord = prefix ? analysed.at(-1) : undefined;
  const needFixing = analysed.filter(
    (a) => a.lexeme !== null && !a.known && allowedTypos(a.word) > 0 && !(a === prefixWord && completed.length > 0),
  );
  const candidates = await similarWords(db, needFixing.map((a) => a.word));

  const weighted: { i: number; lexeme: string; weight: number; df: number }[] = [];
  for (const a of analysed) {
    if (a.lexeme === null) continue; // a stop word
    // Word positions become bits for counting matched words (see COORDINATION); long queries share the last bit.
    const i = Math.min(a.i, 30);
    if (a.known) weighted.push({ i, lexeme: a.lexeme, weight: 1, df: a.df });
    if (a === prefixWord) {
      const weight = a.known ? COMPLETION_OF_KNOWN_WORD_WEIGHT : COMPLETION_WEIGHT;
      for (const c of completed) if (c.lexeme !== a.lexeme) weighted.push({ i, lexeme: c.lexeme, weight, df: c.df });
    }
    if (needFixing.includes(a)) {
      for (const fix of typoFixes(a.word, candidates)) weighted.push({ i, lexeme: fix.lexeme, weight: TYPO_WEIGHT[fix.distance] ?? 0.5, df: fix.df });
    }
  }
  // A lexeme is scored once, at its highest weight.
  const byLexeme = new Map<string, Term>();
  for (const t of weighted) {
    const w = t.weight * idf(t.df, Math.max(documents, t.df));
    const seen = byLexeme.get(t.lexeme);
    if (!seen || w > seen.w) byLexeme.set(t.lexeme, { i: t.i, lexeme: t.lexeme, w, df: t.df });
  }
  return { terms: [...byLexeme.values()], phrases: parsed.phrases, documents };
}

// ─── Searching ──────────────────────────────────────────────────────────────

type HitRow = {
  kind: "issue" | "concept";
  slug: string;
  title: string;
  number: number | null;
  published_at: string | null;
  score: number;
  text: string;
};

type ResultRow = {
  total: number;
  /** Champion path with a phrase: how many candidates the phrase was checked on. */
  checked: number;
  hits: HitRow[];
  years: { value: number; count: number }[];
  undated: number;
  concepts: { value: string; label: string; count: number }[];
  kinds: { value: "issue" | "concept"; count: number }[];
  words: string[];
};

export function conceptUrl(slug: string): string {
  return `/concepts/${encodeURIComponent(slug)}`;
}

function urlOf(kind: "issue" | "concept", slug: string): string {
  return kind === "issue" ? `/issues/${encodeURIComponent(slug)}` : conceptUrl(slug);
}

const EMPTY: EngineResult = { total: 0, hits: [], facets: { kind: [], year: [], concept: [] } };

/** Documents containing at least one term, assuming terms occur independently: the champion path's total. */
function estimateTotal(terms: Term[], documents: number): number {
  if (documents === 0) return 0;
  const none = terms.reduce((p, t) => p * (1 - Math.min(1, t.df / documents)), 1);
  return Math.round(documents * (1 - none));
}

type EngineOptions = {
  /** Postings above which champion lists are read instead of everything (tests lower it). */
  exhaustiveLimit?: number;
};

async function searchIndex(db: Executor, request: SearchRequest, options: EngineOptions = {}): Promise<EngineResult> {
  const { terms, phrases, documents } = await planTerms(db, request.q);
  if (terms.length === 0) return EMPTY;

  const filters: SQL[] = [];
  if (request.kind !== "all") filters.push(sql`d.kind = ${request.kind}`);
  if (request.year === UNDATED) filters.push(sql`d.kind = 'issue' and d.year is null`);
  else if (request.year !== undefined) filters.push(sql`d.year = ${request.year}`);
  if (request.concept !== undefined) filters.push(sql`d.concepts @> array[${request.concept}::text]`);
  const phrase =
    phrases.length > 0
      ? sql`d.tsv @@ (${sql.join(
          phrases.map((p) => sql`phraseto_tsquery(${CONFIG}, ${p})`),
          sql` && `,
        )})`
      : undefined;
  const postings = terms.reduce((s, t) => s + t.df, 0);
  // Filters narrow the documents first, so a filtered search is always exhaustive (and exact).
  const exhaustive = filters.length > 0 || postings <= (options.exhaustiveLimit ?? EXHAUSTIVE_LIMIT);
  const want = request.offset + request.limit;
  const q = sql`select * from jsonb_to_recordset(${JSON.stringify(terms.map(({ i, lexeme, w }) => ({ i, lexeme, w })))}::jsonb) as q(i int, lexeme text, w float8)`;
  const wordCount = new Set(terms.map((t) => t.i)).size;
  const coord = sql.raw(`power(bit_count(bit_or(1 << q.i)::bit(32))::float8 / ${wordCount}, ${COORDINATION})`);
  const restrict = [...filters, ...(phrase ? [phrase] : [])];

  // Either every matching document with its exact score, or the best of each term's champions.
  const scored = exhaustive
    ? sql`
      scored as (
        select p.document_id, sum(q.w * p.impact) * ${coord} as score
        from q join search_postings p on p.lexeme = q.lexeme
        ${restrict.length > 0 ? sql`where p.document_id in (select d.id from search_documents d where ${sql.join(restrict, sql` and `)})` : sql``}
        group by p.document_id
      ),
      checked as (select 0 as n)`
    : sql`
      candidates as (
        select x.document_id, sum(q.w * x.impact) * ${coord} as partial
        from q cross join lateral (
          select p.document_id, p.impact from search_postings p
          where p.lexeme = q.lexeme order by p.impact desc limit ${Math.max(CHAMPIONS, 2 * want)}
        ) x
        group by x.document_id
      ),
      ${
        phrase
          ? // A phrase is checked on the best candidates only (each check reads a tsvector).
            sql`
      ordered as materialized (select document_id, partial from candidates order by partial desc limit ${Math.max(PHRASE_CHECKS, want + 20)}),
      checked as (select count(*)::int as n from ordered),
      kept as (
        select o.document_id, o.partial from ordered o join search_documents d on d.id = o.document_id where ${phrase}
      ),`
          : sql`
      checked as (select 0 as n),
      kept as (select * from candidates),`
      }
      best as (select document_id from kept order by partial desc limit ${Math.max(RESCORED, want + 20)}),
      rescored as (
        -- One index probe per (candidate, term): the exact score, terms outside the champion lists included.
        select b.document_id, sum(q.w * p.impact) * ${coord} as score
        from best b cross join q
        cross join lateral (
          select x.impact from search_postings x where x.lexeme = q.lexeme and x.document_id = b.document_id limit 1
        ) p
        group by b.document_id
      ),
      scored as (
        select k.document_id, coalesce(r.score, k.partial) as score
        from kept k left join rescored r on r.document_id = k.document_id
      )`;

  const [result] = await rows<ResultRow>(
    db,
    sql`
    with q as (${q}),
    ${scored},
    matched as materialized (
      select d.id, d.kind, d.issue_id, d.concept_id, d.slug, d.title, d.year, d.published_at, d.number, d.concepts,
        s.score * (case when d.kind = 'concept' then ${sql.raw(String(CONCEPT_WEIGHT))} else 1 end) as score
      from scored s join search_documents d on d.id = s.document_id
      where (d.kind = 'issue' or exists (select 1 from concepts c where c.id = d.concept_id and not c.hidden))
    ),
    page as (select * from matched order by score desc, id limit ${request.limit} offset ${request.offset}),
    -- Facets count every match when the search was exhaustive, the best candidates otherwise.
    faceted as (${exhaustive ? sql`select * from matched` : sql`select * from matched order by score desc limit ${FACETED_CANDIDATES}`})
    select
      (select count(*)::int from matched) as total,
      (select n from checked) as checked,
      (select coalesce(json_agg(json_build_object(
          'kind', page.kind, 'slug', page.slug, 'title', page.title, 'number', page.number,
          'published_at', page.published_at, 'score', page.score,
          'text', coalesce(i.text, concat_ws(' — ', c.definition_text, nullif(array_to_string(array(select jsonb_array_elements_text(c.aliases)), ', '), '')), '')
        ) order by page.score desc, page.id), '[]'::json)
        from page
        left join issues i on i.id = page.issue_id
        left join concepts c on c.id = page.concept_id) as hits,
      (select coalesce(json_agg(json_build_object('value', year, 'count', n) order by year desc), '[]'::json)
        from (select year, count(*)::int as n from faceted where year is not null group by year) y) as years,
      (select count(*)::int from faceted where kind = 'issue' and year is null) as undated,
      (select coalesce(json_agg(json_build_object('value', x.slug, 'label', c.name, 'count', x.n) order by x.n desc, c.name), '[]'::json)
        from (select cs.slug, count(*)::int as n from faceted, unnest(faceted.concepts) as cs(slug) group by cs.slug order by n desc, cs.slug limit 12) x
        join concepts c on c.slug = x.slug and not c.hidden) as concepts,
      (select coalesce(json_agg(json_build_object('value', kind, 'count', n) order by kind desc), '[]'::json)
        from (select kind, count(*)::int as n from faceted group by kind) k) as kinds,
      (select coalesce(array_agg(word), '{}') from search_vocabulary where lexeme = any(array(select lexeme from q))) as words`,
  );
  if (!result) return EMPTY;

  const words = new Set(result.words);
  const hits: SearchHit[] = result.hits.map((h) => ({
    kind: h.kind,
    slug: h.slug,
    title: h.title,
    url: urlOf(h.kind, h.slug),
    snippet: h.kind === "issue" || h.text ? buildSnippet(h.text, words) : highlightAll(h.title, words),
    ...(h.number !== null ? { number: h.number } : {}),
    ...(h.published_at ? { publishedAt: new Date(h.published_at).toISOString() } : {}),
    score: Math.round(h.score * 10_000) / 10_000,
  }));
  const year: SearchFacets["year"] = [...result.years, ...(result.undated > 0 ? [{ value: UNDATED, count: result.undated }] : [])];
  const facets: SearchFacets = { kind: result.kinds, year, concept: result.concepts };
  const estimate = estimateTotal(terms, documents);
  // With a phrase, scale the estimate by the share of checked candidates that had it.
  const total = exhaustive
    ? result.total
    : Math.max(result.total, Math.round(phrase ? (estimate * result.total) / Math.max(1, result.checked) : estimate));
  return { total, hits, facets };
}

export type PostgresEngine = SearchEngine & {
  /**
   * Add or replace many documents (batches, read as they are written) in one
   * transaction, with one recount of words and statistics at the end.
   */
  upsertMany(batches: AsyncIterable<SearchDocument[]>): Promise<void>;
  /** Recount after documents left by cascade (deleted issues or concepts). */
  reconcile(): Promise<void>;
  /**
   * After a large change: refresh the planner's statistics and the visibility
   * map, so queries plan well and read postings from the indexes alone
   * (autovacuum would get there, later).
   */
  tidy(): Promise<void>;
};

export function createPostgresEngine(db: Db, options: EngineOptions = {}): PostgresEngine {
  return {
    name: "postgres",
    search: (request) => searchIndex(db, request, options),
    upsert: async (documents) => {
      for (let i = 0; i < documents.length; i += 100) {
        const batch = documents.slice(i, i + 100);
        await db.transaction(async (tx) => {
          await lockIndex(tx);
          await writeBatch(tx, batch);
        });
      }
    },
    upsertMany: async (batches) => {
      // One transaction, like rebuild: a run killed halfway leaves the index as it was.
      await db.transaction(async (tx) => {
        await lockIndex(tx);
        await writeBulk(tx, batches);
      });
    },
    remove: async (ids) => {
      await db.transaction(async (tx) => {
        await lockIndex(tx);
        await removeDocuments(tx, ids);
      });
    },
    rebuild: async (batches) => {
      // One transaction: readers keep the old index until the new one is complete.
      await db.transaction(async (tx) => {
        await lockIndex(tx);
        await tx.execute(sql`delete from search_documents`);
        await tx.execute(sql`delete from search_vocabulary`);
        await writeBulk(tx, batches);
      });
    },
    reconcile: async () => {
      await db.transaction(async (tx) => {
        await lockIndex(tx);
        await reconcileAfterDeletes(tx);
      });
    },
    tidy: async () => {
      // VACUUM can't run inside a transaction block; this runs on its own.
      await db.execute(sql`vacuum (analyze) search_documents, search_postings, search_vocabulary`);
    },
  };
}

// ─── Beyond the engine: corrections and named concepts ─────────────────────

/**
 * "Did you mean": the query with each word that matches nothing replaced by
 * the closest indexed word (a looser budget than search's own typo tolerance).
 * Null when there is nothing to suggest.
 */
export async function suggestCorrection(db: Db, q: string): Promise<string | null> {
  const parsed = parseQuery(q);
  const analysed = await analyseWords(db, parsed.words);
  const unknown = analysed.filter((a) => a.lexeme !== null && !a.known && a.word.length >= 3);
  if (unknown.length === 0) return null;
  // Nearest words by trigram distance (GiST), with no similarity floor: a heavily misspelt short word shares few trigrams with the intended one.
  const candidates = await rows<Candidate>(
    db,
    sql`
    select w.word as query, v.word, v.lexeme, v.document_count as count, v.issue_count as df
    from jsonb_array_elements_text(${JSON.stringify(unknown.map((a) => a.word))}::jsonb) as w(word)
    cross join lateral (
      select word, lexeme, document_count, issue_count from search_vocabulary
      where document_count > 0
      order by word <-> w.word
      limit 20
    ) v`,
  );
  const replacements = new Map<string, string>();
  for (const a of unknown) {
    const budget = Math.max(2, Math.ceil(a.word.length / 3));
    const [best] = typoFixes(a.word, candidates, budget);
    if (best) replacements.set(a.word, best.word);
  }
  if (replacements.size === 0) return null;
  return q
    .replace(/[\p{L}\p{N}]+/gu, (w) => replacements.get(w.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase()) ?? w)
    .replace(/\s+/g, " ")
    .trim();
}

export type NamedConcept = { slug: string; title: string; url: string; snippet: string };

/** The visible concept whose name or alias is exactly what the query says (after stemming), if any. */
export async function findNamedConcept(db: Db, q: string): Promise<NamedConcept | null> {
  const [row] = await rows<{ slug: string; name: string; definition: string | null }>(
    db,
    sql`
    with k as (select search_key(${q}) as key)
    select c.slug, c.name, c.definition_text as definition
    from k, search_documents d join concepts c on c.id = d.concept_id and not c.hidden
    where k.key <> '' and d.kind = 'concept' and d.names @> array[k.key]
    order by c.score desc, c.mention_count desc, c.id
    limit 1`,
  );
  if (!row) return null;
  const words = new Set(parseQuery(q).words);
  return {
    slug: row.slug,
    title: row.name,
    url: conceptUrl(row.slug),
    snippet: row.definition ? buildSnippet(row.definition, words) : highlightAll(row.name, words),
  };
}

/** Keys of every document in the built-in index (to reconcile another engine with it). */
export async function listIndexedKeys(db: Db): Promise<Set<string>> {
  const found = await rows<{ key: string }>(db, sql`select key from search_documents`);
  return new Set(found.map((r) => r.key));
}
