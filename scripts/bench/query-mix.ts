/**
 * The deterministic mix of queries the search benchmark times (and
 * scripts/bench/search-profile.ts replays): keywords, questions, unfinished
 * words, typos, quoted phrases, concept names, some with a year filter, all
 * drawn from the indexed text itself.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { makeRandom } from "@/lib/random";
import type { SearchRequest } from "@/lib/search";

const QUESTION_STARTS = [
  "how do I",
  "why does",
  "what is the best way to handle",
  "when should we",
  "how can a team avoid",
];

export type MixedQuery = { type: string; request: SearchRequest };

/** A deterministic mix of queries drawn from the indexed text itself. */
export async function buildQueryMix(db: Db, count: number, seed = 7): Promise<MixedQuery[]> {
  const rand = makeRandom(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const issues = (await db.execute(sql`
    select title, substr(text, 1, 2000) as text, extract(year from published_at)::int as year
    from issues order by id`)) as unknown as { title: string; text: string; year: number | null }[];
  const concepts = (await db.execute(sql`select name from concepts where not hidden limit 500`)) as unknown as {
    name: string;
  }[];
  if (issues.length === 0) throw new Error("no issues to build queries from");
  const wordsOf = (s: string) => (s.match(/[\p{L}]{3,}/gu) ?? []).map((w) => w.toLowerCase());

  const queries: MixedQuery[] = [];
  for (let i = 0; i < count; i++) {
    const issue = pick(issues);
    const titleWords = wordsOf(issue.title);
    const textWords = wordsOf(issue.text);
    const word = pick(titleWords.length > 0 ? titleWords : textWords.length > 0 ? textWords : ["search"]);
    const roll = rand();
    let q: string;
    let type: string;
    if (roll < 0.25) {
      type = "keywords";
      q = [word, pick(textWords.length > 0 ? textWords : [word])].join(" ");
    } else if (roll < 0.45) {
      type = "question";
      const start = Math.floor(rand() * Math.max(1, textWords.length - 4));
      q = `${pick(QUESTION_STARTS)} ${textWords.slice(start, start + 4).join(" ")}`;
    } else if (roll < 0.6) {
      type = "prefix";
      q = word.slice(0, 3 + Math.floor(rand() * 4));
    } else if (roll < 0.75) {
      type = "typo";
      const at = Math.min(word.length - 2, 1 + Math.floor(rand() * (word.length - 2)));
      q = word.length >= 5 ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : word;
    } else if (roll < 0.85) {
      type = "phrase";
      const start = Math.floor(rand() * Math.max(1, textWords.length - 3));
      q = `"${textWords.slice(start, start + 2 + Math.floor(rand() * 2)).join(" ")}"`;
    } else {
      type = concepts.length > 0 ? "concept" : "title";
      q = concepts.length > 0 ? pick(concepts).name : issue.title;
    }
    const withYear = rand() < 0.1 && issue.year !== null;
    if (withYear) type = `${type}+year`;
    queries.push({
      type: withYear ? "filtered" : type,
      request: { q: q.slice(0, 256), kind: "all", limit: 10, offset: 0, ...(withYear ? { year: issue.year! } : {}) },
    });
  }
  return queries;
}
