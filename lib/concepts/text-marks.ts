/**
 * Names the running text marks as names: tensions ("speed vs. quality", "build or buy?"),
 * capitalised runs in mid-sentence ("Modern Agile"), names introduced by a cue ("what we call the
 * feature factory"), quoted coinages, and acronyms spelled out in brackets. Each is stronger
 * evidence than a plain noun phrase, so selection lets rarer ones through.
 */
import type { Block } from "@/db/schema";
import { GENERIC_MODIFIERS, STOPWORDS, isJunkShape } from "./junk";
import { abbreviates, conceptKey, isAcronymShape, tensionKey } from "./keys";
import { GIVEN_NAMES } from "./names";
import { nounRuns } from "./phrases";
import { CONTENT_POS, HEAD_POS, isCapitalised, isWordToken, surfaceOf, tagWords, type Word } from "./tagging";
import { isGerundName, trimPunctuation } from "./title-names";
import { foldPunctuation } from "./tokens";
import type { AcronymDefinition, MarkedCandidate } from "./types";

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
    if (
      step === -1 &&
      w.pos === "VERB" &&
      !/ing$/i.test(w.text) &&
      picked.some((k) => words[k]!.pos === "VERB" || HEAD_POS.has(words[k]!.pos))
    )
      break;
    if (step === -1 && picked.length > 0 && w.sentenceStart) {
      picked.push(i);
      break;
    }
    picked.push(i);
    i += step;
  }
  // "Value in 2nd/3rd order effects | Risk in …", "formal structures/incentives | Challenges formal
  // structures/incentives": a side that stops at a slash is one cell of a slash-separated run, cut
  // out of it; the tension is between the runs, not between that cell and the other side (12l).
  if (picked.length === 0 || isSlash(words[i])) return null;
  let [a, b] = step === 1 ? [picked[0]!, picked[picked.length - 1]!] : [picked[picked.length - 1]!, picked[0]!];
  // Trim joining words and trailing participles ("big batches based") at the outer edge.
  const bad = (w: Word) =>
    w.pos === "ADP" || w.pos === "PART" || w.pos === "ADV" || (w.pos === "VERB" && !/ing$/i.test(w.text));
  const hasNoun = words.slice(a, b + 1).some((w) => HEAD_POS.has(w.pos));
  if (step === 1) while (b > a && bad(words[b]!) && (hasNoun || words[b]!.pos !== "VERB")) b--;
  else while (a < b && (words[a]!.pos === "ADP" || words[a]!.pos === "PART" || words[a]!.pos === "ADV")) a++;
  const inner = step === 1 ? words[a]! : words[b]!;
  if (inner.pos === "ADP" || inner.pos === "PART") return null;
  return [a, b + 1];
}

/** A slash between words ("2nd/3rd", "structures/incentives"), however the text writes it. */
function isSlash(w: Word | undefined): boolean {
  return w !== undefined && /^[/\u2044\u2215\uFF0F]$/.test(w.text);
}

/**
 * A side of "X | Y" (a table row, a short line) is its whole cell: no word of the cell lies beyond
 * it but an article. "Fewer dependencies, lower blast radius | More dependencies, higher blast
 * radius" and "Self-powering | Requires “fuel” & external support" contrast their cells, not the
 * pieces the reading cut from them (12l).
 */
function wholeCell(words: Word[], [a, b]: [number, number], step: 1 | -1): boolean {
  for (let k = step === 1 ? b : a - 1; k >= 0 && k < words.length && words[k]!.text !== "|"; k += step)
    if (isWordToken(words[k]!) && words[k]!.pos !== "DET") return false;
  return true;
}

function sideIsContent(words: Word[], [a, b]: [number, number]): boolean {
  const slice = words.slice(a, b);
  return slice.some((w) => (CONTENT_POS.has(w.pos) || w.pos === "VERB") && !STOPWORDS.has(w.text.toLowerCase()));
}

export function findTensions(
  text: string,
  words: Word[],
  blockId: string,
  short: boolean,
  out: MarkedCandidate[],
): void {
  for (let i = 1; i < words.length - 1; i++) {
    const t = words[i]!.text.toLowerCase();
    const isVs = t === "vs." || t === "vs" || t === "versus" || (t === "|" && short);
    const isOr = t === "or";
    if (!isVs && !isOr) continue;
    const left = tensionSide(words, i - 1, -1);
    const right = tensionSide(words, i + 1, 1);
    if (!left || !right || !sideIsContent(words, left) || !sideIsContent(words, right)) continue;
    if (t === "|" && !(wholeCell(words, left, -1) && wholeCell(words, right, 1))) continue;
    if (isOr) {
      // "X or Y?" — only as a short question of its own, with short sides.
      const after = words[right[1]];
      const sentenceStart = words.findLastIndex((w, k) => k <= left[0] && w.sentenceStart);
      const lengthOfQuestion = right[1] - Math.max(0, sentenceStart);
      if (after?.text !== "?" || lengthOfQuestion > 8 || right[1] - right[0] > 3 || left[1] - left[0] > 3) continue;
    }
    // "Acute vs. Chronic Product Issues": two modifiers share one head; the tension is between the modifiers.
    if (
      left[1] - left[0] === 1 &&
      words[left[0]]!.pos === "ADJ" &&
      right[1] - right[0] >= 2 &&
      words[right[0]]!.pos === "ADJ"
    ) {
      right[1] = right[0] + 1;
    }
    const l = surfaceOf(text, words, left[0], left[1]);
    const r = surfaceOf(text, words, right[0], right[1]);
    if (isJunkShape(l) || isJunkShape(r)) continue;
    const key = tensionKey(l, r);
    const [ka, kb] = key.split(" vs ");
    if (!ka || !kb || ka === kb) continue;
    const connector = isOr ? "or" : t === "|" ? "|" : t;
    out.push({
      key,
      surface: `${l} ${connector === "vs" ? "vs." : connector} ${r}`,
      source: "tension",
      blockId,
      sides: [l, r],
    });
  }
}

export function findCapitalisedTerms(text: string, words: Word[], blockId: string, out: MarkedCandidate[]): void {
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
    while (
      a < b &&
      (STOPWORDS.has(words[a]!.text.toLowerCase()) ||
        (words[a]!.sentenceStart && GENERIC_MODIFIERS.has(words[a]!.text.toLowerCase())))
    )
      a++;
    const run = words.slice(a, b);
    // The first word's capital is no evidence when it opens a sentence.
    const capitalWords = run.filter((x, k) => isCapitalised(x.text) && !(k === 0 && x.sentenceStart));
    const shouting = run.every((x) => x.text === x.text.toUpperCase() && x.text.length > 1) && run.length > 1;
    // Two adjectives joined are a description ("Qualitative and Quantitative"), not a name ("Modern Agile").
    if (run.length > 0 && run[run.length - 1]!.pos === "ADJ" && run.some((x) => x.pos === "CCONJ")) {
      i = Math.max(j, i + 1);
      continue;
    }
    if (
      capitalWords.length >= (run[0]?.sentenceStart ? 1 : 2) &&
      run.length >= 2 &&
      run.length <= 6 &&
      !shouting &&
      !GIVEN_NAMES.has(run[0]!.text.toLowerCase())
    ) {
      const surface = surfaceOf(text, words, a, b);
      const key = conceptKey(surface);
      if (key && !isJunkShape(surface)) out.push({ key, surface, source: "capitalised", blockId });
    }
    i = Math.max(j, i + 1);
  }
}

/**
 * Words that introduce a name: "the concept of a stop-the-line culture", "what we call the feature
 * factory", "what I prefer to call exploration", "I call it X", "aka Team Tetris"; and that single out the idea a
 * passage turns on, "the key (here) is vulnerability" (12o).
 */
const CUE =
  /\b(?:the (?:concept|notion|principle|practice) of|what (?:I|we) (?:like to |prefer to )?call|(?:I|we) (?:sometimes |often )?call (?:it|this|that)|so-called|(?:is|are) known as|a\.?k\.?a\.?|the key (?:here )?is)\s+$/i;

export function findCued(text: string, words: Word[], blockId: string, out: MarkedCandidate[]): void {
  for (const [a, b] of nounRuns(words)) {
    let from = a;
    // "the concept of a …": the article belongs to the sentence, not to the name.
    const before =
      words[a - 1] && words[a - 1]!.pos === "DET" && /^(a|an|the)$/i.test(words[a - 1]!.text)
        ? words[a - 1]!.start
        : words[a]!.start;
    const lead = foldPunctuation(text.slice(Math.max(0, before - 40), before)).replace(/["\u201C]\s*$/, "");
    if (!CUE.test(lead)) continue;
    if (b - from > 4) from = b - 4;
    const surface = surfaceOf(text, words, from, b);
    const key = conceptKey(surface);
    if (key && !isJunkShape(surface)) out.push({ key, surface, source: "cued", blockId });
  }
}

/**
 * Do the words a writer sets off (in quotes or in italics) read as a name? A coinage is a name:
 * nouns and adjectives ("outcomes over features"), not a clause; one adjective may be a coinage
 * ("consumerification"); a longer run names a thing by its noun.
 */
function namesAThing(inside: Word[]): boolean {
  const last = inside[inside.length - 1]!;
  // "leading the witness": a practice named by its gerund.
  const gerundFirst = inside[0]!.pos === "VERB" && /ing$/i.test(inside[0]!.text);
  const nameLike = inside.every(
    (w, k) =>
      CONTENT_POS.has(w.pos) ||
      (w.pos === "VERB" && /(ing|ed)$/i.test(w.text)) ||
      (k > 0 &&
        k < inside.length - 1 &&
        (/^(over|of|to|and|as|for|in|not)$/i.test(w.text) || (k === 1 && gerundFirst && /^(the|a|an)$/i.test(w.text)))),
  );
  return (
    nameLike && (HEAD_POS.has(last.pos) || (last.pos === "ADJ" && inside.length === 1 && !last.text.includes("-")))
  );
}

const QUOTED = /[\u201C"]([^\u201C\u201D"]{2,48})[\u201D"]/g;

export function findQuoted(text: string, words: Word[], blockId: string, out: MarkedCandidate[]): void {
  for (const m of text.matchAll(QUOTED)) {
    const inner = m[1]!.trim();
    const start = m.index + m[0].indexOf(m[1]!);
    const end = start + m[1]!.length;
    if (/[.!?,;:]$/.test(inner) || inner.split(/\s+/).length > 4) continue;
    const inside = words.filter((w) => w.start >= start && w.end <= end && isWordToken(w));
    if (inside.length === 0) continue;
    // A quoted gerund with its complement names an activity ("working backwards", "pulling the cord", 12af).
    if (isGerundName(inside)) {
      const key = conceptKey(inner);
      if (key && !isJunkShape(inner)) out.push({ key, surface: inner, source: "quoted", blockId });
      continue;
    }
    if (!namesAThing(inside)) continue;
    if (!HEAD_POS.has(inside[0]!.pos) && quotedInfinitive(text, m.index, m.index + m[0].length, inner)) continue;
    const key = conceptKey(inner);
    if (key && !isJunkShape(inner)) out.push({ key, surface: inner, source: "quoted", blockId });
  }
}

/**
 * A quoted verb phrase after "to" ("when it comes time to "present roadmaps"") is a clause in
 * scare quotes, not a coinage. The quotes hide its grammar from the tagger (it reads "to" as a
 * preposition and "present" as an adjective), so it is read again without them: "to" marking an
 * infinitive and a verb after it is a clause (12j). Only a run whose first word the quoted reading
 * takes for no noun, and written in lower case: read bare, "back to feature factories" and "to
 * Lean Startup" would be infinitives too.
 */
function quotedInfinitive(text: string, from: number, to: number, inner: string): boolean {
  const before = text.slice(Math.max(0, from - 40), from);
  if (!/\bto\s*$/i.test(before) || /^[A-Z]/.test(inner)) return false;
  const plain = before + inner + text.slice(to, to + 40);
  const words = tagWords(plain);
  const k = words.findIndex((w) => w.start >= before.length);
  return k > 0 && words[k]!.pos === "VERB" && words[k - 1]!.pos === "PART" && /^to$/i.test(words[k - 1]!.text);
}

const ACRONYM_IN_PARENS = /\(([A-Z][A-Za-z0-9&]{1,7})\)/g;
const EXPANSION_IN_PARENS = /\b([A-Z][A-Z0-9&]{1,6}s?)\s*\(([^()]{4,80})\)/g;

export function findAcronyms(text: string, blockId: string, out: AcronymDefinition[]): void {
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

/** An italic span of the HTML, or a block's id (the spans after it are in that block). */
const EMPHASIS_OR_ID = /\sid="([^"]+)"|<(em|i)>([\s\S]*?)<\/\2>/g;

/**
 * Names the writer sets in italics ("So is <em>experimentation</em>."): the typographic twin of a
 * quoted coinage, so a name said once in italics is named, not said in passing (12ag). Only a
 * span that reads as a name in its sentence (tagged in place, as `findQuoted` reads quotes) and
 * of up to four words; italics on a verb, an adverb or a clause ("<em>failed</em>", "<em>why</em>",
 * "<em>is not</em>") are stress, not naming. Headings are named already, whatever their type.
 */
export function findEmphasised(html: string, blocks: Block[], out: MarkedCandidate[]): void {
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const tagged = new Map<string, Word[]>();
  let block: Block | undefined;
  for (const m of html.matchAll(EMPHASIS_OR_ID)) {
    if (m[1] !== undefined) {
      block = byId.get(m[1]);
      continue;
    }
    if (!block || /^h\d$/.test(block.kind)) continue;
    const inner = foldPunctuation(
      m[3]!
        .replace(/<[^>]+>/g, "")
        .replace(/&amp;/g, "&")
        .replace(/&[a-z#0-9]+;/g, " "),
    )
      .trim()
      .replace(/[.,;:!?]+$/, "");
    if (inner.length < 2 || inner.split(/\s+/).length > 4) continue;
    const text = foldPunctuation(block.text);
    const start = text.indexOf(inner);
    if (start < 0) continue;
    let words = tagged.get(block.id);
    if (!words) tagged.set(block.id, (words = tagWords(block.text)));
    const inside = words.filter((w) => w.start >= start && w.end <= start + inner.length && isWordToken(w));
    // Italics on an adjective ("<em>better</em>", "<em>terrible</em>") stress it; a name ends in a noun.
    if (inside.length === 0 || !namesAThing(inside) || !HEAD_POS.has(inside[inside.length - 1]!.pos)) continue;
    // "the <em>new strategy</em>", "<em>actual metrics</em>": the stress is on the everyday modifier, a contrast, not a name.
    if (inside.length > 1 && GENERIC_MODIFIERS.has(inside[0]!.text.toLowerCase())) continue;
    const surface = block.text.slice(inside[0]!.start, inside[inside.length - 1]!.end);
    const key = conceptKey(surface);
    if (key && !isJunkShape(surface)) out.push({ key, surface, source: "emphasised", blockId: block.id });
  }
}
