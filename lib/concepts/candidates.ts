/**
 * Per-issue candidate extraction: pure text in, candidates out. Every source
 * the issue names is here — the title and headings, bold lead-ins, tensions
 * ("X vs. Y", "X or Y?", "X | Y"), named frameworks and models, capitalised
 * multi-word terms, quoted coinages, acronyms with their expansions — plus the
 * noun phrases that corpus statistics later rank. Part-of-speech tags come from
 * wink-nlp with its bundled English model (no network, no downloaded weights).
 *
 * Deterministic: the same issue always yields the same candidates, so the
 * result is cached per issue and only changed issues are read again.
 */
import winkNLP, { type ItemSentence, type WinkMethods } from "wink-nlp";
import lemmatizer from "wink-lemmatizer";
import model from "wink-eng-lite-web-model";
import type { Block } from "@/db/schema";
import { GENERIC_MODIFIERS, GENERIC_NOUNS, SPECIALISING_MODIFIERS, STOPWORDS, isJunkShape } from "./junk";
import { GIVEN_NAMES } from "./names";
import { readableBlocks } from "./reading";
import { hasVerbSense } from "./reference";
import { abbreviates, conceptKey, isAcronymShape, tensionKey } from "./keys";
import { foldPunctuation, singularize, tokenize } from "./tokens";
import type { AcronymDefinition, IssueCandidates, IssueText, MarkedCandidate, PhraseStat } from "./types";

/** Bump when extraction changes, so cached candidates are recomputed. */
export const EXTRACTOR_VERSION = 3;

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

const FRAMEWORK_HEADS = new Set([
  "framework", "model", "loop", "canvas", "map", "matrix", "principle", "method", "methodology", "theory", "law",
  "effect", "diagram", "triangle", "flywheel", "cycle", "pyramid", "quadrant", "spectrum", "curve", "heuristic",
  "technique", "metric", "game", "paradox", "fallacy", "bias", "trap",
]);

/** Nouns that say what kind of writing a heading introduces, not what it is about ("Roadmap Hygiene Tips"). */
const META_NOUNS = new Set(["tip", "note", "thought", "lesson", "idea", "example", "question", "step", "rule", "trick", "hack", "reflection", "observation", "takeaway", "musing", "primer", "guide", "checklist", "list", "update", "recap", "summary", "overview", "introduction", "faq"]);

const CONTENT_POS = new Set(["ADJ", "NOUN", "PROPN"]);
const HEAD_POS = new Set(["NOUN", "PROPN"]);

function isCapitalised(text: string): boolean {
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
    if (prev && (value === "-" || value === "\u2011") && spaces[i] === "" && i + 1 < values.length && spaces[i + 1] === "" && /\w$/.test(prev.text) && /^\w/.test(values[i + 1]!)) {
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
    if (prev && value === "/" && spaces[i] === "" && i + 1 < values.length && spaces[i + 1] === "" && /^[A-Za-z]$/.test(prev.text) && /^[A-Za-z]$/.test(values[i + 1]!)) {
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
    if (sentenceStart && /^["'\u201C\u2018(\[*]+$/.test(value)) nextIsSentenceStart = true;
    // A hashtag names a movement or a debate ("#NoEstimates"): a proper noun. So does a placeholder
    // letter ("attacking X vs. starting Y"), which the tagger reads as a pronoun or a symbol.
    const tag = /^#[A-Za-z][A-Za-z0-9]+$/.test(value) || /^[XYZ]$/.test(original.slice(start, end)) ? "PROPN" : pos;
    words.push({ text: original.slice(start, end), pos: tag, start, end, sentenceStart });
  }
  // A verb cannot follow an article: "the infra work may…" is a noun phrase however the lite model tagged it.
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.pos !== "VERB" || /ed$/i.test(w.text)) continue;
    const next = words[i + 1];
    const closes = !next || !["NOUN", "PROPN", "ADJ", "DET", "PRON", "NUM"].includes(next.pos);
    const prev = words[i - 1]!;
    if (prev.pos === "DET" && /^(a|an|the)$/i.test(prev.text) && closes) w.pos = "NOUN";
    else if (i >= 2 && prev.pos === "ADV" && words[i - 2]!.pos === "DET" && /^(a|an|the)$/i.test(words[i - 2]!.text) && closes && !/ly$/i.test(prev.text)) {
      prev.pos = "ADJ";
      w.pos = "NOUN";
    }
  }
  // "we do postmortems for…": the lite model reads an unknown plural as an adjective; adjectives don't take a plural -s.
  for (const w of words) {
    if (w.pos === "ADJ" && /[a-z]{3,}[^aeiousy']s$/.test(w.text) && !/(ous|ss|ics|less|ness)$/i.test(w.text)) w.pos = "NOUN";
  }
  // "end-to-end", "apples-to-apples": a phrase compound describes, it doesn't name.
  for (const w of words) {
    const m = /^([A-Za-z]+)-(?:to|on|by|for|in|and|or|of)-([A-Za-z]+)$/i.exec(w.text);
    if (m && HEAD_POS.has(w.pos) && (m[1]!.toLowerCase() === m[2]!.toLowerCase() || !/s$/i.test(m[2]!))) w.pos = "ADJ";
  }
  // "Underestimate how long…", "Prioritize the…": a list item or sentence opening with a verb before
  // a determiner, pronoun or adverb is an imperative, however the capital misled the tagger.
  for (let i = 0; i + 1 < words.length; i++) {
    const w = words[i]!;
    if (!w.sentenceStart || !["NOUN", "PROPN", "ADJ"].includes(w.pos) || !/^[A-Z][a-z]+$/.test(w.text)) continue;
    if (["DET", "PRON", "ADV", "SCONJ", "PART"].includes(words[i + 1]!.pos) && hasVerbSense(w.text.toLowerCase())) w.pos = "VERB";
  }
  // "an impact map," — a model word after a noun, closing a phrase, is a noun however it was tagged.
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if ((w.pos === "VERB" || w.pos === "ADJ") && FRAMEWORK_HEADS.has(w.text.toLowerCase()) && CONTENT_POS.has(words[i - 1]!.pos) && (!next || next.pos === "PUNCT" || next.pos === "ADP" || next.pos === "CCONJ")) {
      w.pos = "NOUN";
    }
  }
  return words;
}

function isWordToken(w: Word): boolean {
  return /[A-Za-z0-9]/.test(w.text);
}

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
    if (end > i) runs.push([i, end]);
    i = j;
  }
  return runs;
}

function surfaceOf(text: string, words: Word[], from: number, to: number): string {
  return text.slice(words[from]!.start, words[to - 1]!.end);
}

type PhraseAcc = Map<string, { surfaces: Map<string, number>; n: number; caps: number }>;

function addPhrase(acc: PhraseAcc, surface: string, capitalised: boolean): void {
  const key = conceptKey(surface);
  if (!key || isJunkShape(surface)) return;
  let entry = acc.get(key);
  if (!entry) acc.set(key, (entry = { surfaces: new Map(), n: 0, caps: 0 }));
  entry.n++;
  if (capitalised) entry.caps++;
  entry.surfaces.set(surface, (entry.surfaces.get(surface) ?? 0) + 1);
}

/** Is a short string (a heading, a bold lead-in, a title part) itself a name? */
function isNameLike(words: Word[]): boolean {
  const content = words.filter(isWordToken);
  if (content.length === 0 || content.length > 6) return false;
  const last = content[content.length - 1]!;
  // A lone capitalised adjective or gerund may be a heading's name ("Agile", "Targeting").
  if (!HEAD_POS.has(last.pos) && !(content.length === 1 && ((last.pos === "ADJ" && isCapitalised(last.text)) || (last.pos === "VERB" && /ing$/i.test(last.text))))) return false;
  return content.every((w, i) => {
    if (CONTENT_POS.has(w.pos)) return true;
    // "Validated Learning" is a name; "Trends Shaping Product Management" is a clause.
    if (w.pos === "VERB" && /(ing|ed)$/i.test(w.text)) return i === 0 || !HEAD_POS.has(content[i - 1]!.pos);
    if (w.pos === "DET" && i === 0) return true;
    if ((w.pos === "ADP" || w.pos === "CCONJ" || w.pos === "PART") && i > 0 && i < content.length - 1 && /^(of|to|for|and|&|in|over|as)$/i.test(w.text)) return true;
    return false;
  });
}

function trimPunctuation(s: string): string {
  return s.replace(/^[\s"'\u201C\u201D\u2018\u2019*(\[]+|[\s"'\u201C\u201D\u2018\u2019*.,:;!?\u2014\u2013)\]-]+$/g, "");
}

/** Split "Lean Startup and LeanUX" / "Kanban, Scrum & XP" into its named parts. */
function splitList(text: string): string[] {
  return text
    .split(/\s*(?:,|;|\band\b|&|\/)\s*/)
    .map(trimPunctuation)
    .filter(Boolean);
}

function markNamed(out: MarkedCandidate[], text: string, source: MarkedCandidate["source"], blockId: string | null): void {
  // "1. Soul Sappers", "#2 – Trust", "Step 3:": the numbering is not part of the name; nor is a
  // numbered label before a colon ("Ingredient #2: Targeting", "Part 1: An In-App Guide").
  const labelled = /^[^:]{0,30}\d[^:]{0,4}:\s*(\S.*)$/.exec(trimPunctuation(text));
  const whole = trimPunctuation(trimPunctuation(labelled ? labelled[1]! : text).replace(/^(?:(?:step|part|tip|rule|lesson|no\.?)\s*)?#?\d{1,2}[.):]?\s+(?:[-\u2013\u2014:]\s*)?/i, ""));
  const parts = /,|\band\b|&|\//.test(whole) ? splitList(whole).filter((p) => isNameLike(tagWords(p))) : [];
  // "Lean Startup and LeanUX" names two things; a title such as "Drivers, Constraints, and Floats" may name one.
  const names = parts.length >= 2 && (source !== "title" || whole.includes("/")) ? parts : [whole, ...parts];
  for (const [i, part] of names.entries()) {
    // "Roadmap Hygiene Tips" is about roadmap hygiene.
    const m = /^(.+\S)\s+(\S+)$/.exec(part);
    let name = m && !(m[1]!.includes(" ") === false && m[1]!.length < 3) && META_NOUNS.has(m[2]!.toLowerCase().replace(/s$/, "")) ? m[1]! : part;
    // "Multiple touch-points" names touch-points; "Big Picture" keeps its "big".
    const lead = /^(\S+)\s+(\S.*)$/.exec(name);
    if (lead && GENERIC_MODIFIERS.has(lead[1]!.toLowerCase()) && !SPECIALISING_MODIFIERS.has(lead[1]!.toLowerCase())) name = lead[2]!;
    names[i] = name;
  }
  for (const part of names) {
    if (!part || isJunkShape(part)) continue;
    if (part === whole && !isNameLike(tagWords(part))) continue;
    const key = conceptKey(part);
    if (key) out.push({ key, surface: part, source, blockId });
  }
}

/** Words that make a title a sentence about something rather than the name of an idea. */
const CLAUSE_WORDS = new Set(["i", "you", "we", "they", "he", "she", "it", "me", "us", "them", "my", "your", "our", "their", "his", "her", "its", "this", "that", "these", "those", "what", "why", "how", "who", "when", "where", "is", "are", "was", "be", "can", "can't", "cant", "do", "does", "don't", "dont", "will", "should", "would"]);

// Adverbs that complete a phrase of action ("starting together", "moving forward"): a phrase may end in one.
const CLOSING_ADVERBS = new Set(["together", "apart", "forward", "ahead", "back", "out", "up", "down", "off", "away", "again", "first"]);

function sloganEdge(norm: string, last: boolean): boolean {
  return (!STOPWORDS.has(norm) && !CLAUSE_WORDS.has(norm)) || (last && CLOSING_ADVERBS.has(norm));
}

/** The key of a slogan: every word kept ("experiment with, not on"), but an opening article. */
function sloganKey(surface: string): string {
  const tokens = tokenize(surface).map((t) => t.norm);
  while (tokens.length > 0 && /^(a|an|the)$/.test(tokens[0]!)) tokens.shift();
  return tokens.join(" ");
}

/**
 * Phrases of the title that are the issue's ideas whatever their grammar, which the noun
 * phrases miss: a part of the title the body says again ("Shipping Faster Than You Learn",
 * "1s and 3s"); a phrase of it the body repeats ("Teach by Starting Together" → "starting
 * together", "Think Big, Work Small" → "think big"); the pieces of a list the body takes up;
 * and a short motto whose words the body uses ("Experiment With Not On").
 */
function markSlogans(title: string, blocks: Block[], out: MarkedCandidate[]): void {
  const body = blocks.map((b) => tokenize(b.text).map((t) => t.norm));
  // A motto's words may be inflected otherwise in the body ("Agreeing to Disagree" / "agree to disagree"):
  // a body word sharing the verb's stem counts.
  const bodyWords = new Set(body.flat());
  const used = (t: string) => {
    const stem = lemmatizer.verb(t).replace(/e$/, "");
    if (stem.length < 3) return bodyWords.has(t);
    for (const w of bodyWords) if (w.startsWith(stem)) return true;
    return false;
  };
  const count = (seq: string[]): number => {
    let n = 0;
    if (seq.length === 0) return 0;
    for (const tokens of body) {
      for (let i = 0; i + seq.length <= tokens.length; i++) if (seq.every((t, k) => tokens[i + k] === t)) n++;
    }
    return n;
  };
  const push = (surface: string, source: MarkedCandidate["source"]) => {
    const key = source === "slogan" ? sloganKey(surface) : conceptKey(surface);
    if (key && !isJunkShape(surface)) out.push({ key, surface, source, blockId: null });
  };
  for (const part of title.split(/[:?!()\u2014\u2026]|\.\.\.|\s[-\u2013]\s/)) {
    // "(and Agreeing to Disagree)", "(for Cross-functional Teams)": the joining words belong to the title's sentence.
    const whole = trimPunctuation(trimPunctuation(part).replace(/^(?:(?:and|or|but|for|in|on|by|with|of|to|from|the|a|an)\s+)+/i, ""));
    if (!whole) continue;
    const tokens = tokenize(whole);
    const norms = tokens.map((t) => t.norm);
    if (norms.length === 0 || norms.length > 7) continue;
    const nameLike = isNameLike(tagWords(whole));
    // The whole part, said again in the body.
    const clause = norms.some((t) => CLAUSE_WORDS.has(t));
    const said = norms.length >= 2 && norms.length <= 6 ? count(norms) : 0;
    if (!nameLike && (said >= 2 || (said === 1 && !clause))) push(whole, "slogan");
    // A motto: no clause, and the body uses its words.
    const content = norms.filter((t) => !STOPWORDS.has(t));
    if (
      !nameLike &&
      norms.length >= 2 &&
      norms.length <= 4 &&
      !clause &&
      // "Drawing an Opportunity Map" is an action on a name, not a motto.
      !norms.some((t) => t === "a" || t === "an" || t === "the") &&
      content.length > 0 &&
      content.every(used) &&
      content.some((t) => count([t]) >= 2 || lemmatizer.verb(t) !== t)
    ) {
      push(whole, "slogan");
    }
    // The pieces of a list, each named by the body.
    const pieces = splitList(whole);
    if (pieces.length > 1) {
      for (const p of pieces) {
        const pk = conceptKey(p);
        if (pk && p.split(/\s+/).length <= 3 && count(pk.split(" ")) >= 1) push(p, "title");
      }
    }
    // Phrases of two to five words the body repeats: the longest, not the pieces of a longer one.
    const found: [number, number][] = [];
    for (let len = Math.min(5, norms.length); len >= 2; len--) {
      for (let a = 0; a + len <= norms.length; a++) {
        const seq = norms.slice(a, a + len);
        // Edges are words of the idea: not articles, joining words or pronouns ("starting together" ends in an adverb).
        if (!sloganEdge(seq[0]!, false) || !sloganEdge(seq[len - 1]!, true) || tokens[a]!.hyphenBefore) continue;
        if (found.some(([x, y]) => x <= a && a + len <= y)) continue;
        if (count(seq) < 2) continue;
        found.push([a, a + len]);
        push(whole.slice(tokens[a]!.start, tokens[a + len - 1]!.end), nameLike ? "title" : "slogan");
      }
    }
  }
}

/**
 * The keys a numbered title counts ("8 Trends Shaping…" → "trend"; "35 B2B SaaS Tips and Gentle
 * Reminders" → "tip", "gentle reminder"): the noun phrases right after the number, up to the first
 * clause word — each one's head, and the whole when its other words are generic.
 */
function listKinds(titleWords: Word[]): Set<string> {
  const out = new Set<string>();
  if (titleWords[0]?.pos !== "NUM" || !/^\d+$/.test(titleWords[0].text)) return out;
  let run: Word[] = [];
  const close = () => {
    const head = run[run.length - 1];
    if (head && HEAD_POS.has(head.pos)) {
      out.add(conceptKey(head.text));
      if (run.slice(0, -1).every((w) => GENERIC_MODIFIERS.has(w.text.toLowerCase()) || w.pos === "ADJ")) out.add(conceptKey(run.map((w) => w.text).join(" ")));
    }
    run = [];
  };
  for (const w of titleWords.slice(1)) {
    if (CONTENT_POS.has(w.pos)) run.push(w);
    else if (w.pos === "CCONJ" || w.text === "," || w.text === "&") close();
    else break;
  }
  close();
  return out;
}

/** One side of a tension, read outward from the "vs": up to four words, no clause words. */
function tensionSide(words: Word[], from: number, step: 1 | -1): [number, number] | null {
  const stop = new Set(["AUX", "PRON", "CCONJ", "SCONJ", "PUNCT", "SYM", "NUM", "INTJ", "X"]);
  let i = from;
  // "a feature delivery process" on the right: skip the article.
  if (step === 1 && words[i] && words[i]!.pos === "DET") i++;
  const picked: number[] = [];
  while (i >= 0 && i < words.length && picked.length < 4) {
    const w = words[i]!;
    if (stop.has(w.pos) || w.pos === "DET" || !isWordToken(w)) break;
    // "measuring to learn vs. …" keeps its "to"; "the tension of speed vs. …" starts after its "of".
    if (w.pos === "ADP" && !(step === 1 ? /^(to|of)$/i : /^to$/i).test(w.text)) break;
    if (w.pos === "ADV" && picked.length > 0) break;
    // "differentiate measuring to learn vs. …", "prioritize output vs. …": a verb governing the side
    // is the sentence's, not the side's (a verb heading it, "ship faster vs. …", is the side's own).
    if (step === -1 && w.pos === "VERB" && !/ing$/i.test(w.text) && picked.some((k) => words[k]!.pos === "VERB" || HEAD_POS.has(words[k]!.pos))) break;
    if (step === -1 && picked.length > 0 && w.sentenceStart) {
      picked.push(i);
      break;
    }
    picked.push(i);
    i += step;
  }
  if (picked.length === 0) return null;
  let [a, b] = step === 1 ? [picked[0]!, picked[picked.length - 1]!] : [picked[picked.length - 1]!, picked[0]!];
  // Trim joining words and trailing participles ("big batches based") at the outer edge.
  const bad = (w: Word) => w.pos === "ADP" || w.pos === "PART" || w.pos === "ADV" || (w.pos === "VERB" && !/ing$/i.test(w.text));
  const hasNoun = words.slice(a, b + 1).some((w) => HEAD_POS.has(w.pos));
  if (step === 1) while (b > a && (bad(words[b]!) && (hasNoun || words[b]!.pos !== "VERB"))) b--;
  else while (a < b && (words[a]!.pos === "ADP" || words[a]!.pos === "PART" || words[a]!.pos === "ADV")) a++;
  const inner = step === 1 ? words[a]! : words[b]!;
  if (inner.pos === "ADP" || inner.pos === "PART") return null;
  return [a, b + 1];
}

function sideIsContent(words: Word[], [a, b]: [number, number]): boolean {
  const slice = words.slice(a, b);
  return slice.some((w) => (CONTENT_POS.has(w.pos) || w.pos === "VERB") && !STOPWORDS.has(w.text.toLowerCase()));
}

function findTensions(text: string, words: Word[], blockId: string, short: boolean, out: MarkedCandidate[]): void {
  for (let i = 1; i < words.length - 1; i++) {
    const t = words[i]!.text.toLowerCase();
    const isVs = t === "vs." || t === "vs" || t === "versus" || (t === "|" && short);
    const isOr = t === "or";
    if (!isVs && !isOr) continue;
    const left = tensionSide(words, i - 1, -1);
    const right = tensionSide(words, i + 1, 1);
    if (!left || !right || !sideIsContent(words, left) || !sideIsContent(words, right)) continue;
    if (isOr) {
      // "X or Y?" — only as a short question of its own, with short sides.
      const after = words[right[1]];
      const sentenceStart = words.findLastIndex((w, k) => k <= left[0] && w.sentenceStart);
      const lengthOfQuestion = right[1] - Math.max(0, sentenceStart);
      if (!after || after.text !== "?" || lengthOfQuestion > 8 || right[1] - right[0] > 3 || left[1] - left[0] > 3) continue;
    }
    // "Acute vs. Chronic Product Issues": two modifiers share one head; the tension is between the modifiers.
    if (left[1] - left[0] === 1 && words[left[0]]!.pos === "ADJ" && right[1] - right[0] >= 2 && words[right[0]]!.pos === "ADJ") {
      right[1] = right[0] + 1;
    }
    const l = surfaceOf(text, words, left[0], left[1]);
    const r = surfaceOf(text, words, right[0], right[1]);
    if (isJunkShape(l) || isJunkShape(r)) continue;
    const key = tensionKey(l, r);
    const [ka, kb] = key.split(" vs ");
    if (!ka || !kb || ka === kb) continue;
    const connector = isOr ? "or" : t === "|" ? "|" : t;
    out.push({ key, surface: `${l} ${connector === "vs" ? "vs." : connector} ${r}`, source: "tension", blockId, sides: [l, r] });
  }
}

function findCapitalisedTerms(text: string, words: Word[], blockId: string, out: MarkedCandidate[]): void {
  const connectors = /^(of|to|be|and|for|in|&|on|as)$/;
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (!isCapitalised(w.text) || !isWordToken(w) || w.pos === "PUNCT") {
      i++;
      continue;
    }
    let j = i + 1;
    let lastCap = i;
    while (j < words.length) {
      const x = words[j]!;
      if (x.sentenceStart) break;
      if (isCapitalised(x.text) && isWordToken(x)) lastCap = j;
      else if (!(connectors.test(x.text) && j + 1 < words.length && isCapitalised(words[j + 1]!.text))) break;
      j++;
    }
    let a = i;
    const b = lastCap + 1;
    // "Jim Collins's Flywheel Effect": the name after the owner's.
    for (let k = b - 2; k >= a; k--) {
      if (/['\u2019]s?$/.test(words[k]!.text) || (words[k + 1] && /^['\u2019]s?$/.test(words[k + 1]!.text))) {
        a = /^['\u2019]s?$/.test(words[k + 1]?.text ?? "") ? k + 2 : k + 1;
        break;
      }
    }
    // A capital at the start of a sentence says nothing; skip an opening function word.
    while (a < b && (STOPWORDS.has(words[a]!.text.toLowerCase()) || (words[a]!.sentenceStart && GENERIC_MODIFIERS.has(words[a]!.text.toLowerCase())))) a++;
    const run = words.slice(a, b);
    // The first word's capital is no evidence when it opens a sentence.
    const capitalWords = run.filter((x, k) => isCapitalised(x.text) && !(k === 0 && x.sentenceStart));
    const shouting = run.every((x) => x.text === x.text.toUpperCase() && x.text.length > 1) && run.length > 1;
    // Two adjectives joined are a description ("Qualitative and Quantitative"), not a name ("Modern Agile").
    if (run.length > 0 && run[run.length - 1]!.pos === "ADJ" && run.some((x) => x.pos === "CCONJ")) {
      i = Math.max(j, i + 1);
      continue;
    }
    if (capitalWords.length >= (run[0]?.sentenceStart ? 1 : 2) && run.length >= 2 && run.length <= 6 && !shouting && !GIVEN_NAMES.has(run[0]!.text.toLowerCase())) {
      const surface = surfaceOf(text, words, a, b);
      const key = conceptKey(surface);
      if (key && !isJunkShape(surface)) out.push({ key, surface, source: "capitalised", blockId });
    }
    i = Math.max(j, i + 1);
  }
}

/** Words that introduce a name: "the concept of a stop-the-line culture", "what we call the feature factory", "aka Team Tetris". */
const CUE = /\b(?:the (?:concept|notion|principle|practice) of|what (?:I|we) (?:like to )?call|so-called|(?:is|are) known as|a\.?k\.?a\.?)\s+$/i;

function findCued(text: string, words: Word[], blockId: string, out: MarkedCandidate[]): void {
  for (const [a, b] of nounRuns(words)) {
    let from = a;
    // "the concept of a …": the article belongs to the sentence, not to the name.
    const before = words[a - 1] && words[a - 1]!.pos === "DET" && /^(a|an|the)$/i.test(words[a - 1]!.text) ? words[a - 1]!.start : words[a]!.start;
    const lead = foldPunctuation(text.slice(Math.max(0, before - 40), before)).replace(/["\u201C]\s*$/, "");
    if (!CUE.test(lead)) continue;
    if (b - from > 4) from = b - 4;
    const surface = surfaceOf(text, words, from, b);
    const key = conceptKey(surface);
    if (key && !isJunkShape(surface)) out.push({ key, surface, source: "cued", blockId });
  }
}

const QUOTED = /[\u201C"]([^\u201C\u201D"]{2,48})[\u201D"]/g;

function findQuoted(text: string, words: Word[], blockId: string, out: MarkedCandidate[]): void {
  for (const m of text.matchAll(QUOTED)) {
    const inner = m[1]!.trim();
    const start = m.index + m[0].indexOf(m[1]!);
    const end = start + m[1]!.length;
    if (/[.!?,;:]$/.test(inner) || inner.split(/\s+/).length > 4) continue;
    const inside = words.filter((w) => w.start >= start && w.end <= end && isWordToken(w));
    if (inside.length === 0) continue;
    // A coinage is a name: nouns and adjectives ("outcomes over features"), not a quoted clause.
    const last = inside[inside.length - 1]!;
    // "leading the witness": a practice named by its gerund.
    const gerundFirst = inside[0]!.pos === "VERB" && /ing$/i.test(inside[0]!.text);
    const nameLike = inside.every((w, k) => CONTENT_POS.has(w.pos) || (w.pos === "VERB" && /(ing|ed)$/i.test(w.text)) || (k > 0 && k < inside.length - 1 && (/^(over|of|to|and|as|for|in|not)$/i.test(w.text) || (k === 1 && gerundFirst && /^(the|a|an)$/i.test(w.text)))));
    // One quoted adjective may be a coinage ("consumerification"); a longer one names a thing by its noun.
    if (!nameLike || !(HEAD_POS.has(last.pos) || (last.pos === "ADJ" && inside.length === 1 && !last.text.includes("-")))) continue;
    const key = conceptKey(inner);
    if (key && !isJunkShape(inner)) out.push({ key, surface: inner, source: "quoted", blockId });
  }
}

const ACRONYM_IN_PARENS = /\(([A-Z][A-Za-z0-9&]{1,7})\)/g;
const EXPANSION_IN_PARENS = /\b([A-Z][A-Z0-9&]{1,6}s?)\s*\(([^()]{4,80})\)/g;

function findAcronyms(text: string, blockId: string, out: AcronymDefinition[]): void {
  for (const m of text.matchAll(ACRONYM_IN_PARENS)) {
    const acronym = m[1]!;
    if (!isAcronymShape(acronym)) continue;
    const before = foldPunctuation(text.slice(Math.max(0, m.index - 120), m.index)).trimEnd();
    const tokens = before.split(/\s+/).filter(Boolean);
    const letters = acronym.replace(/s$/, "").length;
    // The shortest run of words before the brackets that the letters abbreviate.
    for (let n = 2; n <= Math.min(tokens.length, letters + 3); n++) {
      const expansion = trimPunctuation(tokens.slice(-n).join(" "));
      if (abbreviates(acronym, expansion)) {
        out.push({ acronym, expansion, blockId });
        break;
      }
    }
  }
  for (const m of text.matchAll(EXPANSION_IN_PARENS)) {
    const acronym = m[1]!;
    if (!isAcronymShape(acronym)) continue;
    const words = foldPunctuation(m[2]!).split(/\s+/);
    for (let n = Math.min(words.length, acronym.length + 3); n >= 2; n--) {
      const expansion = trimPunctuation(words.slice(0, n).join(" "));
      if (abbreviates(acronym, expansion)) {
        out.push({ acronym, expansion, blockId });
        break;
      }
    }
  }
}

/** Bold text opening a paragraph or list item: "<p id=…><strong>Continuous delivery.</strong> Teams…". */
function boldLeadIns(html: string, blocks: Block[]): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /<(p|li)\b[^>]*\bid="([^"]+)"[^>]*>\s*<(strong|b)>([\s\S]*?)<\/\3>/g;
  for (const m of html.matchAll(pattern)) {
    const inner = m[4]!.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&[a-z#0-9]+;/g, " ");
    found.set(m[2]!, inner);
  }
  // Markdown emphasis the source left unparsed: "**Continuous delivery. **Teams…"
  for (const b of blocks) {
    const m = /^\*\*([^*]{2,80})\*\*/.exec(b.text);
    if (m && !found.has(b.id)) found.set(b.id, m[1]!);
  }
  return found;
}

/** Headings that are nothing but a link: a list of other posts, not this issue's sections. */
function linkHeadings(html: string): Set<string> {
  const found = new Set<string>();
  for (const m of html.matchAll(/<(h[2-6])\b[^>]*\bid="([^"]+)"[^>]*>\s*(?:[^<]{0,12})<a\b[\s\S]*?<\/a>\s*<\/\1>/g)) found.add(m[2]!);
  return found;
}

function addWordCounts(counts: Record<string, number>, text: string): number {
  const tokens = tokenize(text);
  for (const t of tokens) {
    if (STOPWORDS.has(t.norm) || /^\d+$/.test(t.norm)) continue;
    counts[t.norm] = (counts[t.norm] ?? 0) + 1;
  }
  return tokens.length;
}

/** Noun phrases of a block: every span of up to four words ending in a noun, plus "X of Y". */
function collectPhrases(text: string, words: Word[], heading: boolean, acc: PhraseAcc, marked: MarkedCandidate[], blockId: string): void {
  const runs = nounRuns(words);
  for (const [a, b] of runs) {
    for (let e = a + 1; e <= b; e++) {
      if (!HEAD_POS.has(words[e - 1]!.pos)) continue;
      for (let s = Math.max(a, e - 4); s < e; s++) {
        const first = words[s]!;
        // A phrase doesn't start with a participle unless it opens the run ("validated learning").
        if (first.pos === "VERB" && s !== a) continue;
        const surface = surfaceOf(text, words, s, e);
        const span = words.slice(s, e);
        const midSentence = !first.sentenceStart;
        const capitalised = !heading && span.every((w) => isCapitalised(w.text)) && (midSentence || span.length > 1);
        addPhrase(acc, surface, capitalised);
        const head = singularize(words[e - 1]!.text.toLowerCase());
        if (e - s >= 2 && FRAMEWORK_HEADS.has(head) && !(first.pos === "VERB" && first.sentenceStart) && !GENERIC_MODIFIERS.has(first.text.toLowerCase()) && !GENERIC_NOUNS.has(first.text.toLowerCase())) {
          marked.push({ key: conceptKey(surface), surface, source: "framework", blockId });
        }
      }
    }
  }
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
      const capitalised = !heading && isCapitalised(words[s]!.text) && isCapitalised(words[e - 1]!.text) && !words[s]!.sentenceStart;
      addPhrase(acc, surface, capitalised);
    }
  }
}

/** Extract every candidate of one issue. */
export function extractIssueCandidates(issue: Pick<IssueText, "title" | "blocks" | "html">): IssueCandidates {
  const { blocks, read, total } = readableBlocks(issue.blocks);
  const marked: MarkedCandidate[] = [];
  const acronyms: AcronymDefinition[] = [];
  const phrases: PhraseAcc = new Map();
  const words: Record<string, number> = {};
  let tokenCount = 0;

  // The title names the issue's main idea more often than not.
  const titleWords = tagWords(issue.title);
  findTensions(issue.title, titleWords, "", true, marked);
  for (const part of issue.title.split(/[:?!()\u2014]|\s[-\u2013]\s/)) markNamed(marked, part, "title", null);
  // The title's noun phrases ("Place Your Bets", "Real Teams (Not Groups of One-Person Teams)", "Modern Product
  // Management") may each be the issue's topic: a run, and the shorter names it ends in.
  for (const [a, run] of nounRuns(titleWords)) {
    // "Roadmap Hygiene Tips" names roadmap hygiene.
    const b = run - a > 1 && META_NOUNS.has(singularize(titleWords[run - 1]!.text.toLowerCase())) ? run - 1 : run;
    for (let s = a; s < b; s++) {
      // A shorter name inside the run needs two words, and a head that names something ("product issues" doesn't).
      if (s > a && (b - s < 2 || GENERIC_NOUNS.has(singularize(titleWords[b - 1]!.text.toLowerCase())))) break;
      if (titleWords[s]!.pos === "VERB" && s !== a) continue;
      const surface = surfaceOf(issue.title, titleWords, s, b);
      const key = conceptKey(surface);
      if (key && !isJunkShape(surface)) marked.push({ key, surface, source: "title", blockId: null });
    }
  }

  markSlogans(issue.title, blocks, marked);
  // "8 Trends Shaping…", "35 B2B SaaS Tips and Gentle Reminders": what a numbered title counts is the
  // kind of list, not an idea ("B2B SaaS" stays, "trends" and "gentle reminders" go).
  const kinds = listKinds(titleWords);
  if (kinds.size > 0) {
    const counts = (key: string) => [...kinds].some((k) => key === k || key.startsWith(`${k} `) || key.endsWith(` ${k}`));
    const kept = marked.filter((m) => !(m.blockId === null && (m.source === "title" || m.source === "slogan") && counts(m.key)));
    marked.length = 0;
    for (const m of kept) marked.push(m);
  }

  const bold = boldLeadIns(issue.html, blocks);
  const linked = linkHeadings(issue.html);
  for (const block of blocks) {
    const text = block.text;
    tokenCount += addWordCounts(words, text);
    const blockWords = tagWords(text);
    const heading = block.kind === "h2" || block.kind === "h3" || block.kind === "h4";
    const short = heading || blockWords.length <= 10;
    if (heading && !linked.has(block.id)) markNamed(marked, text, "heading", block.id);
    const lead = bold.get(block.id);
    if (lead) markNamed(marked, lead, "bold", block.id);
    findTensions(text, blockWords, block.id, short, marked);
    if (!heading) {
      findCapitalisedTerms(text, blockWords, block.id, marked);
      findQuoted(text, blockWords, block.id, marked);
      findCued(text, blockWords, block.id, marked);
    }
    findAcronyms(text, block.id, acronyms);
    collectPhrases(text, blockWords, heading, phrases, marked, block.id);
  }

  const phraseStats: PhraseStat[] = [];
  for (const [key, entry] of phrases) {
    // The most used form; among equals a lower-case one (a mid-sentence use), then the first in order.
    const [surface] = [...entry.surfaces].sort(
      ([s1, n1], [s2, n2]) => n2 - n1 || Number(s2 === s2.toLowerCase()) - Number(s1 === s1.toLowerCase()) || (s1 < s2 ? -1 : 1),
    )[0]!;
    phraseStats.push({ key, surface, n: entry.n, caps: entry.caps });
  }
  phraseStats.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { marked, acronyms, phrases: phraseStats, words, tokenCount, ...(read < total ? { truncated: { read, total } } : {}) };
}

/**
 * `extractIssueCandidates`, with a failure recorded instead of thrown: one issue whose text
 * breaks extraction must not stop every other issue from getting its concepts.
 */
export function readIssueCandidates(issue: Pick<IssueText, "title" | "blocks" | "html">): IssueCandidates {
  try {
    return extractIssueCandidates(issue);
  } catch (err) {
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { marked: [], acronyms: [], phrases: [], words: {}, tokenCount: 0, failed: reason.slice(0, 300) };
  }
}
