/**
 * The built-in search engine: Postgres full text, no other server needed.
 *
 * - Documents get a weighted tsvector (A title, B concepts, C headings, D body)
 *   under the `concordance_english` configuration (unaccent + English stemming),
 *   with a GIN index; quoted phrases are matched against it.
 * - Ranking is BM25 over an inverted index derived from those tsvectors
 *   (search_postings): OR semantics, so a question whose words are not all in
 *   one issue still finds the issue that shares the rarest ones. Each query word
 *   contributes the best of its alternatives (exact, completion, typo fix).
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
} from "./engine";
import { allowedTypos, buildSnippet, editDistance, highlightAll, parseQuery } from "./text";

/** Anything that runs SQL: the database or a transaction. */
type Executor = Pick<Db, "execute">;

/** Term-frequency weight of each tsvector weight class: title, concepts, headings, body. */
export const FIELD_WEIGHTS = { A: 6, B: 3, C: 2, D: 1 } as const;
const K1 = 1.2;
const B = 0.75;
/** Query weights of a word's alternatives relative to the word as typed. */
const COMPLETION_WEIGHT = 0.85;
const COMPLETION_OF_KNOWN_WORD_WEIGHT = 0.35;
const TYPO_WEIGHT = [1, 0.8, 0.6] as const;
const MAX_COMPLETIONS = 8;
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

/** Add or replace documents, their postings and their words; `db` may be a transaction. */
async function writeDocuments(db: Executor, documents: SearchDocument[]): Promise<string[]> {
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
  const ids = JSON.stringify(written.map((r) => r.id));

  const removed = await rows<{ lexeme: string }>(
    db,
    sql`delete from search_postings where document_id in (select value::int from jsonb_array_elements_text(${ids}::jsonb)) returning lexeme`,
  );
  const added = await rows<{ lexeme: string }>(
    db,
    sql`
    insert into search_postings (lexeme, document_id, tf, length)
    select u.lexeme, d.id, (select sum(${WEIGHT_CASE}) from unnest(u.weights) w), d.length
    from search_documents d cross join lateral unnest(d.tsv) u
    where d.id in (select value::int from jsonb_array_elements_text(${ids}::jsonb))
    returning lexeme`,
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
    where not exists (select 1 from search_vocabulary v where v.word = words.w)
    on conflict (word) do nothing`);

  const affected = new Set([...removed, ...added].map((r) => r.lexeme));
  await refreshDocumentCounts(db, [...affected]);
  return documents.map((d) => d.id);
}

async function refreshDocumentCounts(db: Executor, lexemes: string[] | "all"): Promise<void> {
  if (lexemes === "all") {
    await db.execute(sql`
      update search_vocabulary v set document_count = c.n
      from (select lexeme, count(*)::int as n from search_postings group by lexeme) c
      where v.lexeme = c.lexeme`);
    return;
  }
  if (lexemes.length === 0) return;
  await db.execute(sql`
    with l as (select value as lexeme from jsonb_array_elements_text(${JSON.stringify(lexemes)}::jsonb)),
    c as (select l.lexeme, (select count(*)::int from search_postings p where p.lexeme = l.lexeme) as n from l)
    update search_vocabulary v set document_count = c.n from c
    where v.lexeme = c.lexeme and v.document_count <> c.n`);
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
      delete from search_documents where key in (select value from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))
      returning id
    )
    select distinct p.lexeme from search_postings p join gone on gone.id = p.document_id`,
  );
  // The postings go with their document (on delete cascade); recount what they held.
  await refreshDocumentCounts(db, removed.map((r) => r.lexeme));
}

// ─── Reading the query ──────────────────────────────────────────────────────

type Term = { i: number; lexeme: string; weight: number };

type WordAnalysis = { i: number; word: string; lexeme: string | null; known: boolean };

async function analyseWords(db: Executor, words: string[]): Promise<WordAnalysis[]> {
  if (words.length === 0) return [];
  return rows<WordAnalysis>(
    db,
    sql`
    select (w.i - 1)::int as i, w.word, l.lexeme,
      (l.lexeme is not null and exists (select 1 from search_postings p where p.lexeme = l.lexeme)) as known
    from jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) with ordinality as w(word, i)
    left join lateral (select lexeme from unnest(to_tsvector(${CONFIG}, w.word)) limit 1) l on true
    order by w.i`,
  );
}

type Candidate = { query: string; word: string; lexeme: string; count: number };

/** Vocabulary words close to each given word (trigram similarity, most similar first). */
async function similarWords(db: Executor, words: string[], perWord = 12): Promise<Candidate[]> {
  if (words.length === 0) return [];
  return rows<Candidate>(
    db,
    sql`
    select w.word as query, v.word, v.lexeme, v.document_count as count
    from jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) as w(word)
    cross join lateral (
      select word, lexeme, document_count from search_vocabulary
      where word % w.word and document_count > 0
      order by similarity(word, w.word) desc, document_count desc
      limit ${perWord}
    ) v`,
  );
}

async function completions(db: Executor, prefix: string): Promise<{ lexeme: string; count: number }[]> {
  // Words are [[:alnum:]] only, so the prefix holds no LIKE wildcards.
  return rows(
    db,
    sql`
    select lexeme, max(document_count)::int as count from search_vocabulary
    where word like ${`${prefix}%`} and document_count > 0
    group by lexeme order by count desc, lexeme limit ${MAX_COMPLETIONS}`,
  );
}

/** The closest candidates within the word's typo budget, as lexemes with the word's distance to them. */
function typoFixes(word: string, candidates: Candidate[], budget = allowedTypos(word)): { lexeme: string; word: string; distance: number; count: number }[] {
  const best = new Map<string, { lexeme: string; word: string; distance: number; count: number }>();
  for (const c of candidates) {
    if (c.query !== word) continue;
    const distance = editDistance(word, c.word, budget);
    if (distance === 0 || distance > budget) continue;
    const seen = best.get(c.lexeme);
    if (!seen || distance < seen.distance || (distance === seen.distance && c.count > seen.count)) {
      best.set(c.lexeme, { lexeme: c.lexeme, word: c.word, distance, count: c.count });
    }
  }
  const fixes = [...best.values()].sort((a, b) => a.distance - b.distance || b.count - a.count);
  const closest = fixes[0]?.distance;
  return fixes.filter((f) => f.distance === closest).slice(0, 3);
}

/** Each query word with the lexemes that may stand for it, weighted. */
async function planTerms(db: Executor, q: string): Promise<{ terms: Term[]; phrases: string[] }> {
  const parsed = parseQuery(q);
  const analysed = await analyseWords(db, parsed.words);
  const last = analysed.length - 1;
  const terms: Term[] = [];

  const prefixWord = parsed.lastWordIsPrefix ? analysed[last] : undefined;
  const completed = prefixWord && prefixWord.word.length >= 2 ? await completions(db, prefixWord.word) : [];
  const needFixing = analysed.filter(
    (a) => a.lexeme !== null && !a.known && allowedTypos(a.word) > 0 && !(a === prefixWord && completed.length > 0),
  );
  const candidates = await similarWords(db, needFixing.map((a) => a.word));

  for (const a of analysed) {
    if (a.lexeme === null) continue; // a stop word
    if (a.known) terms.push({ i: a.i, lexeme: a.lexeme, weight: 1 });
    if (a === prefixWord) {
      const weight = a.known ? COMPLETION_OF_KNOWN_WORD_WEIGHT : COMPLETION_WEIGHT;
      for (const c of completed) if (c.lexeme !== a.lexeme) terms.push({ i: a.i, lexeme: c.lexeme, weight });
    }
    if (needFixing.includes(a)) {
      for (const fix of typoFixes(a.word, candidates)) {
        terms.push({ i: a.i, lexeme: fix.lexeme, weight: TYPO_WEIGHT[fix.distance] ?? 0.5 });
      }
    }
  }
  // A lexeme is scored once, for the word where it weighs most.
  const byLexeme = new Map<string, Term>();
  for (const t of terms) {
    const seen = byLexeme.get(t.lexeme);
    if (!seen || t.weight > seen.weight) byLexeme.set(t.lexeme, t);
  }
  return { terms: [...byLexeme.values()], phrases: parsed.phrases };
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
  hits: HitRow[];
  years: { value: number; count: number }[];
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

async function searchIndex(db: Executor, request: SearchRequest): Promise<EngineResult> {
  const { terms, phrases } = await planTerms(db, request.q);
  if (terms.length === 0) return { total: 0, hits: [], facets: { kind: [], year: [], concept: [] } };

  const filters: SQL[] = [sql`(d.kind = 'issue' or exists (select 1 from concepts c where c.id = d.concept_id and not c.hidden))`];
  if (request.kind !== "all") filters.push(sql`d.kind = ${request.kind}`);
  if (request.year !== undefined) filters.push(sql`d.year = ${request.year}`);
  if (request.concept !== undefined) filters.push(sql`d.concepts @> array[${request.concept}::text]`);
  if (phrases.length > 0) {
    const query = sql.join(
      phrases.map((p) => sql`phraseto_tsquery(${CONFIG}, ${p})`),
      sql` && `,
    );
    filters.push(sql`d.id in (select id from search_documents where tsv @@ (${query}))`);
  }

  const [result] = await rows<ResultRow>(
    db,
    sql`
    with q as (select * from jsonb_to_recordset(${JSON.stringify(terms)}::jsonb) as q(i int, lexeme text, weight float8)),
    stats as (select greatest(count(*), 1)::float8 as n, greatest(avg(length), 1)::float8 as avgdl from search_documents),
    p as (
      select p.document_id, q.i, q.lexeme, q.weight, p.tf, p.length
      from q join search_postings p on p.lexeme = q.lexeme
    ),
    df as (select lexeme, count(*)::float8 as df from p group by lexeme),
    per_word as (
      select p.document_id, p.i,
        max(p.weight * ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
          * (p.tf * ${sql.raw(String(K1 + 1))}) / (p.tf + ${sql.raw(String(K1))} * (1 - ${sql.raw(String(B))} + ${sql.raw(String(B))} * p.length / s.avgdl))) as s
      from p join df using (lexeme) cross join stats s
      group by p.document_id, p.i
    ),
    scored as (select document_id, sum(s) as score from per_word group by document_id),
    matched as materialized (
      select d.id, d.kind, d.issue_id, d.concept_id, d.slug, d.title, d.year, d.published_at, d.number, d.concepts, s.score
      from scored s join search_documents d on d.id = s.document_id
      where ${sql.join(filters, sql` and `)}
    ),
    page as (select * from matched order by score desc, id limit ${request.limit} offset ${request.offset})
    select
      (select count(*)::int from matched) as total,
      (select coalesce(json_agg(json_build_object(
          'kind', page.kind, 'slug', page.slug, 'title', page.title, 'number', page.number,
          'published_at', page.published_at, 'score', page.score,
          'text', coalesce(i.text, concat_ws(' — ', c.definition_text, nullif(array_to_string(array(select jsonb_array_elements_text(c.aliases)), ', '), '')), '')
        ) order by page.score desc, page.id), '[]'::json)
        from page
        left join issues i on i.id = page.issue_id
        left join concepts c on c.id = page.concept_id) as hits,
      (select coalesce(json_agg(json_build_object('value', year, 'count', n) order by year desc), '[]'::json)
        from (select year, count(*)::int as n from matched where year is not null group by year) y) as years,
      (select coalesce(json_agg(json_build_object('value', x.slug, 'label', c.name, 'count', x.n) order by x.n desc, c.name), '[]'::json)
        from (select cs.slug, count(*)::int as n from matched, unnest(matched.concepts) as cs(slug) group by cs.slug order by n desc, cs.slug limit 12) x
        join concepts c on c.slug = x.slug and not c.hidden) as concepts,
      (select coalesce(json_agg(json_build_object('value', kind, 'count', n) order by kind desc), '[]'::json)
        from (select kind, count(*)::int as n from matched group by kind) k) as kinds,
      (select coalesce(array_agg(word), '{}') from search_vocabulary where lexeme in (select lexeme from q)) as words`,
  );
  if (!result) return { total: 0, hits: [], facets: { kind: [], year: [], concept: [] } };

  const words = new Set(result.words);
  const hits: SearchHit[] = result.hits.map((h) => ({
    kind: h.kind,
    slug: h.slug,
    title: h.title,
    url: urlOf(h.kind, h.slug),
    snippet: h.kind === "issue" ? buildSnippet(h.text, words) : h.text ? buildSnippet(h.text, words) : highlightAll(h.title, words),
    ...(h.number !== null ? { number: h.number } : {}),
    ...(h.published_at ? { publishedAt: new Date(h.published_at).toISOString() } : {}),
    score: Math.round(h.score * 10_000) / 10_000,
  }));
  const facets: SearchFacets = { kind: result.kinds, year: result.years, concept: result.concepts };
  return { total: result.total, hits, facets };
}

export function createPostgresEngine(db: Db): SearchEngine {
  return {
    name: "postgres",
    search: (request) => searchIndex(db, request),
    upsert: async (documents) => {
      for (let i = 0; i < documents.length; i += 100) {
        const batch = documents.slice(i, i + 100);
        await db.transaction(async (tx) => {
          await lockIndex(tx);
          await writeDocuments(tx, batch);
        });
      }
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
        for await (const batch of batches) {
          for (let i = 0; i < batch.length; i += 100) await writeDocuments(tx, batch.slice(i, i + 100));
        }
        await refreshDocumentCounts(tx, "all");
      });
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
  const candidates = await db.transaction(async (tx) => {
    // Looser than search's own: a heavily misspelt short word shares few trigrams with the intended one.
    await tx.execute(sql`set local pg_trgm.similarity_threshold = 0.1`);
    return similarWords(tx, unknown.map((a) => a.word), 40);
  });
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
