/**
 * Part-of-speech tagging of a block, and the fixes the rest of candidate extraction relies on.
 * wink-nlp's lite English model (bundled: no network, no downloaded weights) reads Headline Case
 * as proper nouns, splits "stop-the-line" into five tokens and tags unknown plurals as adjectives;
 * each fix below undoes one such misreading where it would cost a name, so phrases and marked
 * names (phrases.ts, title-names.ts, text-marks.ts) can trust the tags.
 */
import lemmatizer from "wink-lemmatizer";
import winkNLP, { type ItemSentence, type WinkMethods } from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { lexicon } from "./wordnet-data";
import { hasVerbSense, inWordNet } from "./reference";

let nlp: WinkMethods | undefined;
function getNlp(): WinkMethods {
  // Sentence boundaries and part-of-speech tags are all we use; skipping the
  // other pipes (entities, negation, sentiment) roughly halves the time.
  nlp ??= winkNLP(model, ["sbd", "pos"]);
  return nlp;
}

type Pos = string;

/** A word of a block as tagged: hyphenated compounds ("stop-the-line") are one word. */
export type Word = {
  text: string;
  pos: Pos;
  start: number;
  end: number;
  sentenceStart: boolean;
};

/** Heads of named models and laws ("impact map", "Goodhart's law"): a phrase ending in one names a framework. */
export const FRAMEWORK_HEADS = new Set([
  "framework",
  "model",
  "loop",
  "canvas",
  "map",
  "matrix",
  "principle",
  "method",
  "methodology",
  "theory",
  "law",
  "effect",
  "diagram",
  "triangle",
  "flywheel",
  "cycle",
  "pyramid",
  "quadrant",
  "spectrum",
  "curve",
  "heuristic",
  "technique",
  "metric",
  "game",
  "paradox",
  "fallacy",
  "bias",
  "trap",
]);

export const CONTENT_POS = new Set(["ADJ", "NOUN", "PROPN"]);
export const HEAD_POS = new Set(["NOUN", "PROPN"]);

export function isCapitalised(text: string): boolean {
  return /^[A-Z]/.test(text);
}

/**
 * Headline Case ("How Teams Figure It Out") misleads the tagger into reading
 * every word as a proper noun; it tags better in lower case. Acronyms keep
 * their capitals. The replacement keeps every offset.
 */
function caseForTagging(text: string): string {
  const words = text.match(/[A-Za-z][\w'’-]*/g) ?? [];
  const capitalised = words.filter((w) => /^[A-Z]/.test(w)).length;
  if (words.length < 2 || capitalised < Math.max(2, words.length * 0.6)) return text;
  return text.replace(/[A-Za-z][\w'’-]*/g, (w) => (/^[A-Z][A-Z0-9&]+s?$/.test(w) ? w : w.toLowerCase()));
}

/**
 * A possessive determiner ("their churn and…", "our backlog."): like an article, it opens a noun
 * phrase, so a verb cannot follow it (12af). ("Her" is left out: it is also an object, "let her go".)
 */
function isPossessive(w: Word): boolean {
  return /^(?:my|our|your|their|his|its)$/i.test(w.text);
}

/**
 * A verb's base form cannot directly follow a preposition ("too critical of churn") nor stand
 * alone as a finite verb's object ("to predict churn and…", "it takes focus."): there it is a noun
 * the lite model read as a verb (12ah). Only when it closes the phrase (a stop, "and", or a
 * preposition other than "to": an object or an infinitive after it keeps the verb, "help build
 * trust", "need to ship"), never after a verb that takes a bare one ("let go"); not after "to",
 * "than" or "vs", where a verb does follow ("rather than build"), nor an -ing or -ed form.
 */
function objectsReadAsVerbs(words: Word[]): void {
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.pos !== "VERB" || /(?:ing|ed)$/i.test(w.text) || !/^[a-z]+$/i.test(w.text)) continue;
    const prev = words[i - 1]!;
    const next = words[i + 1];
    const closes =
      !next || next.pos === "PUNCT" || next.pos === "CCONJ" || (next.pos === "ADP" && !/^to$/i.test(next.text));
    const afterPreposition = prev.pos === "ADP" && !/^(?:to|than|vs|versus|but|except|like)$/i.test(prev.text);
    const afterVerb =
      prev.pos === "VERB" && !/ing$/i.test(prev.text) && !LINKING_OR_CAUSING.has(prev.text.toLowerCase());
    // An inflected form ("get done", "the map helps,") is a verb's; after a preposition a plural is a noun's ("instead of promises").
    const norm = w.text.toLowerCase();
    const base = lemmatizer.verb(norm) === norm || (afterPreposition && /[^s]s$/.test(norm));
    if (closes && base && (afterPreposition || afterVerb || isListedNoun(words, i))) w.pos = "NOUN";
  }
}

/** Determiners that open a noun phrase: a noun phrase cannot directly follow a noun without one ending. */
const OPENING_DETERMINERS = /^(?:a|an|the|this|that|these|those|our|their|its|some|no)$/i;

/**
 * "The team shares a common reality": a clause's subject — a determiner opening the clause and a singular
 * noun — and an -s word that is a verb's third person, before a determiner opening its object (12ao).
 * Two noun phrases do not abut, so the -s word is the verb agreeing with that subject, however the lite
 * model read it ("shares", "addresses", "measures"). Only at a clause's opening: after a verb the same
 * words are two objects ("gave the product teams a voice").
 */
function verbsAfterSubjects(words: Word[]): void {
  for (let i = 2; i + 1 < words.length; i++) {
    const w = words[i]!;
    const noun = words[i - 1]!;
    const det = words[i - 2]!;
    if (w.pos !== "NOUN" || !/^[a-z]+[^s]s$/.test(w.text) || noun.pos !== "NOUN" || /s$/i.test(noun.text)) continue;
    const before = words[i - 3];
    const opensClause = det.sentenceStart || !before || ["PUNCT", "SCONJ", "CCONJ"].includes(before.pos);
    if (det.pos !== "DET" || !opensClause || !OPENING_DETERMINERS.test(words[i + 1]!.text)) continue;
    if (words[i + 1]!.pos === "DET" && hasVerbSense(lemmatizer.verb(w.text))) w.pos = "VERB";
  }
}

/**
 * A list's items are of one kind: a word between commas ("revenue, upsell, churn, customer
 * satisfaction") whose neighbouring items on both sides are nouns is a noun too (12ah).
 */
function isListedNoun(words: Word[], i: number): boolean {
  const before = words[i - 2];
  const after = words[i + 2];
  return (
    words[i - 1]!.text === "," &&
    words[i + 1]?.text === "," &&
    !!before &&
    !!after &&
    HEAD_POS.has(before.pos) &&
    (HEAD_POS.has(after.pos) || after.pos === "ADJ")
  );
}

/** Verbs a bare verb does follow: "let go", "make do", "help grow", "go see", "come see". */
const LINKING_OR_CAUSING = new Set([
  "let",
  "lets",
  "make",
  "makes",
  "made",
  "help",
  "helps",
  "helped",
  "go",
  "goes",
  "come",
  "comes",
  "see",
  "watch",
  "hear",
  "dare",
]);

/** Tag a block's text, with character offsets and compounds joined. */
export function tagWords(original: string): Word[] {
  const text = caseForTagging(original);
  const doc = getNlp().readDoc(text);
  const its = getNlp().its;
  const values = doc.tokens().out(its.value) as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const sentenceStarts = new Set<number>();
  doc.sentences().each((s: ItemSentence) => {
    const span = s.out(its.span) as unknown as [number, number];
    sentenceStarts.add(span[0]);
  });

  const words: Word[] = [];
  let cursor = 0;
  let nextIsSentenceStart = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const at = text.indexOf(value, cursor);
    const start = at >= 0 ? at : cursor;
    const end = start + value.length;
    cursor = end;
    const pos = tags[i] ?? "X";
    const sentenceStart = sentenceStarts.has(i) || nextIsSentenceStart;
    nextIsSentenceStart = false;
    const prev = words[words.length - 1];
    // Join "stop" "-" "the" "-" "line" into one word, as a reader sees it.
    if (
      prev &&
      (value === "-" || value === "\u2011") &&
      spaces[i] === "" &&
      i + 1 < values.length &&
      spaces[i + 1] === "" &&
      /\w$/.test(prev.text) &&
      /^\w/.test(values[i + 1]!)
    ) {
      const nextValue = values[i + 1]!;
      const nextAt = text.indexOf(nextValue, end);
      const nextEnd = (nextAt >= 0 ? nextAt : end) + nextValue.length;
      const parts = prev.text.split("-").length + 1;
      const nextPos = tags[i + 1] ?? "X";
      prev.text = original.slice(prev.start, nextEnd);
      prev.end = nextEnd;
      // "in-app", "on-site", "up-front": a preposition's compound describes, it doesn't name.
      prev.pos =
        parts === 2 && prev.pos === "ADP"
          ? "ADJ"
          : HEAD_POS.has(nextPos)
            ? nextPos
            : nextPos === "ADJ"
              ? "ADJ"
              : parts >= 3
                ? "NOUN"
                : prev.pos === "NOUN" || prev.pos === "PROPN"
                  ? "ADJ"
                  : nextPos === "VERB"
                    ? "ADJ"
                    : prev.pos;
      cursor = nextEnd;
      i++;
      continue;
    }
    // "A/B" is one word to a reader (the tagger reads "A" as an article).
    if (
      prev &&
      value === "/" &&
      spaces[i] === "" &&
      i + 1 < values.length &&
      spaces[i + 1] === "" &&
      /^[A-Za-z]$/.test(prev.text) &&
      /^[A-Za-z]$/.test(values[i + 1]!)
    ) {
      const nextAt = text.indexOf(values[i + 1]!, end);
      const nextEnd = (nextAt >= 0 ? nextAt : end) + 1;
      prev.text = original.slice(prev.start, nextEnd);
      prev.end = nextEnd;
      prev.pos = "NOUN";
      cursor = nextEnd;
      i++;
      continue;
    }
    // A quote or bracket opening a sentence leaves the next word sentence-initial.
    if (sentenceStart && /^["'\u201C\u2018([*]+$/.test(value)) nextIsSentenceStart = true;
    // A hashtag names a movement or a debate ("#NoEstimates"): a proper noun. So does a placeholder
    // letter ("attacking X vs. starting Y"), which the tagger reads as a pronoun or a symbol.
    const written = original.slice(start, end);
    const tag =
      (value.startsWith("#") && /^#[A-Za-z][A-Za-z0-9]+$/.test(value)) ||
      (written.length === 1 && /^[XYZ]$/.test(written))
        ? "PROPN"
        : pos;
    words.push({ text: written, pos: tag, start, end, sentenceStart });
  }
  // A verb cannot follow an article or a possessive: "the infra work may…" is a noun phrase however the lite model tagged it.
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.pos !== "VERB" || /ed$/i.test(w.text)) continue;
    const next = words[i + 1];
    const closes = !next || !["NOUN", "PROPN", "ADJ", "DET", "PRON", "NUM"].includes(next.pos);
    const prev = words[i - 1]!;
    // (After a possessive an -ing word may still be a verb with its clause: "their shipping weekly", 12af.)
    const possessed = isPossessive(prev) && !/ing$/i.test(w.text);
    if (((prev.pos === "DET" && /^(a|an|the)$/i.test(prev.text)) || possessed) && closes) w.pos = "NOUN";
    else if (
      i >= 2 &&
      prev.pos === "ADV" &&
      words[i - 2]!.pos === "DET" &&
      /^(a|an|the)$/i.test(words[i - 2]!.text) &&
      closes &&
      !/ly$/i.test(prev.text)
    ) {
      prev.pos = "ADJ";
      w.pos = "NOUN";
    }
  }
  objectsReadAsVerbs(words);
  verbsAfterSubjects(words);
  // "we do postmortems for…": the lite model reads an unknown plural as an adjective; adjectives don't take a plural -s.
  for (const w of words) {
    if (w.pos === "ADJ" && /[a-z]{3,}[^aeiousy']s$/.test(w.text) && !/(ous|ss|ics|less|ness)$/i.test(w.text))
      w.pos = "NOUN";
  }
  // "end-to-end", "apples-to-apples": a phrase compound describes, it doesn't name.
  for (const w of words) {
    if (!w.text.includes("-")) continue;
    const m = /^([A-Za-z]+)-(?:to|on|by|for|in|and|or|of)-([A-Za-z]+)$/i.exec(w.text);
    if (m && HEAD_POS.has(w.pos) && (m[1]!.toLowerCase() === m[2]!.toLowerCase() || !/s$/i.test(m[2]!))) w.pos = "ADJ";
  }
  // "Underestimate how long…", "Prioritize the…": a list item or sentence opening with a verb before
  // a determiner, pronoun or adverb is an imperative, however the capital misled the tagger.
  for (let i = 0; i + 1 < words.length; i++) {
    const w = words[i]!;
    if (!w.sentenceStart || !["NOUN", "PROPN", "ADJ"].includes(w.pos) || !/^[A-Z][a-z]+$/.test(w.text)) continue;
    if (["DET", "PRON", "ADV", "SCONJ", "PART"].includes(words[i + 1]!.pos) && hasVerbSense(w.text.toLowerCase()))
      w.pos = "VERB";
  }
  foreignPhrasesDescribe(words);
  // "an impact map," — a model word after a noun, closing a phrase, is a noun however it was tagged.
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if (
      (w.pos === "VERB" || w.pos === "ADJ") &&
      FRAMEWORK_HEADS.has(w.text.toLowerCase()) &&
      CONTENT_POS.has(words[i - 1]!.pos) &&
      (!next || next.pos === "PUNCT" || next.pos === "ADP" || next.pos === "CCONJ")
    ) {
      w.pos = "NOUN";
    }
  }
  return words;
}

/** Tags of words that build a sentence rather than name or describe: determiners, prepositions, pronouns, verbs, adverbs, conjunctions. */
const FUNCTION_TAG = /^(DT|IN|PRP|VB|RB|CC|MD|TO|WP|WR|WD|EX|RP)/;

/**
 * A foreign phrase borrowed whole: a word English knows only as a borrowing (the lexicon tags it FW
 * and otherwise at most a noun, WordNet doesn't list it: "ad", "statu") before one that is no English
 * word at all, in neither the lexicon nor WordNet ("hoc", "quo").
 */
function isForeignPhrase(first: string, second: string): boolean {
  const tags = Object.hasOwn(lexicon, first) ? lexicon[first]! : [];
  return (
    tags.includes("FW") &&
    !tags.some((t) => FUNCTION_TAG.test(t)) &&
    !inWordNet(first) &&
    /^[a-z]+$/.test(second) &&
    !Object.hasOwn(lexicon, second) &&
    !inWordNet(second)
  );
}

/**
 * "ad hoc" ("ad-hoc"): a foreign phrase borrowed whole describes — an adjective or adverb in
 * English, like "a priori" or "in situ" — unless a determiner makes it a thing. The tagger reads its
 * unknown second word as a noun, so "ad hoc" became a concept (12z).
 */
function foreignPhrasesDescribe(words: Word[]): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const prev = words[i - 1];
    const determined = !!prev && prev.pos === "DET";
    const parts = w.text.toLowerCase().split(/[-\u2011]/);
    // Written as one hyphenated word ("ad-hoc"). (Not solid: "adhoc" can't be told from "admins", "advisors".)
    if (parts.length === 2 && isForeignPhrase(parts[0]!, parts[1]!)) {
      if (!determined && HEAD_POS.has(w.pos)) w.pos = "ADJ";
      continue;
    }
    const next = words[i + 1];
    if (!next || parts.length !== 1 || next.start !== w.end + 1) continue;
    if (!isForeignPhrase(w.text.toLowerCase(), next.text.toLowerCase()) || determined) continue;
    w.pos = "ADJ";
    next.pos = "ADJ";
    i++;
  }
}

export function isWordToken(w: Word): boolean {
  return /[A-Za-z0-9]/.test(w.text);
}

/** The text a run of words [from, to) covers, as written. */
export function surfaceOf(text: string, words: Word[], from: number, to: number): string {
  return text.slice(words[from]!.start, words[to - 1]!.end);
}
