/**
 * Noun phrases of a block: the spans of modifiers ending in a noun, and "X of Y" ("cost of
 * delay"). Every one is counted per issue; which are concepts is the corpus's call (extraction's
 * selection step), so this errs on proposing too much. Phrases headed by a model word ("impact
 * map") are also marked as named frameworks.
 */
import { GENERIC_MODIFIERS, GENERIC_NOUNS, isGerundWord, isJunkShape } from "./junk";
import lemmatizer from "wink-lemmatizer";
import { conceptKey } from "./keys";
import { hasVerbSense } from "./reference";
import { CONTENT_POS, FRAMEWORK_HEADS, HEAD_POS, isCapitalised, isWordToken, surfaceOf, type Word } from "./tagging";
import { singularize } from "./tokens";
import type { MarkedCandidate } from "./types";

/** May this word modify a noun inside a noun phrase? Gerunds and participles may ("validated learning"). */
function isModifier(words: Word[], i: number): boolean {
  const w = words[i]!;
  if (CONTENT_POS.has(w.pos)) return isWordToken(w);
  if (w.pos === "VERB" && /(ing|ed)$/i.test(w.text)) {
    const prev = words[i - 1];
    const next = words[i + 1];
    // After a noun, a participle opens a clause ("a study detailing normalization…"), not a modifier.
    const prevOk = !prev || ["DET", "ADP", "PUNCT", "ADJ", "CCONJ"].includes(prev.pos);
    return prevOk && !!next && HEAD_POS.has(next.pos);
  }
  return false;
}

/**
 * Is words[k], after a noun, the verb of a clause however the tagger read it: with its particle
 * ("figure out", "figure it out", "show up"), or in the base form after a plural noun and before a
 * pronoun, determiner or "how" that opens its object ("teams figure they'll…", "teams figure how…")?
 */
function isClauseVerb(words: Word[], k: number): boolean {
  const w = words[k]!.text.toLowerCase();
  if (!hasVerbSense(lemmatizer.verb(w))) return false;
  const next = words[k + 1];
  if (!next) return false;
  // ("figure it out": a pronoun may sit between the verb and its particle.)
  const particle = next.pos === "PRON" ? words[k + 2] : next;
  if (particle && /^(?:out|up)$/i.test(particle.text)) return true;
  const subject = words[k - 1]!.text.toLowerCase();
  const pluralSubject = /[^s]s$/.test(subject) && singularize(subject) !== subject;
  return (
    pluralSubject &&
    !/s$/.test(w) &&
    (["PRON", "DET", "SCONJ"].includes(next.pos) || /^(?:how|what|why)$/i.test(next.text))
  );
}

/** Linking verbs: an adjective after one is predicative ("seems easy doing…"), it modifies no noun. */
const LINKING_VERBS = new Set(["be", "seem", "become", "get", "look", "feel", "remain", "stay", "appear", "sound"]);
/** Words that may open a verb's object: after one of them an -ing word is a verb with its object ("good at building products"). */
const OBJECT_START = new Set(["NOUN", "PROPN", "DET", "PRON", "ADJ", "NUM"]);

/**
 * The words with each gerund the tagger read as a verb but an attributive adjective modifies read
 * as a noun (12w): adjectives modify nouns, not verbs, so "in-app targeting", "fine-grained
 * targeting" and "continuous planning" name activities. The adjective must be attributive (not
 * after a linking verb or a pronoun: "is busy doing", "it's worth doing" stay verbs) and the gerund
 * must take no object ("good at building products" is read as it was).
 */
export function withGerundNouns(words: Word[]): Word[] {
  let out: Word[] | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.pos !== "VERB" || !isGerundWord(w.text.toLowerCase()) || w.sentenceStart) continue;
    const next = words[i + 1];
    if (next && OBJECT_START.has(next.pos)) continue;
    const adj = words[i - 1]!;
    if (!(adj.pos === "ADJ" && isWordToken(adj) && isAttributive(words, i - 1)) && !isBareObject(words, i)) continue;
    out ??= [...words];
    out[i] = { ...w, pos: "NOUN" };
  }
  return out ?? words;
}

/**
 * Is the gerund at words[i] a finite verb's whole object, closing its clause ("it impacts learning.",
 * "we value shipping, and…") (12af)? Then it names an activity as a noun would. Not after a linking
 * verb or an auxiliary ("is learning", "seems daunting"), nor after another -ing word.
 */
function isBareObject(words: Word[], i: number): boolean {
  const verb = words[i - 1]!;
  if (verb.pos !== "VERB" || /ing$/i.test(verb.text) || LINKING_VERBS.has(lemmatizer.verb(verb.text.toLowerCase())))
    return false;
  const next = words[i + 1];
  return !next || next.pos === "PUNCT" || next.pos === "CCONJ";
}

/** Is the adjective at words[a] attributive: not after a linking verb or a pronoun ("is busy", "it's worth", "I'm good")? */
function isAttributive(words: Word[], a: number): boolean {
  const before = words[a - 1];
  if (words[a]!.sentenceStart || !before) return true;
  if (before.pos === "AUX") return false;
  if (before.pos === "PRON") return /^(?:my|our|your|his|her|its|their)$/i.test(before.text);
  return !(before.pos === "VERB" && LINKING_VERBS.has(lemmatizer.verb(before.text.toLowerCase())));
}

/** Maximal runs of modifiers ending in a noun: [start, end) word indexes. */
export function nounRuns(words: Word[]): [number, number][] {
  const runs: [number, number][] = [];
  let i = 0;
  while (i < words.length) {
    if (!isModifier(words, i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < words.length && isModifier(words, j) && !(j > i && words[j]!.sentenceStart)) j++;
    let end = j;
    while (end > i && !HEAD_POS.has(words[end - 1]!.pos)) end--;
    // "teams figure out…", "people show up", "teams figure how…": a clause's subject and verb, not a name (12e).
    if (end - i >= 2 && isClauseVerb(words, end - 1)) {
      end--;
      while (end > i && !HEAD_POS.has(words[end - 1]!.pos)) end--;
    }
    if (end > i) runs.push([i, end]);
    i = j;
  }
  return runs;
}

/**
 * Does a phrase ending before words[e] stop inside a slash compound (12ao)? A slash glued to the words
 * on both sides, with a noun after the second, joins them into one modifier of that noun ("Product/Market
 * Fit", "product/service split"), so a phrase of two words or more that ends at the slash ("Explaining
 * Product") has cut that compound in two: a fragment, not a name (the single word before it stays a use
 * of that word). Alternatives closing a phrase ("formal power/structure") are left: each reads alone.
 */
export function endsInSlashCompound(words: Word[], e: number): boolean {
  const slash = words[e];
  const after = words[e + 1];
  return (
    !!slash &&
    !!after &&
    slash.text === "/" &&
    slash.start === words[e - 1]!.end &&
    after.start === slash.end &&
    CONTENT_POS.has(after.pos) &&
    HEAD_POS.has(words[e + 2]?.pos ?? "X")
  );
}

/** Uses of each noun phrase in an issue, by key: its written forms, uses, and uses capitalised in mid-sentence. */
export type PhraseAcc = Map<string, { surfaces: Map<string, number>; n: number; caps: number }>;

function addPhrase(acc: PhraseAcc, surface: string, capitalised: boolean): void {
  const key = conceptKey(surface);
  if (!key || isJunkShape(surface)) return;
  let entry = acc.get(key);
  if (!entry) acc.set(key, (entry = { surfaces: new Map(), n: 0, caps: 0 }));
  entry.n++;
  if (capitalised) entry.caps++;
  entry.surfaces.set(surface, (entry.surfaces.get(surface) ?? 0) + 1);
}

/**
 * A possessive before a capitalised word ("Larman's Laws of Organizational Behavior", "Cockburn's
 * Heart of Agile"): the phrase before it is the owner in a longer name, and names nothing on its own (12f).
 */
function ownsLongerName(words: Word[], b: number): boolean {
  const next = words[b];
  const after = words[b + 1];
  return !!next && !!after && /^['’]s$/i.test(next.text) && isCapitalised(after.text);
}

/** Verbs whose object may be a gerund's clause ("imagine doing nothing", "avoid talking to customers"). */
const GERUND_TAKERS = new Set([
  "avoid",
  "begin",
  "consider",
  "continue",
  "discuss",
  "enjoy",
  "hate",
  "imagine",
  "keep",
  "like",
  "love",
  "mention",
  "mind",
  "practice",
  "prefer",
  "quit",
  "recommend",
  "resist",
  "risk",
  "start",
  "stop",
  "suggest",
  "try",
]);
/** Prepositions after which a gerund's clause names an activity ("talking to customers", "experimenting on users"). */
const GERUND_PREPOSITIONS = new Set(["to", "with", "about", "on", "for", "from", "without", "in"]);

/** A gerund (a verb's -ing form, by WordNet's morphology: junk.ts's isGerundWord) at words[i]? */
function isGerund(w: Word): boolean {
  return w.pos === "VERB" && isGerundWord(w.text.toLowerCase());
}

/**
 * Where a gerund's clause is used as a noun (12o): the subject of a sentence ("Doing nothing is…",
 * followed by its verb), after a preposition or a subordinating word ("the impacts of doing nothing",
 * "even if doing nothing…"), or the object of a verb that takes one ("imagine doing nothing"). After
 * "is", "not" or a pronoun it is a progressive verb ("I'm talking to customers"), no name.
 */
function nominalGerund(words: Word[], i: number, end: number): boolean {
  const prev = words[i - 1];
  if (words[i]!.sentenceStart || !prev) {
    const after = words[end];
    return !!after && (after.pos === "AUX" || after.pos === "VERB");
  }
  if (prev.pos === "ADP" || prev.pos === "SCONJ") return true;
  return prev.pos === "VERB" && GERUND_TAKERS.has(lemmatizer.verb(prev.text.toLowerCase()));
}

/**
 * An activity named by a gerund and its complement, where the clause is used as a noun (12o):
 * "doing nothing", "talking to customers" (a preposition and a noun of up to two words, no
 * article). A gerund before its object noun ("building features") is already a noun phrase's modifier.
 */
function collectGerundPhrases(text: string, words: Word[], acc: PhraseAcc): void {
  for (let i = 0; i + 1 < words.length; i++) {
    if (!isGerund(words[i]!)) continue;
    const next = words[i + 1]!;
    let end = -1;
    if (/^nothing$/i.test(next.text)) end = i + 2;
    else if (next.pos === "ADP" && GERUND_PREPOSITIONS.has(next.text.toLowerCase())) {
      let j = i + 2;
      while (j < words.length && j < i + 4 && CONTENT_POS.has(words[j]!.pos) && isWordToken(words[j]!)) j++;
      // The noun run must end there: a longer one ("talking to enterprise customer success teams") is
      // another thing, and one before "of" ("thinking in terms of…", "working with a lot of…") a frame.
      const after = words[j];
      if (
        j > i + 2 &&
        HEAD_POS.has(words[j - 1]!.pos) &&
        !(after && (HEAD_POS.has(after.pos) || /^of$/i.test(after.text)))
      )
        end = j;
    }
    if (end < 0 || !nominalGerund(words, i, end)) continue;
    addPhrase(acc, surfaceOf(text, words, i, end), false);
  }
}

/**
 * Coordinated modifiers share their head (12af): "churn and retention rates" speaks of the churn
 * rate and the retention rate, "qualitative and quantitative data" of qualitative data too. The
 * first side is one modifier in the base form (a noun used as a modifier takes no plural: "customers
 * and support tickets" joins two things), not a generic one ("new and existing users"), and the
 * second is a modifier and its head, the shape the first side borrows.
 */
function collectSharedHeads(words: Word[], runs: [number, number][], acc: PhraseAcc): void {
  for (const [a, b] of runs) {
    if (b - a !== 2 || a < 2 || !/^(?:and|or)$/i.test(words[a - 1]!.text)) continue;
    const side = words[a - 2]!;
    const norm = side.text.toLowerCase();
    if (!CONTENT_POS.has(side.pos) || !isWordToken(side) || GENERIC_MODIFIERS.has(norm) || singularize(norm) !== norm)
      continue;
    // One modifier alone ("customer churn and retention rates" is left), of the other's kind: two adjectives or two nouns.
    const before = words[a - 3];
    if ((before && isModifier(words, a - 3)) || (side.pos === "ADJ") !== (words[a]!.pos === "ADJ")) continue;
    addPhrase(acc, `${side.text} ${words[b - 1]!.text}`, false);
  }
}

/**
 * "Change in progress", "work in progress" (12af): a noun with a postpositive "in progress" names the
 * stock of that thing started and not finished, one name as its acronym (WIP) shows, which a noun phrase
 * ending at the noun cuts in two. The head noun alone takes it ("too much change in progress").
 */
function collectInProgress(text: string, words: Word[], runs: [number, number][], acc: PhraseAcc): void {
  for (const [, b] of runs) {
    const after = words[b];
    const next = words[b + 1];
    if (!after || !next || !/^in$/i.test(after.text) || !/^progress$/i.test(next.text)) continue;
    // "progress" must close the phrase: "in progress reports" is another thing.
    const following = words[b + 2];
    if (following && HEAD_POS.has(following.pos)) continue;
    addPhrase(acc, surfaceOf(text, words, b - 1, b + 2), false);
  }
}

/** Noun phrases of a block: every span of up to four words ending in a noun, plus "X of Y". */
export function collectPhrases(
  text: string,
  tagged: Word[],
  heading: boolean,
  acc: PhraseAcc,
  marked: MarkedCandidate[],
  blockId: string,
): void {
  // The gerund-phrase reading below wants the tagger's verbs as they are.
  const words = withGerundNouns(tagged);
  const runs = nounRuns(words);
  for (const [a, b] of runs) {
    for (let e = a + 1; e <= b; e++) {
      if (!HEAD_POS.has(words[e - 1]!.pos)) continue;
      if (e === b && ownsLongerName(words, b)) continue;
      const cut = endsInSlashCompound(words, e);
      for (let s = Math.max(a, e - 4); s < e; s++) {
        if (cut && e - s >= 2) continue;
        const first = words[s]!;
        // A phrase doesn't start with a participle unless it opens the run ("validated learning").
        if (first.pos === "VERB" && s !== a) continue;
        const surface = surfaceOf(text, words, s, e);
        const span = words.slice(s, e);
        const midSentence = !first.sentenceStart;
        const capitalised = !heading && span.every((w) => isCapitalised(w.text)) && (midSentence || span.length > 1);
        addPhrase(acc, surface, capitalised);
        const head = singularize(words[e - 1]!.text.toLowerCase());
        if (
          e - s >= 2 &&
          FRAMEWORK_HEADS.has(head) &&
          !(first.pos === "VERB" && first.sentenceStart) &&
          !GENERIC_MODIFIERS.has(first.text.toLowerCase()) &&
          !GENERIC_NOUNS.has(first.text.toLowerCase())
        ) {
          marked.push({ key: conceptKey(surface), surface, source: "framework", blockId });
        }
      }
    }
  }
  collectGerundPhrases(text, tagged, acc);
  collectSharedHeads(words, runs, acc);
  collectInProgress(text, words, runs, acc);
  // "cost of delay", "theory of constraints", "normalization of deviance"
  for (let k = 0; k + 1 < runs.length; k++) {
    const [a1, b1] = runs[k]!;
    const [a2, b2] = runs[k + 1]!;
    if (a2 !== b1 + 1 || words[b1]!.text.toLowerCase() !== "of") continue;
    const e = Math.min(b2, a2 + 2);
    if (!HEAD_POS.has(words[e - 1]!.pos)) continue;
    // "post Normalization of deviance": the left side may be the head noun alone or with one modifier.
    for (let s = Math.max(a1, b1 - 2); s < b1; s++) {
      if (GENERIC_NOUNS.has(words[s]!.text.toLowerCase()) || (words[s]!.pos === "VERB" && s !== a1)) continue;
      const surface = surfaceOf(text, words, s, e);
      const capitalised =
        !heading && isCapitalised(words[s]!.text) && isCapitalised(words[e - 1]!.text) && !words[s]!.sentenceStart;
      addPhrase(acc, surface, capitalised);
    }
  }
}
