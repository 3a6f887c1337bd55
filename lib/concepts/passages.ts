/**
 * Choosing the passage that best explains a concept: among the sentences that
 * mention it, the one that reads most like a definition ("X is…", "what I call
 * X", a bold lead-in naming X, the paragraph under a heading naming X).
 */
import type { Block } from "@/db/schema";
import { HEAD_POS, isWordToken, tagWords } from "./tagging";

export type PassageCandidate = {
  issueId: number;
  block: Block;
  /** The block right before this one in its issue (a heading it sits under). */
  previous: Block | undefined;
  /** Mention offsets within the block. */
  start: number;
  end: number;
  /** How central the concept is to this issue (its rank there, 1 = top). */
  rankInIssue: number;
  publishedAt: Date | null;
  /** The block opens with this concept in bold. */
  boldLead: boolean;
  /** The block is in one of the bundled sample issues. */
  sample?: boolean;
  /** The block is the opening paragraph of an issue whose title is the concept, named so there (start = end = 0: no mention in the block). */
  titleLead?: string;
  /** The issue doesn't count this use as a mention (an everyday word it isn't about): offered only if the sentence defines. */
  incidental?: boolean;
};

/**
 * Whether [start, end) of an issue's title is the whole of what it names: the title less a
 * numbering prefix ("TBM 17/53:"), parentheses, a subtitle after a colon or dash, and end
 * punctuation. "Stop Playing Tetris (With Teams…)" names "stop playing tetris"; "10 Tips for
 * Better Prototypes" doesn't name "prototypes".
 */
export function namesTitle(title: string, start: number, end: number): boolean {
  const mark = "\u0000";
  const marked = `${title.slice(0, start)}${mark}${title.slice(start, end)}${mark}${title.slice(end)}`;
  const core = marked
    .replace(/^\s*[A-Z]{2,5}\s*\d+(?:\/\d+)?\s*:\s*/, "")
    .replace(/\([^)]*\)/g, " ")
    .split(/\s*(?::|\s[\u2014\u2013|-]\s|\u2014)\s*/)
    .find((part) => part.includes(mark));
  if (core?.split(mark).length !== 3) return false;
  const [head, , tail] = core.split(mark) as [string, string, string];
  return /^\W*(?:(?:the|a|an|on|why|about)\s+)?\W*$/i.test(head) && /^[\W_]*$/.test(tail);
}

/** How far from a mention a sentence boundary is looked for: a longer "sentence" is cut there. */
const SENTENCE_REACH = 1500;

let lastBoundariesText: string | undefined;
let lastBoundaries: [number, number, number][] = [];

/** Sentence bounds around [start, end) in text, looked for within SENTENCE_REACH of the mention (so a huge block costs no more). */
export function sentenceAround(text: string, start: number, end: number): [number, number] {
  // A full stop (or an ellipsis) with no space after it still ends a sentence between two words ("the scenes.We hire"),
  // though not inside an abbreviation or a name ("e.g.The", "Node.js"). A caption or a credit glued to the sentence
  // after it ("Director: Jane RoeThe problem is…", "Credit: a film (1985)Scope creeps…") ends before a word that
  // opens sentences, or at a parenthesis glued to a capitalised word *(12v)*; so does one glued without a space
  // after a lower-case word ("a single teamCost of Delay is…"), as tokens.ts's gluedJoin splits it *(12ad)*.
  const boundary =
    /[.!?\u2026]["'\u201D\u2019)]*\s+(?=["'\u201C\u2018(]?[A-Z0-9])|(?<=(?<![A-Za-z0-9])[a-z]{2,})(?=[A-Z][a-z])|(?<=[a-z]{2} ?[.!?\u2026])(?=[A-Z][a-z])|(?<=[a-z]{2}\)?)(?=(?:The|This|That|These|Those|There|We|It|In|Our|They|You|When|If)\s)|(?<=[a-z0-9]\))(?=[A-Z][a-z]+\s[a-z])/g;
  const windowStart = Math.max(0, start - SENTENCE_REACH);
  const windowEnd = Math.min(text.length, end + SENTENCE_REACH);
  let from = windowStart;
  let to = windowEnd;
  if (windowStart === 0 && windowEnd === text.length) {
    // The window is the whole text: its boundaries, found once a text, serve every mention in it.
    if (lastBoundariesText !== text) {
      lastBoundariesText = text;
      lastBoundaries = [...text.matchAll(boundary)].map((m) => [m.index, m[0].length, m[0].trimEnd().length]);
    }
    for (const [at, length, trimmed] of lastBoundaries) {
      if (at + length <= start) from = at + length;
      else if (at >= end) {
        to = at + trimmed;
        break;
      }
    }
    return [from, to];
  }
  const window = text.slice(windowStart, windowEnd);
  for (const m of window.matchAll(boundary)) {
    const at = windowStart + m.index;
    const cut = at + m[0].length;
    if (cut <= start) from = cut;
    else if (at >= end) {
      to = at + m[0].trimEnd().length;
      break;
    }
  }
  return [from, to];
}

/**
 * "X is a…", "X are the…", "X is when…": a definition (an evaluation, "X is great", is not). Not "X is not
 * a…", which says what X isn't (though "X is not just a…" says what it is) *(12r)*, and not "X is that
 * <clause>" ("The upshot is that they…", "…is that scope is fixed": a subject, or a verb within three words,
 * the subject perhaps a number or an amount, "…is that $1 will hit the sweetspot" *(12ad)*):
 * a cataphoric "that" says what happened, not what X is; "X is that stretch of time between…" still
 * defines *(12r)*. A definition quoted from a source ("X is “the belief that…”") reads the same *(12v)*.
 */
const DEFINES =
  /^\s*["'\u201D\u2019]?\s*(?:\([^)]*\)\s*)?,?\s*(?:is|are|was)\s+(?:(?:simply|basically|essentially|really|just|often|usually|also|not (?:just|only|merely|simply)|\w+ly)\s+)?["\u201C\u2018]?(?!(?:a|an) (?:tad|bit|little|lot|few|couple|must|no-brainer)\b)(?:a|an|the|when|how|what|where|about|one|any|our|my|your|some|this(?=\s+\w)|that(?!\s+(?:(?:the|a|an|they|we|you|it|i|he|she|there|this|these|those|people|our|their|your|his|her|its|some|most|many|no|every\w*|nobody)\b|\w+['\u2019]\w+\b|(?:\S+\s+){1,3}(?:is|are|was|were|will|would|can|could|should|must|may|might|has|have|had|do|does|did)\b)))\b/i;
/**
 * "X is a reminder that there's…", "X is a sign that we…": the noun after the copula takes a clause of its own
 * (a subject and its verb follow "that"), so the sentence says what X shows or reminds us of, a judgement, not
 * what X is; a relative clause ("a framework that helps teams…") has no subject of its own *(12v)*.
 */
const APPRAISES =
  /^\s*["'\u201D\u2019]?\s*(?:\([^)]*\)\s*)?,?\s*(?:is|are|was)\s+(?:\w+ly\s+)?(?:a|an|the|one)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+that\s+(?:there|we|you|they|it|i|he|she|the|a|an|our|their|your|this|these|those|people|no|every\w*|nobody|\w+['\u2019]\w+)\b/i;
/** "X means…", "X refers to…", "X happens when…", "X manifests when…" *(12v)*: an explanation of what X is. */
const EXPLAINS =
  /^\s*["'\u201D\u2019]?\s*(?:\([^)]*\)\s*)?,?\s*(?:means|meant|refers to|describes|stands for|(?:is|are) (?:\w+ly )?(?:defined|described|known|referred to|thought of) as|(?:happens|occurs|arises|emerges|appears|manifests|shows up|sets in|kicks in|creeps in) (?:\w+ly )?when|(?:is|are) like|involves|(?:is|are) all about|helps|lets|allows|enables|forces|encourages|requires|creates|gives|makes)\b/i;
/** X as the subject of what the writer says about it: "X can…", "X tends to…", "X works when…". */
const SAYS =
  /^\s*["'\u201D\u2019]?\s*(?:\([^)]*\)\s*)?,?\s*(?:is|are|was|were|can|could|will|would|should|must|may|might|tends? to|needs? to|has|have|had|works?|matters?|starts?|becomes?|brings?|keeps?|shows?|seems?|provides?|reduces?|increases?)\b/i;
/** "isn't called X", "not known as X", "never think of X": a negated introduction names X only to set it aside *(12r)*. */
const NEGATED_INTRODUCTION =
  /(?:\bnot|n['\u2019]t|\bnever)\s+(?:(?:be|been|really|usually|always|often|even)\s+)?(?:called|known as|referred to as|think of)\s*(?:(?:the|an?)\s+)?["'\u201C\u2018]?\s*$/i;
/** "X: a way to…", "X — the habit of…": a definition only where X opens the sentence (else the colon explains the clause). */
const DEFINING_PUNCTUATION = /^\s*["'\u201D\u2019]?\s*(?:\([^)]*\)\s*)?(?:=|:|\u2014|-{1,2})\s+/;
/**
 * What follows "X:" in a list item is a sentence about X ("Craft: People need to know what they're
 * doing"), not a book's subtitle in title case ("Lean UX: Applying Lean Principles…"), a gerund's
 * label ("Making a big impact…", "achieving done vs. …"), a question ("What about…?") or an arrow.
 */
function glossesInProse(after: string, sentence: string): boolean {
  const words = after
    .replace(DEFINING_PUNCTUATION, "")
    .split(/\s+/)
    .filter((w) => w !== "");
  const first = words[0] ?? "";
  if (words.length < 5 || !/^[A-Z][a-z'\u2019]*$/.test(first) || /ing$/.test(first)) return false;
  if (/^(?:what|how|why|when|where|who|which|is|are|do|does|can|should)$/i.test(first)) return false;
  if (/\?/.test(sentence) || /\bvs\.?\s/.test(after)) return false;
  const next = words.slice(1, 7).filter((w) => /^[A-Za-z]/.test(w));
  return next.filter((w) => /^[A-Z]/.test(w)).length * 2 < next.length;
}
/** "X, a practice borrowed from…, …": an apposition that says what X is. */
const APPOSITION = /^\s*["'\u201D\u2019]?\s*,\s*(?:a|an|the)\s+[^,.;]{3,90}[,.;]/i;
/** "what I call X", "known as the X", "aka X": the writer introducing a name, wherever in the sentence. */
const INTRODUCED =
  /(?:what (?:I|we) (?:like to |often )?call|(?:I|we) call(?: (?:this|it))?|known as|(?<!so-)called|aka|a\.k\.a\.|the (?:definition|gist|essence) of|think of|what (?:I|we) mean by)\s*(?:(?:the|an?)\s+)?["'\u201C\u2018]?\s*$/i;
/**
 * "The idea of X is…", "the concept of an X — as an experiment… —", "the idea of X (…)", "… the concept
 * of X." (what follows takes it up): an introduction only where it opens the sentence, a gloss follows or
 * the sentence ends on it; elsewhere it is a verb's object ("despise the idea of MVPs", "scrub
 * the idea of sprint commitments"), a mention of the idea, not an account of it.
 */
const IDEA_OF = /\bthe (?:idea|concept|notion|practice|principle) of\s*(?:(?:the|an?)\s+)?["'\u201C\u2018]?\s*$/i;
/**
 * "X — as an experiment, a way to… —", "X — the time from when we dream up an idea until it reaches
 * customers —": an apposition set off by dashes, anywhere in the sentence; not an aside that is a clause
 * of its own ("X —the post definitely has an X angle— …").
 */
const DASH_GLOSS =
  /^\s*["'\u201D\u2019]?\s*(?:\u2014|\u2013|--?)\s*(?:as an?|an?|the|i\.e\.,?)\s+(?:(?!\b(?:is|are|was|were|has|have|had|does|did|will|would|can|could|should|must)\b)[^\u2014\u2013]){3,120}?(?:\u2014|\u2013|\s--?\s)/i;
/**
 * "X, or “waiting for problems to crop up, and then acting”": a gloss of four words or more in quotation
 * marks after ", or" (not "“X” or “Y”", two alternatives; see orGlossed for a list's last item).
 */
const OR_GLOSS =
  /^\s*["'\u201D\u2019]?\s*,\s+or\s+["\u201C\u2018](?:[^"\u201D\u2019\s]+\s+){3,}[^"\u201D\u2019]*["\u201D\u2019]/i;
/** "by X I mean…", "X, by which I mean…": the writer saying what they mean (a bare "by" before X is mostly "caused by X"). */
const MEANT =
  /^\s*["'\u201D\u2019]?\s*,?\s*(?:by which |by that |here )?(?:I|we) (?:mean|am talking about|are talking about)\b/i;
/** "X (i.e. …)", "X (aka …)", "X (or …)": a gloss in parentheses right after the name, marked as one. */
const GLOSS = /^\s*\((?:i\.e\.?,?|aka|a\.k\.a\.|or|meaning|that is,?)\s+[^)]{3,80}\)/i;
/** The words in parentheses right after a mention ("SaaS (Software as a Service)"). */
const PARENTHESES = /^\s*\(([^)]{3,80})\)/;

/** "WIP" and "(work in progress)", "HiPPOs" and "(highest paid person's opinion)": the parentheses spell out the acronym. */
export function spellsOut(acronym: string, words: string): boolean {
  const bare = acronym.replace(/s$/, "").replace(/[^A-Za-z]/g, "");
  // "SaaS", "HiPPO": in mixed case only the capitals stand for words.
  const letters = /[a-z]/.test(bare) ? bare.replace(/[a-z]/g, "") : bare;
  if (letters.length < 2 || letters.length > 6) return false;
  const initials = words
    .split(/[\s/-]+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .map((w) => w[0]!.toLowerCase());
  // Small words ("as a", "of the") may or may not count in an acronym: the capitals must appear in order among the initials, first to first.
  let i = 0;
  for (const ch of letters.toLowerCase()) {
    while (i < initials.length && initials[i] !== ch) i++;
    if (i === initials.length) return false;
    i++;
  }
  return initials[0] === letters[0]!.toLowerCase();
}
/** "using X as a metaphor for…", "X as a lens on…": the writer saying what X stands for. */
const AS_FIGURE =
  /^\s*["'\u201D\u2019]?\s*as an? (?:\w+ )?(?:metaphor|analogy|shorthand|lens|model|framework|way) (?:for|of|on|to)\b/i;
/** The concept in scare quotes, "so-called X", "X, whatever that means": the writer distancing themselves, not explaining. */
const DISTANCED = /\bso-called\s*["'\u201C\u2018]?\s*$/i;
const DISTANCED_AFTER = /^\s*["'\u201D\u2019]?\s*,?\s*(?:whatever (?:that|it) means|or whatever)\b/i;
/** "X are self-organizing and cross-functional": the properties that make X what it is. */
const DESCRIBES =
  /^\s*["'\u201D\u2019]?\s*(?:is|are)\s+(?:\w+ly\s+)?[\w-]+(?:ing|al|ive|ed|ous|ent|ant|ible|able|ic)\s*(?:,|and|or)\s+[\w-]+/i;
/** "At the root of X we find…", "the causes of X are…": what brings X about, an account of how it arises. */
const CAUSE_OF = /\b(?:roots?|causes?|sources?|origins?)\s+of\s*(?:(?:the|an?)\s+)?["'\u201C\u2018]?\s*$/i;
/** "X stems from…", "X is caused by…", "X is rooted in…": the same, said after it. */
const CAUSED =
  /^\s*["'\u201D\u2019]?\s*(?:stems|comes|arises|springs) from\b|^\s*["'\u201D\u2019]?\s*(?:is|are) (?:\w+ly )?(?:caused by|rooted in)\b/i;
/**
 * "a team uses X to get good at…", "using X to make the work visible", "X is used to…": what X is for, the
 * purpose a writer gives a tool or a practice — an account of it, like what brings it about *(12ar)*. Not an
 * imperative ("Use X to force focus": advice), and not "to" before a noun ("used X to the point…").
 */
const PURPOSE_BEFORE =
  /\b[a-z]\w*\s+(?:use|uses|used|using)\s+(?:(?:the|a|an|their|our|your|its)\s+)?["'\u201C\u2018]?\s*$/i;
const PURPOSE_AFTER =
  /^\s*["'\u201D\u2019]?\s+(?:to|in order to)\s+(?!(?:the|a|an|this|that|these|those|their|our|your|its|my|his|her|some|any|every|each|all|no|me|us|them|him|it|you|what|which|where|when|how)\b)[a-z]+\b/i;
const USED_FOR = /^\s*["'\u201D\u2019]?\s*(?:is|are|was|were|can be|gets?) (?:\w+ly )?used (?:to|for)\b/i;
/** "X was coined (by Y) to describe…": where the name comes from and what it was made to name *(12ar)*. */
const COINED = /^\s*["'\u201D\u2019]?\s*,?\s*(?:was|were|has been|had been) (?:\w+ly )?coined\b/i;
/** "The notion that people have a dominant learning style … is still widespread": the idea stated whole. */
const NOTION = /^\s*(?:the\s+)?(?:notion|idea|belief|theory|premise|claim)\s+that\s+[^.;:]{0,140}$/i;
/** A sentence that ends on a colon (perhaps before closing quotes or an ellipsis): it leads into a list, a picture or a quote. */
const LEADS_ON = /:["'\u201D\u2019)]*\s*(?:\u2026|\.\.\.)?\s*$/;
/**
 * The writer speaking of their own writing ("see my post…", "since I wrote this post about X", "I've used
 * the term X at talks"): X named as a topic or a title, not said to be anything — unless the sentence
 * defines X or spells it out ("for this post I'll call it STCA (…)") *(12r)*.
 */
const OWN_WRITING =
  /\b(?:my|this|that|these|recent|previous|earlier|last|an?)\s+(?:(?:\w+|\d+)\s+){0,2}(?:posts?|articles?|essays?|talks?)\b|\b(?:I|I['\u2019]ve|I['\u2019]ll|I have|I will)\s+(?:\w+\s+){0,2}(?:wrote|written|writing|write|posted|blogged|used the term)\b/i;
/** Blanks left for the reader to fill in ("because ________", "cost us $____"). */
const BLANKS = /_{3,}/;
/** "Annie: …", "Me: …": a line of dialogue, not the writer explaining. */
const SPEAKER = /^\s*[A-Z][\w.]*(?: [A-Z][\w.]*)?:\s/;

/**
 * Whether the words before a mention leave it opening its sentence: perhaps after a conjunction, an
 * adverb or a preposition's phrase set off by a comma ("Here,", "In short,", "At Etsy,"), an article and a
 * word of judgement ("Good X is…").
 */
function opens(before: string): boolean {
  return /^\s*["'\u201C\u2018*(]?\s*(?:(?:so|but|and|yet),?\s+)?(?:(?:here|now|today|instead|again|also|still|then|first|second|finally|\w+ly|(?:in|for|at|on|by|with|to)\s+\w+),\s+)?["'\u201C\u2018]?\s*(?:(?:the|a|an)\s+)?(?:(?:good|great|real|true|healthy|effective|modern|traditional|typical|classic|proper)\s+)?["'\u201C\u2018]?\s*$/i.test(
    before,
  );
}

/** Whether a heading names the concept: its words hold the mention's, less a plural's "s" ("Experiments" heads "experiment"). */
function namesConcept(heading: string, c: PassageCandidate): boolean {
  const stem = c.block.text
    .slice(c.start, c.end)
    .toLowerCase()
    .replace(/(?:['\u2019]s|s)$/, "");
  return (
    stem.length > 0 &&
    heading
      .toLowerCase()
      .replace(/[\u2010-\u2015-]/g, " ")
      .includes(stem.replace(/[\u2010-\u2015-]/g, " "))
  );
}

function scorePassage(
  c: PassageCandidate,
  sentence: string,
  offsetInSentence: number,
  mentionLength: number,
): { score: number; defining: boolean } {
  let score = 0;
  // Whether the sentence is shaped as an account of what X is (not only where it scores).
  let defining = true;
  const before = sentence.slice(0, offsetInSentence);
  const after = sentence.slice(offsetInSentence + mentionLength);
  // Opening the sentence, perhaps after an article and a word of judgement ("Good X is…", "A healthy X means…").
  const opensSentence = opens(before);
  if (DEFINES.test(after) && !APPRAISES.test(after)) {
    score += opensSentence ? 7 : 3;
    defining = opensSentence;
  } else if (EXPLAINS.test(after) || DESCRIBES.test(after)) {
    score += opensSentence ? 5 : 2;
    defining = opensSentence;
  }
  // ("Lean UX: Applying Lean Principles…" in a reading list is a book's subtitle, not a definition; "Craft:
  // people need to know what they're doing" in a list of a model's parts is one.)
  else if (
    opensSentence &&
    DEFINING_PUNCTUATION.test(after) &&
    (c.block.kind !== "li" || glossesInProse(after, sentence))
  )
    score += 6;
  else if (opensSentence && APPOSITION.test(after)) score += 5;
  else {
    defining = false;
    if (opensSentence && SAYS.test(after)) score += 2.5;
  }
  const ideaOf = IDEA_OF.exec(before);
  const causal = CAUSE_OF.test(before) || CAUSED.test(after) || COINED.test(after);
  const purpose = (PURPOSE_BEFORE.test(before) && PURPOSE_AFTER.test(after)) || USED_FOR.test(after);
  const introduced =
    (INTRODUCED.test(before) && !NEGATED_INTRODUCTION.test(before)) ||
    (!!ideaOf &&
      (opens(before.slice(0, ideaOf.index)) ||
        DASH_GLOSS.test(after) ||
        DEFINING_PUNCTUATION.test(after) ||
        /^\s*["'\u201D\u2019]?\s*(?:[.:]?\s*$|\([^)]{10,}\))/.test(after)));
  if (introduced) score += 5;
  else if (NOTION.test(before)) score += 4;
  else if (causal || purpose) score += 4;
  else if (/\bby\s*["'\u201C\u2018]?\s*$/i.test(before) && MEANT.test(after)) score += 6;
  if (introduced || NOTION.test(before) || causal || purpose || MEANT.test(after) || c.boldLead) defining = true;
  if (MEANT.test(after) && /^\s*["'\u201D\u2019]?\s*,/.test(after)) score += 4;
  const parenthesised = PARENTHESES.exec(after)?.[1];
  // ("Seeing the deck, mockups, or “high level stories”": X is one item of a list, and so is what follows.)
  const orGlossed = OR_GLOSS.test(after) && !/(?:,|\band|\bor)\s*["'\u201C\u2018]?\s*$/i.test(before);
  const glossed = DASH_GLOSS.test(after) || orGlossed;
  if (glossed) defining = true;
  const spelled =
    GLOSS.test(after) ||
    glossed ||
    (!!parenthesised && spellsOut(sentence.slice(offsetInSentence, offsetInSentence + mentionLength), parenthesised));
  if (spelled) score += 2.5;
  if (AS_FIGURE.test(after)) score += 4;
  if (DISTANCED.test(before) || DISTANCED_AFTER.test(after)) score -= 3;
  // Part of a longer name or a possessive ("Larman's Laws", "X's team"): the sentence is about something else.
  if (/^['\u2019]s\b/.test(after)) score -= 2;
  if (opensSentence) score += 1;
  if (c.boldLead) score += 4;
  const previous = c.previous;
  // The paragraph under a heading that names the concept (a heading about something else says nothing of it) *(12v)*.
  if (previous && /^h[234]$/.test(previous.kind) && c.block.text.length > 60)
    score += namesConcept(previous.text, c) ? 2 : 1;
  // One item of a list ("decision making, continuous improvement, and prioritization frameworks"): named, not explained.
  if (
    (!opensSentence && /,\s*$/.test(before)) ||
    (/^\s*,/.test(after) && !APPOSITION.test(after) && !orGlossed) ||
    /\b(?:and|or)\s+$/.test(before)
  )
    score -= 2.5;
  const length = sentence.length;
  if (length >= 60 && length <= 320) score += 1.5;
  else if (length < 40) score -= 3;
  else if (length > 450) score -= 3;
  if (/\?["'\u201D\u2019)]*\s*$/.test(sentence)) score -= 3;
  if (/!["'\u201D\u2019)]*\s*$/.test(sentence)) score -= 1;
  // A sentence ending on a colon leads into what follows (a list, a picture, a quote: "…it leads to this:"):
  // shown alone it says nothing of X *(12r)*.
  const leadsOn = LEADS_ON.test(sentence);
  if (leadsOn) score -= 3;
  if (!defining && !spelled && OWN_WRITING.test(sentence)) score -= 3;
  // Quoted speech is someone else's words (often a complaint), not the writer's explanation —
  // unless it is a source's definition the writer quotes ("Scrum Teams are self-organizing…").
  if (c.block.kind === "quote")
    score -=
      (opensSentence && (DEFINES.test(after) || EXPLAINS.test(after) || DESCRIBES.test(after))) || causal ? 1 : 4;
  if (c.block.kind === "li" && !c.boldLead) score -= 1.5;
  if (/^h[234]$/.test(c.block.kind)) score -= 8;
  if (SPEAKER.test(c.block.text) && c.start > 0) score -= 2;
  // The issue about the concept is where the writer explains it.
  if (c.rankInIssue === 1) score += 3;
  else if (c.rankInIssue <= 3) score += 2;
  else if (c.rankInIssue <= 10) score += 0.5;
  return {
    score,
    defining: defining && !leadsOn && !QUESTION.test(sentence) && !/^h[234]$/.test(c.block.kind),
  };
}

/**
 * A candidate's sentence and how well it reads as the concept's definition; `passage`, what
 * passageText makes of it, where it was needed here (it is left for the winner alone otherwise).
 */
export function scoreCandidate(c: PassageCandidate): {
  score: number;
  defining: boolean;
  standing: Standing;
  sentence: string;
  /** Where the mention sits in the sentence (none for an issue's opening named after the concept). */
  mention: [number, number] | undefined;
  to: number;
  passage: string | undefined;
} | null {
  const text = c.block.text;
  if (c.titleLead) {
    const [, to] = sentenceAround(text, 0, 1);
    const sentence = text.slice(0, to).trim();
    const [, nextTo] = to < text.length ? sentenceAround(text, to + 1, to + 2) : [0, to];
    const score = scoreTitleLead(c, c.titleLead, sentence, text.slice(0, nextTo));
    return {
      score,
      defining: false,
      // The opening of the issue named after the concept is prose about it, when it speaks of the title's words.
      standing: score > -10 && !QUESTION.test(sentence) ? "prose" : "other",
      sentence,
      mention: undefined,
      to,
      passage: undefined,
    };
  }
  const [rawFrom, to] = sentenceAround(text, c.start, c.end);
  const from = rawFrom + (text.slice(rawFrom, to).length - text.slice(rawFrom, to).trimStart().length);
  const sentence = text.slice(from, to).trim();
  const shape = scorePassage(c, sentence, c.start - from, c.end - c.start);
  let score = shape.score;
  if (c.incidental && !shape.defining) return null;
  // What would be shown has blanks to fill in ("would drift to ## by Q1, because ____"): a template for the
  // reader (a retro prompt, a form), not the writer explaining. (What is shown is cut from the block's
  // text: a block without an underscore has none, and most candidates are never shown.)
  let passage: string | undefined;
  if (text.includes("_")) {
    passage = passageText(c, sentence, to);
    if (BLANKS.test(passage)) score -= 10;
  }
  const standing: Standing =
    /^h[234]$/.test(c.block.kind) || QUESTION.test(sentence)
      ? "weak"
      : c.block.kind === "li"
        ? shape.defining
          ? "other"
          : "item"
        : sentence.length >= 40
          ? "prose"
          : "other";
  const at = c.start - from;
  return {
    score,
    defining: shape.defining,
    standing,
    sentence,
    mention: [at, at + c.end - c.start],
    to,
    passage,
  };
}

/**
 * Words that make a list item a clause without the tagger's help: a form of be, have or do, a modal, a
 * negation or a contraction ("is", "can", "don't", "it's", "you'll").
 */
const CLAUSE =
  /\b(?:is|are|was|were|am|be|been|has|have|had|does|did|do|can|could|will|would|shall|should|must|may|might)\b|n['\u2019]t\b|['\u2019](?:re|ve|ll|d|m)\b|\b(?:it|that|there|here|what|he|she)['\u2019]s\b/i;

/**
 * Whether a list item (or a sentence of prose) is a clause ("The help desk struggles to…", "Cost of
 * delay lets us…") rather than a fragment: a label, a book's title, a line of advice ("Shorten the
 * feedback loops to hours"), a run of nouns ("Endless over-commitment and the gap between…"). A clause has a
 * verb past its first word (an imperative opens with its verb) that is no gerund and no infinitive.
 */
export function isClause(sentence: string): boolean {
  if (CLAUSE.test(sentence)) return true;
  const words = tagWords(sentence).filter(isWordToken);
  return words.some(
    (w, i) =>
      i > 0 &&
      (w.pos === "VERB" || w.pos === "AUX") &&
      !/ing$/i.test(w.text) &&
      words[i - 1]!.text.toLowerCase() !== "to",
  );
}

/** A sentence ending in a question mark (perhaps before closing quotes or a parenthesis, or a quoted question and a full stop). */
const QUESTION = /\?["'\u201D\u2019)]*\s*$|\?["'\u201D\u2019]+\)?\.\s*$/;

/**
 * Where a candidate stands beside the others, before its score: `weak`, a heading or a question; `item`, a
 * list item that doesn't define the concept (weak too unless it is a clause: isClause, asked of the best
 * alone); `prose`, a sentence of a paragraph or a quote of 40 characters or more, or the opening of an
 * issue named after the concept; `other`, the rest (a defining list item, a short line). A weak best gives
 * way to the best prose sentence *(12p)*.
 */
type Standing = "weak" | "item" | "prose" | "other";

const LEAD_STOPWORDS = new Set([
  "the",
  "a",
  "an",
  "and",
  "or",
  "of",
  "to",
  "in",
  "on",
  "for",
  "with",
  "not",
  "vs",
  "is",
  "are",
  "be",
  "you",
  "your",
  "we",
  "our",
  "it",
  "its",
  "this",
  "that",
  "how",
  "why",
  "what",
]);

/**
 * The opening of an issue named after the concept: what the writer says first about it, whatever
 * words they use. Worth more than a passing mention, less than a sentence that says "X is…".
 */
function scoreTitleLead(c: PassageCandidate, name: string, sentence: string, opening: string): number {
  // An opening about something else (a thank-you, a note on the book, the weather) doesn't explain the title.
  const stems = (t: string) =>
    (t.toLowerCase().match(/[a-z0-9][a-z0-9'’]*/g) ?? [])
      .filter((w) => !LEAD_STOPWORDS.has(w))
      .map((w) => (w.length > 3 ? w.slice(0, Math.max(4, w.length - 3)) : w));
  const named = new Set(stems(name));
  const said = stems(opening);
  const shared = [...named].filter((n) =>
    said.some((w) => w.startsWith(n) || (n.startsWith(w) && w.length >= 4)),
  ).length;
  if (shared === 0 || shared * 3 < named.size) return -10;
  let score = 2;
  if (/\?["'\u201D\u2019)]*\s*$/.test(sentence)) score -= 3;
  if (sentence.length < 40) score -= 3;
  if (SPEAKER.test(sentence)) score -= 2;
  if (c.rankInIssue === 1) score += 3;
  else if (c.rankInIssue <= 3) score += 2;
  return score;
}

type Chosen = { issueId: number; blockId: string; text: string };

/** Words the tagger may read as nouns that don't head a phrase the concept modifies ("Scrum today is…", "Agile itself"). */
const NOT_HEADS =
  /^(?:today|tomorrow|yesterday|nowadays|itself|themselves|alone|first|last|now|then|too|instead|aside|here|there)$/i;

/**
 * Whether the mention at [start, end) of a sentence modifies the noun after it ("PM work isn't easy", "the
 * Scrum team voted…", "our OKR process"): the next word follows after a space alone (no punctuation, no
 * quotation mark) and the tagger reads it as a noun, and it is no verb the scorer reads as the concept's own
 * ("X works when…", "X means…", "X helps…"). The sentence is then about the team, the work or the process
 * *(12s)*. Tags the sentence: asked only of a passage that would be shown.
 */
export function modifiesNoun(sentence: string, start: number, end: number): boolean {
  const after = sentence.slice(end);
  const mention = sentence.slice(start, end);
  if (!/^ [A-Za-z]/.test(after)) return false;
  // "X works when…", "X means…", "X helps…": the verb the scorer reads as X's own, however it is tagged ("PM work
  // isn't easy" is a noun: after a singular, a verb would take an -s).
  if (
    (DEFINES.test(after) || EXPLAINS.test(after) || SAYS.test(after) || DESCRIBES.test(after)) &&
    /^ [a-z]+s\b/i.test(after)
  )
    return false;
  // A plural before a word the tagger calls a noun is mostly its subject before a verb ("standups waste time"); a
  // possessive ("Seiden's book") weighs less already; an adjective ("aspirational product", which the lite model
  // tags as a noun) modifies whatever it is said of.
  if (/[a-z](?<![iuas])s$|['\u2019]s$|(?:ional|ical|ous|ful|less)$/i.test(mention)) return false;
  const words = tagWords(sentence).filter(isWordToken);
  const at = words.findIndex((w) => w.start >= end);
  const next = words[at];
  const own = words[at - 1];
  if (!next || next.start !== end + 1 || !HEAD_POS.has(next.pos) || NOT_HEADS.test(next.text)) return false;
  if (own && own.end === end && !HEAD_POS.has(own.pos)) return false;
  // A "noun" in -s before an article, a pronoun, a conjunction, an adverb or an adjective is a verb the tagger misread
  // ("the X Framework addresses the need…", "a ticket treadmill ships and ships…"); a plural head noun is followed
  // by its verb ("X teams need…") or a preposition.
  const then = words[at + 1];
  return !(/^[a-z]+s$/i.test(next.text) && then && ["DET", "PRON", "CCONJ", "ADV", "ADJ", "NUM"].includes(then.pos));
}

/**
 * How far behind a passage where the concept heads its phrase may score and still take the place of one
 * where it only modifies another noun *(12s)*.
 */
const MODIFIER_PENALTY = 3;

/** How many of the best-scored passages are kept, to be weighed again for a concept used as a modifier *(12s)*. */
const RUNNERS_UP = 5;

/**
 * The best passage among those offered, one at a time (so a large archive needn't keep every
 * mention's passage until the end). On equal scores the earlier issue wins, then the first offered.
 */
export class PassageChooser {
  /**
   * The best few of the author's own issues, and of the bundled samples (used only if there is no
   * other); each with its best sentence of prose, which a weak best gives way to.
   */
  private own: Pool = { top: [], prose: null };
  private samples: Pool = { top: [], prose: null };

  offer(c: PassageCandidate): void {
    const scored = scoreCandidate(c);
    if (!scored) return;
    const { score, defining, standing, sentence, mention, to, passage } = scored;
    const at = c.publishedAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
    const pool = c.sample ? this.samples : this.own;
    const beats = (current: Scored | null | undefined) =>
      !current || score > current.score || (score === current.score && at < current.at);
    const place = pool.top.findIndex((s) => beats(s));
    const intoTop = place >= 0 ? place : pool.top.length < RUNNERS_UP ? pool.top.length : -1;
    const intoProse = standing === "prose" && beats(pool.prose);
    if (intoTop < 0 && !intoProse) return;
    const chosen: Scored = {
      score,
      at,
      standing,
      defining,
      sentence,
      mention,
      issueId: c.issueId,
      blockId: c.block.id,
      text: passage ?? passageText(c, sentence, to),
    };
    if (intoTop >= 0) {
      pool.top.splice(intoTop, 0, chosen);
      if (pool.top.length > RUNNERS_UP) pool.top.pop();
    }
    if (intoProse) pool.prose = chosen;
  }

  /**
   * The chosen passage (the samples' only when no issue of the author's mentions it), or null when there
   * is nothing but headings. A passage where the concept only modifies another noun and that doesn't
   * define it gives way to a runner-up where it heads its phrase *(12s)*. A heading, a question or a list item
   * that is a fragment gives way to the best sentence of prose that mentions the concept, when that is a
   * clause (not a label) *(12p)*.
   */
  result(): Chosen | null {
    const pool = this.own.top.length > 0 ? this.own : this.samples;
    let best = headed(pool.top);
    if (
      (best?.standing === "weak" || (best?.standing === "item" && !isClause(best.sentence))) &&
      pool.prose &&
      pool.prose.score >= MIN_PASSAGE_SCORE &&
      isClause(pool.prose.sentence)
    )
      best = pool.prose;
    if (!best || best.score < MIN_PASSAGE_SCORE) return null;
    return { issueId: best.issueId, blockId: best.blockId, text: best.text };
  }
}

/**
 * The best passage of the runners-up (best first): the best, unless the concept only modifies another noun
 * there and it doesn't define it; then the first runner-up within MODIFIER_PENALTY where the concept heads
 * its phrase in a sentence of prose — not in quotation marks or parentheses, not one item of a list ("X and
 * Y", "X, Y"), not a sentence ending on a colon *(12s)*. Only the best is tagged, and the runners-up only
 * when the best is a modifier.
 */
function headed(top: Scored[]): Scored | null {
  const best = top[0];
  if (!best || best.defining || !best.mention || !modifiesNoun(best.sentence, best.mention[0], best.mention[1]))
    return best ?? null;
  for (const s of top.slice(1)) {
    if (s.score < best.score - MODIFIER_PENALTY) break;
    if (s.standing !== "prose" || !s.mention || LEADS_ON.test(s.sentence)) continue;
    const before = s.sentence.slice(0, s.mention[0]);
    const after = s.sentence.slice(s.mention[1]);
    if (/["\u201C\u2018(]\s*$/.test(before) || COORDINATED_BEFORE.test(before) || COORDINATED_AFTER.test(after))
      continue;
    if (!modifiesNoun(s.sentence, s.mention[0], s.mention[1])) return s;
  }
  return best;
}

/** One item of a list or a pair: "…, X", "Y and X", "X, Y", "X and Y", "X/Y". */
const COORDINATED_BEFORE = /(?:[,/&]|\band|\bor)\s*$/i;
const COORDINATED_AFTER = /^\s*(?:[,/&]|and\b|or\b)/i;

/** Below this a passage is shown to no one (a heading alone, a template to fill in). */
const MIN_PASSAGE_SCORE = -5;

type Scored = Chosen & {
  score: number;
  at: number;
  standing: Standing;
  defining: boolean;
  sentence: string;
  mention: [number, number] | undefined;
};
type Pool = { top: Scored[]; prose: Scored | null };

/** What a reader is shown of a passage: the sentence, or more of the block where that reads better. */
function passageText(c: PassageCandidate, sentence: string, sentenceEnd: number): string {
  const text = c.block.text;
  let passage = sentence;
  // A bold lead-in's block is itself the explanation: take the block.
  if (c.boldLead && text.length <= 600) passage = text;
  else if (c.titleLead && passage.length < 200 && sentenceEnd < text.length) {
    // An issue's opening sentence seldom stands alone: the next one says where it goes.
    const [, nextTo] = sentenceAround(text, sentenceEnd + 1, sentenceEnd + 2);
    passage = text.slice(0, nextTo).trim();
  } else if (passage.length < 90 && sentenceEnd < text.length) {
    // A short defining sentence reads better with the one that follows.
    const [from] = sentenceAround(text, c.start, c.end);
    const [, nextTo] = sentenceAround(text, sentenceEnd + 1, sentenceEnd + 2);
    passage = text.slice(from, nextTo).trim();
  }
  passage = passage.replace(/\*\*/g, "");
  if (passage.length > 600) passage = `${passage.slice(0, 597).replace(/\s+\S*$/, "")}…`;
  return passage;
}

/** The best passage, or null when there is nothing but headings. */
export function choosePassage(candidates: PassageCandidate[]): Chosen | null {
  const chooser = new PassageChooser();
  for (const c of candidates) chooser.offer(c);
  return chooser.result();
}
