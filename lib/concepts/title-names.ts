/**
 * Names that short texts give: a title, a heading, a bold lead-in is often nothing but a name
 * ("Lean Startup and LeanUX", "Roadmap Hygiene Tips" → roadmap hygiene). And the title's own
 * phrases that are ideas whatever their grammar — a motto ("Think Big, Work Small"), a phrase the
 * body says again — which noun phrases miss. A numbered title's counted kind ("8 Trends…") is a
 * kind of list, not an idea.
 */
import lemmatizer from "wink-lemmatizer";
import type { Block } from "@/db/schema";
import { GENERIC_MODIFIERS, SPECIALISING_MODIFIERS, STOPWORDS, isGerundWord, isJunkShape } from "./junk";
import { conceptKey } from "./keys";
import { withGerundNouns } from "./phrases";
import { CONTENT_POS, HEAD_POS, isCapitalised, isWordToken, tagWords, type Word } from "./tagging";
import { type Token, tokenize } from "./tokens";
import type { MarkedCandidate } from "./types";

/** Nouns that say what kind of writing a heading introduces, not what it is about ("Roadmap Hygiene Tips"). */
export const META_NOUNS = new Set([
  "tip",
  "note",
  "thought",
  "lesson",
  "idea",
  "example",
  "question",
  "step",
  "rule",
  "trick",
  "hack",
  "reflection",
  "observation",
  "takeaway",
  "musing",
  "primer",
  "guide",
  "checklist",
  "list",
  "update",
  "recap",
  "summary",
  "overview",
  "introduction",
  "faq",
]);

/** Is a short string (a heading, a bold lead-in, a title part) itself a name? */
function isNameLike(words: Word[]): boolean {
  // "Self-Directed Learning": an adjective makes the gerund after it a noun, here as in running text (12w, 12af).
  const content = withGerundNouns(words).filter(isWordToken);
  if (content.length === 0 || content.length > 6) return false;
  const last = content[content.length - 1]!;
  // A lone capitalised adjective or gerund may be a heading's name ("Agile", "Targeting").
  if (
    !HEAD_POS.has(last.pos) &&
    !(
      content.length === 1 &&
      ((last.pos === "ADJ" && isCapitalised(last.text)) || (last.pos === "VERB" && /ing$/i.test(last.text)))
    )
  )
    return false;
  return content.every((w, i) => {
    if (CONTENT_POS.has(w.pos)) return true;
    // "Validated Learning" is a name; "Trends Shaping Product Management" is a clause.
    if (w.pos === "VERB" && /(ing|ed)$/i.test(w.text)) return i === 0 || !HEAD_POS.has(content[i - 1]!.pos);
    if (w.pos === "DET" && i === 0) return true;
    if (
      (w.pos === "ADP" || w.pos === "CCONJ" || w.pos === "PART") &&
      i > 0 &&
      i < content.length - 1 &&
      /^(of|to|for|and|&|in|over|as)$/i.test(w.text)
    )
      return true;
    return false;
  });
}

/** A name without the quotes, brackets, emphasis and punctuation around it. */
export function trimPunctuation(s: string): string {
  return s.replace(/^[\s"'\u201C\u201D\u2018\u2019*([]+|[\s"'\u201C\u201D\u2018\u2019*.,:;!?\u2014\u2013)\]-]+$/g, "");
}

/** Split "Lean Startup and LeanUX" / "Kanban, Scrum & XP" into its named parts. */
function splitList(text: string): string[] {
  return text
    .split(/\s*(?:,|;|\band\b|&|\/)\s*/)
    .map(trimPunctuation)
    .filter(Boolean);
}

/**
 * Is the phrase a coordination ("MVP and Experiment", "Kanban, Scrum & XP", "build/buy"): a word
 * joining two sides within one bracket? ("A Continuous Juggling Act (And Some" joins nothing inside its bracket.)
 */
function joinsTwoSides(phrase: string): boolean {
  const inner = phrase.split(/[([]/).at(-1)!;
  return /\S\s*(?:,|\band\b|\bor\b|&|\/)\s*\S/i.test(inner);
}

/** Mark a heading, bold lead-in or title part as the name(s) it gives. */
export function markNamed(
  out: MarkedCandidate[],
  text: string,
  source: MarkedCandidate["source"],
  blockId: string | null,
): void {
  // "1. Soul Sappers", "#2 – Trust", "Step 3:": the numbering is not part of the name; nor is a
  // numbered label before a colon ("Ingredient #2: Targeting", "Part 1: An In-App Guide").
  const labelled = /^[^:]{0,30}\d[^:]{0,4}:\s*(\S.*)$/.exec(trimPunctuation(text));
  const whole = trimPunctuation(
    trimPunctuation(labelled ? labelled[1]! : text).replace(
      /^(?:(?:step|part|tip|rule|lesson|no\.?)\s*)?#?\d{1,2}[.):]?\s+(?:[-\u2013\u2014:]\s*)?/i,
      "",
    ),
  );
  const parts = /,|\band\b|&|\//.test(whole) ? splitList(whole).filter((p) => isNameLike(tagWords(p))) : [];
  // "Lean Startup and LeanUX" names two things; a title such as "Drivers, Constraints, and Floats" may name one.
  const names = parts.length >= 2 && (source !== "title" || whole.includes("/")) ? parts : [whole, ...parts];
  for (const [i, part] of names.entries()) {
    // "Roadmap Hygiene Tips" is about roadmap hygiene.
    const m = /^(.+\S)\s+(\S+)$/.exec(part);
    const meta =
      m &&
      !(m[1]!.includes(" ") === false && m[1]!.length < 3) &&
      META_NOUNS.has(m[2]!.toLowerCase().replace(/s$/, "")) &&
      !endsInModifier(m[1]!);
    // "Some MVP and Experiment Tips": the tips are the head both sides share; without it the rest is a
    // coordination with no head ("MVP and Experiment"), no name. Its sides are names of their own (12l).
    if (meta && joinsTwoSides(m[1]!)) {
      names[i] = "";
      continue;
    }
    let name = meta ? m[1]! : part;
    // "Multiple touch-points" names touch-points; "Big Picture" keeps its "big".
    const lead = /^(\S+)\s+(\S.*)$/.exec(name);
    if (lead && GENERIC_MODIFIERS.has(lead[1]!.toLowerCase()) && !SPECIALISING_MODIFIERS.has(lead[1]!.toLowerCase()))
      name = lead[2]!;
    names[i] = name;
  }
  for (const part of names) {
    if (!part || isJunkShape(part)) continue;
    if (part === whole && !isNameLike(tagWords(part)) && !isGerundName(tagWords(part))) continue;
    const key = conceptKey(part);
    // "An In-App Guide": the indefinite article belongs to the heading's phrasing, not to the name
    // (the key drops it too); left on the surface, the name would be judged as a fragment opening
    // with a function word, "in" (12n).
    const surface = part.replace(/^an?\s+(?=\S)/i, "");
    if (key) out.push({ key, surface, source, blockId });
  }
}

/**
 * Is a marked phrase (a heading, a bold lead-in, quotes) a gerund with its complement, the way English
 * names an activity or a stance (12af): a closing particle ("working backwards", "pushing back"), one
 * adjective or adverb saying how ("thinking big", "going slow", "staying busy"), or a one-noun
 * object ("pulling the cord", "leading the witness"). Two to four words, no clause in them (no
 * pronoun, no second verb): "going to get", "keeping it real" are sentences' pieces.
 */
export function isGerundName(tagged: Word[]): boolean {
  const words = tagged.filter(isWordToken);
  if (words.length < 2 || words.length > 4 || !isGerundWord(words[0]!.text.toLowerCase())) return false;
  const rest = words.slice(1);
  const last = rest[rest.length - 1]!;
  if (rest.length === 1) {
    const norm = last.text.toLowerCase();
    if (CLOSING_ADVERBS.has(norm) || /wards$/.test(norm)) return true;
    return (last.pos === "ADJ" || last.pos === "ADV") && !STOPWORDS.has(norm) && !/ly$/.test(norm);
  }
  // An object: an article or none, then one noun. A longer object is a name of its own, and the
  // gerund an action on it ("Drawing an Opportunity Map", "Leaving the Feature Factory").
  const object = /^(?:the|a|an)$/i.test(rest[0]!.text) ? rest.slice(1) : rest;
  return object.length === 1 && HEAD_POS.has(last.pos) && !STOPWORDS.has(last.text.toLowerCase());
}

/**
 * A verb's -ing form from its base form, as English spells it: "say" → "saying", "make" → "making",
 * "tie" → "tying", "run" → "running". Kept only if WordNet's morphology reads it back as that verb.
 */
function gerundOf(base: string): string | null {
  const ing = /ie$/.test(base)
    ? `${base.slice(0, -2)}ying`
    : /[^eoy]e$/.test(base)
      ? `${base.slice(0, -1)}ing`
      : /^[^aeiou]*[aeiou][b-df-hj-np-tvz]$/.test(base)
        ? `${base}${base.at(-1)}ing`
        : `${base}ing`;
  return lemmatizer.verb(ing) === base ? ing : null;
}

/**
 * A bold lead-in that opens with a verb in the third person ("A focused team … **Says No Often**:
 * no to meetings…") is a predicate of a subject the list shares: it names a behaviour, and English
 * names a behaviour by its gerund, "saying no" (12af). The adverbs closing it say how often or how
 * well, not what ("often", "quickly"); after "has" the name is its object ("Has Congruency" →
 * congruency). Two predicates joined ("Works Less But Delivers…") or one without an object name no
 * single behaviour.
 */
export function markPredicate(out: MarkedCandidate[], text: string, blockId: string): void {
  const words = tagWords(trimPunctuation(text)).filter(isWordToken);
  const verb = words[0];
  if (!verb || words.length > 5 || !/[^s]s$/i.test(verb.text)) return;
  if (verb.pos !== "VERB" && !/^has$/i.test(verb.text)) return;
  let end = words.length;
  while (end > 1 && words[end - 1]!.pos === "ADV") end--;
  const object = words.slice(1, end);
  if (object.length === 0 || object.some((w) => !OBJECT_POS.has(w.pos))) return;
  if (/^has$/i.test(verb.text)) {
    markNamed(out, object.map((w) => w.text).join(" "), "bold", blockId);
    return;
  }
  const gerund = gerundOf(lemmatizer.verb(verb.text.toLowerCase()));
  if (!gerund) return;
  const surface = [gerund, ...object.map((w) => w.text.toLowerCase())].join(" ");
  const key = conceptKey(surface);
  if (key && !isJunkShape(surface)) out.push({ key, surface, source: "bold", blockId });
}

/** What a predicate's object may be made of: a noun phrase, or a bare "no"/"yes" ("says no"). */
const OBJECT_POS = new Set(["NOUN", "PROPN", "ADJ", "DET", "INTJ", "NUM"]);

/**
 * Whether the words before a meta noun end in an adjective ("An In-App Guide", "Big visual checklist"):
 * then the meta noun is the head of the name, the thing itself, not a label of a list of tips about
 * what comes before it ("Roadmap Hygiene Tips" names roadmap hygiene; "In-App" names nothing) (12n).
 */
function endsInModifier(rest: string): boolean {
  const words = tagWords(rest).filter(isWordToken);
  return words.length > 0 && words[words.length - 1]!.pos === "ADJ";
}

/** Words that make a title a sentence about something rather than the name of an idea. */
const CLAUSE_WORDS = new Set([
  "i",
  "you",
  "we",
  "they",
  "he",
  "she",
  "it",
  "me",
  "us",
  "them",
  "my",
  "your",
  "our",
  "their",
  "his",
  "her",
  "its",
  "this",
  "that",
  "these",
  "those",
  "what",
  "why",
  "how",
  "who",
  "when",
  "where",
  "is",
  "are",
  "was",
  "be",
  "can",
  "can't",
  "cant",
  "do",
  "does",
  "don't",
  "dont",
  "will",
  "should",
  "would",
]);

// Adverbs that complete a phrase of action ("starting together", "moving forward"): a phrase may end in one.
const CLOSING_ADVERBS = new Set([
  "together",
  "apart",
  "forward",
  "ahead",
  "back",
  "out",
  "up",
  "down",
  "off",
  "away",
  "again",
  "first",
]);

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
 * Phrases of the title that are the ideas whatever their grammar, which the noun
 * phrases miss: a part of the title the body says again ("Shipping Faster Than You Learn",
 * "1s and 3s"); a phrase of it the body repeats ("Teach by Starting Together" → "starting
 * together", "Think Big, Work Small" → "think big"); the pieces of a list the body takes up;
 * and a short motto whose words the body uses ("Experiment With Not On").
 */
export function markSlogans(
  title: string,
  blocks: Block[],
  out: MarkedCandidate[],
  blockTokens: Token[][] = blocks.map((b) => tokenize(b.text)),
): void {
  const body = blockTokens.map((tokens) => tokens.map((t) => t.norm));
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
    const whole = trimPunctuation(
      trimPunctuation(part).replace(/^(?:(?:and|or|but|for|in|on|by|with|of|to|from|the|a|an)\s+)+/i, ""),
    );
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
export function listKinds(titleWords: Word[]): Set<string> {
  const out = new Set<string>();
  if (titleWords[0]?.pos !== "NUM" || !/^\d+$/.test(titleWords[0].text)) return out;
  let run: Word[] = [];
  const close = () => {
    const head = run[run.length - 1];
    if (head && HEAD_POS.has(head.pos)) {
      out.add(conceptKey(head.text));
      if (run.slice(0, -1).every((w) => GENERIC_MODIFIERS.has(w.text.toLowerCase()) || w.pos === "ADJ"))
        out.add(conceptKey(run.map((w) => w.text).join(" ")));
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
