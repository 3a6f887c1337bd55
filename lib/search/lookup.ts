/**
 * What a query may ask for besides documents matching its words, answered the
 * same whichever engine searches: an issue by its number ("125", "TBM 21"), a
 * concept by its name or alias (even while its last word is being typed), and,
 * when nothing matches, the query spelt as the archive spells it ("did you
 * mean"). Names and spellings are looked up in the built-in index, which every
 * server holds whatever engine it searches with; each engine finds numbered
 * issues its own way from the lookup read here.
 */
import { phraseKey, tokenize, wordsKey } from "./analyze";
import type { EngineResult } from "./engine";
import type { MemoryIndex } from "./memory-index";
import { typoFixes } from "./query-plan";
import { buildSnippet, highlightAll, parseQuery } from "./text";

/** The answer to a query that matches nothing (or has no words to match). */
export function emptyResult(): EngineResult {
  return { total: 0, hits: [], facets: { kind: [], year: [], concept: [] } };
}

export type NumberLookup = { number: number; series: string | null; rest: string };

/**
 * "125", "#125", "no. 125", "issue 125", "TBM 21", "TBM 7/53", "tbm #7":
 * a number, or a series the index knows followed by a number, at the start of
 * the query (what follows, if anything, is searched as usual).
 */
export function parseNumberLookup(q: string, seriesNames: ReadonlyMap<string, string>): NumberLookup | null {
  const text = q.trim();
  const bare = /^(?:(?:issue|number|no\.?|nr\.?)\s*)?#?\s*(\d{1,6})(?:\s*\/\s*\d{1,6})?$/iu.exec(text);
  if (bare) return { number: Number(bare[1]), series: null, rest: "" };
  const withSeries = /^(.+?)\s*#?\s*(\d{1,6})(?:\s*\/\s*\d{1,6})?(?=$|[\s:,.;!?—–-])[\s:,.;!?—–-]*(.*)$/su.exec(text);
  if (!withSeries) return null;
  const named = seriesNames.get(wordsKey(withSeries[1]!));
  if (!named) return null;
  return { number: Number(withSeries[2]), series: named, rest: withSeries[3]!.trim() };
}

export type NamedConcept = { slug: string; title: string; url: string; snippet: string };

/**
 * While the last word is still being typed ("feature fac"), the visible
 * concepts whose name or alias it completes: the same number of words, the
 * earlier ones equal (after stemming), the last one starting with what was
 * typed. A few letters alone name nothing: at least three after another word,
 * four on their own.
 */
function conceptsCompleting(index: MemoryIndex, q: string): number[] {
  if (!/[\p{L}\p{N}]$/u.test(q)) return [];
  const tokens = tokenize(q);
  const typing = tokens[tokens.length - 1];
  if (!typing) return [];
  const head = tokens
    .slice(0, -1)
    .filter((t) => !t.stop)
    .map((t) => t.term)
    .join(" ");
  if (typing.word.length < (head ? 3 : 4)) return [];
  // A name's last word is known by its stem; the words of the archive that stem to it say how it is written.
  const completes = (term: string) => {
    if (term.startsWith(typing.term)) return true;
    const id = index.lexicon.termIds.get(term);
    return (
      id !== undefined && (index.termWords[id] ?? []).some((wid) => index.lexicon.words[wid]!.startsWith(typing.word))
    );
  };
  const found = new Set<number>();
  // Stems keep a word's first letter: only names whose last word starts with the typed one's are read.
  for (const key of index.namesByLastInitial.get(typing.word[0]!) ?? []) {
    const at = key.lastIndexOf(" ");
    if ((at < 0 ? "" : key.slice(0, at)) !== head || !completes(key.slice(at + 1))) continue;
    for (const slot of index.names.get(key)!) if (index.isVisible(slot)) found.add(slot);
  }
  return [...found];
}

/** The visible concept whose name or alias is what the query says (after stemming), or completes it as typed. */
export function findNamedConcept(index: MemoryIndex, q: string): NamedConcept | null {
  const key = phraseKey(q);
  if (!key) return null;
  let slots = (index.names.get(key) ?? []).filter((slot) => index.isVisible(slot));
  if (slots.length === 0) slots = conceptsCompleting(index, q);
  if (slots.length === 0) return null;
  const state = (slot: number) => index.concepts.get(index.docs[slot]!.refId)!;
  const [best] = slots.sort(
    (a, b) =>
      state(b).score - state(a).score ||
      state(b).mentions - state(a).mentions ||
      index.docs[a]!.refId - index.docs[b]!.refId,
  );
  const d = index.docs[best!]!;
  const words = new Set(parseQuery(q).words);
  const definition = d.snippetText.split(" — ")[0] ?? "";
  return {
    slug: d.slug,
    title: d.title,
    url: d.url,
    snippet: definition ? buildSnippet(definition, words) : highlightAll(d.title, words),
  };
}

/**
 * "Did you mean": the query with each word that matches nothing replaced by
 * the closest indexed word (a looser budget than search's own typo tolerance).
 */
export function suggestCorrection(index: MemoryIndex, q: string): string | null {
  let out = "";
  let cursor = 0;
  let changed = false;
  for (const t of tokenize(q)) {
    if (t.stop || t.word.length < 3 || index.known(index.lexicon.termIds.get(t.term))) continue;
    const candidates = index.vocabulary.similarWords(t.word, 20, 0).map((s) => s.word);
    const [best] = typoFixes(index, t.word, candidates, Math.max(2, Math.ceil(t.word.length / 3)));
    if (!best) continue;
    out += q.slice(cursor, t.start) + index.lexicon.words[best.word]!;
    cursor = t.end;
    changed = true;
  }
  if (!changed) return null;
  return (out + q.slice(cursor)).replace(/\s+/g, " ").trim();
}
