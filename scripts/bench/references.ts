/**
 * The engines Concordance's built-in search is measured against, over the same
 * documents, in the same process and run:
 *  - a plain BM25 (k1 1.2, b 0.75, title + text, a stop-word list, light
 *    suffix stemming: what a reader could write in sixty lines);
 *  - SQLite FTS5 through better-sqlite3, with its bm25() ranking, the Porter
 *    tokenizer and accents folded, OR semantics, the last word completed as a
 *    prefix while typed, and its snippet() — what a reader could pick instead.
 */
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { STOP_WORDS, foldWord } from "@/lib/search/analyze";

export type ReferenceDoc = { key: string; kind: "issue" | "concept"; title: string; text: string; year: number | null };

/** Every issue and visible concept, as `issue:<slug>` / `concept:<slug>`. */
export async function loadReferenceDocs(db: Db): Promise<ReferenceDoc[]> {
  const issues = (await db.execute(
    sql`select slug, title, text, extract(year from published_at)::int as year from issues order by id`,
  )) as unknown as { slug: string; title: string; text: string; year: number | null }[];
  const concepts = (await db.execute(
    sql`select slug, name, aliases, coalesce(definition_text, '') as definition from concepts where not hidden order by id`,
  )) as unknown as { slug: string; name: string; aliases: string[]; definition: string }[];
  return [
    ...issues.map((i) => ({
      key: `issue:${i.slug}`,
      kind: "issue" as const,
      title: i.title,
      text: i.text,
      year: i.year,
    })),
    ...concepts.map((c) => ({
      key: `concept:${c.slug}`,
      kind: "concept" as const,
      title: c.name,
      text: [...c.aliases, c.definition].join("\n"),
      year: null,
    })),
  ];
}

// ─── Plain BM25 ─────────────────────────────────────────────────────────────

/** Harman's S-stemmer: plurals only. */
function lightStem(w: string): string {
  if (w.length > 4 && w.endsWith("ies") && !/[ae]ies$/.test(w)) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith("es") && !/[aeo]es$/.test(w)) return w.slice(0, -1);
  if (w.length > 3 && w.endsWith("s") && !/[us]s$/.test(w)) return w.slice(0, -1);
  return w;
}

function plainTerms(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? [])
    .map(foldWord)
    .filter((w) => !STOP_WORDS.has(w))
    .map(lightStem);
}

export type Reference = { name: string; search(q: string, kind: "all" | "issue", k: number): string[] };

export function createPlainBm25(docs: ReferenceDoc[]): Reference {
  const indexed = docs.map((d) => {
    const terms = new Map<string, number>();
    const tokens = plainTerms(`${d.title}\n${d.text}`);
    for (const t of tokens) terms.set(t, (terms.get(t) ?? 0) + 1);
    return { key: d.key, kind: d.kind, terms, length: tokens.length };
  });
  const df = new Map<string, number>();
  for (const d of indexed) for (const t of d.terms.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = indexed.length;
  const avgdl = indexed.reduce((s, d) => s + d.length, 0) / Math.max(1, n);
  const k1 = 1.2;
  const b = 0.75;
  return {
    name: "plain BM25",
    search(q, kind, k) {
      const terms = [...new Set(plainTerms(q))];
      const scores: { key: string; score: number }[] = [];
      for (const d of indexed) {
        if (kind !== "all" && d.kind !== kind) continue;
        let score = 0;
        for (const t of terms) {
          const tf = d.terms.get(t);
          if (!tf) continue;
          const f = df.get(t) ?? 0;
          score +=
            Math.log(1 + (n - f + 0.5) / (f + 0.5)) * ((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / avgdl)));
        }
        if (score > 0) scores.push({ key: d.key, score });
      }
      return scores
        .sort((x, y) => y.score - x.score || x.key.localeCompare(y.key))
        .slice(0, k)
        .map((s) => s.key);
    },
  };
}

// ─── SQLite FTS5 ────────────────────────────────────────────────────────────

export type Fts5Hit = { key: string; snippet: string };

export type Fts5Reference = Reference & {
  /** Ranked keys with FTS5's own snippets (what a page of results needs). */
  query(q: string, kind: "all" | "issue", k: number, year?: number): Fts5Hit[];
  close(): void;
};

/** An FTS5 MATCH expression: every word quoted (no operators from the reader), OR-ed, the last one a prefix while typed. */
export function fts5Expression(q: string): string | null {
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  const typing = /[\p{L}\p{N}]$/u.test(q);
  return words.map((w, i) => `"${w}"${typing && i === words.length - 1 ? "*" : ""}`).join(" OR ");
}

export function createFts5(docs: ReferenceDoc[], file = ":memory:"): Fts5Reference {
  const db = new Database(file);
  db.exec(
    `create virtual table docs using fts5(key unindexed, kind unindexed, year unindexed, title, text, tokenize = 'porter unicode61 remove_diacritics 2')`,
  );
  const insert = db.prepare("insert into docs (key, kind, year, title, text) values (?, ?, ?, ?, ?)");
  db.transaction(() => {
    for (const d of docs) insert.run(d.key, d.kind, d.year, d.title, d.text);
  })();
  const select = (where: string) =>
    db.prepare(
      `select key, snippet(docs, 4, '<mark>', '</mark>', ' … ', 32) as snippet from docs where docs match ? ${where} order by bm25(docs) limit ?`,
    );
  const statements = {
    all: select(""),
    issue: select("and kind = 'issue'"),
    allInYear: select("and year = ?"),
    issueInYear: select("and kind = 'issue' and year = ?"),
  };
  const query = (q: string, kind: "all" | "issue", k: number, year?: number): Fts5Hit[] => {
    const expression = fts5Expression(q);
    if (!expression) return [];
    if (year === undefined) return statements[kind].all(expression, k) as Fts5Hit[];
    return statements[kind === "all" ? "allInYear" : "issueInYear"].all(expression, year, k) as Fts5Hit[];
  };
  return {
    name: "SQLite FTS5",
    query,
    search: (q, kind, k) => query(q, kind, k).map((h) => h.key),
    close: () => db.close(),
  };
}
