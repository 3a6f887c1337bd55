/**
 * Step 5 of extraction: which groups of variants are concepts. Each group is judged on its pooled
 * evidence (issues and uses over all its keys, how often it is capitalised): a group is kept when
 * one of its keys passes the bar of the way the writing gave it — a tension or a named model
 * needs little, a capitalised run or a bold lead-in a second use, a plain noun phrase use across
 * issues — and survives the junk filters (junk.ts). A single word must also be the field's own
 * vocabulary (keyness against everyday English) or the topic of some issues, since single words
 * are where plain English leaks in. Last, a word the writing uses both capitalised and in lower
 * case ("Slack" the tool, "slack" time) becomes two concepts.
 */
import type { Counts } from "./counting";
import {
  FILLER,
  GENERIC_MODIFIERS,
  GENERIC_NOUNS,
  KIND_WORDS,
  SPECIALISING_MODIFIERS,
  STOPWORDS,
  isJunkKey,
  startsWithCompound,
} from "./junk";
import { isAcronymShape, isTensionKey } from "./keys";
import { LIMITS } from "./limits";
import { GIVEN_NAMES, isCitedKey } from "./names";
import { hasVerbSense, isOnlyModifier, isRoleWord, keyness, referencePerMillion, writtenKeyness } from "./reference";
import type { CorpusStats } from "./stats";
import { mostCommon, type Proposal } from "./tallies";
import type { CandidateSource } from "./types";

/** Heads of models one draws: a phrase ending in one names a model even when written once in lower case. */
const DRAWN_MODELS = new Set([
  "map",
  "diagram",
  "canvas",
  "matrix",
  "framework",
  "model",
  "loop",
  "triangle",
  "pyramid",
  "quadrant",
  "flywheel",
  "spectrum",
]);

const STRONG_SOURCES: CandidateSource[] = [
  "slogan",
  "tension",
  "framework",
  "acronym",
  "capitalised",
  "quoted",
  "cued",
  "bold",
  "heading",
  "title",
];

/** A concept in the making: its keys, written forms and what curation made of it. */
type Group = {
  keys: Set<string>;
  acronyms: Set<string>;
  aliasSurfaces: Map<string, number>;
  hidden: boolean;
  name?: string;
  /** The capitalised sense of a word the writing also uses in lower case ("Slack" the tool, "slack" time): its key is the capitalised word. */
  proper?: boolean;
  /** A single word mostly said inside longer concepts: its uses outside them (what its keyness is judged on when ranking). */
  ownUses?: number;
};

/** A group selection kept: `root` is its smallest key (or the capitalised word of a proper sense). */
export type Chosen = { root: string; keys: string[]; group: Group };

/** What selection judges a key on: the counts of step 3, the tallies of step 2 and the corpus's word statistics. */
type Evidence = { counts: Counts; proposals: Map<string, Proposal>; acronymKeys: Set<string>; stats: CorpusStats };

/** Does key `k` make its group a concept, given the group's pooled issues, uses and capitalised share? */
function passes(e: Evidence, k: string, groupDf: number, groupCf: number, capsShare: number): boolean {
  const { keyIndex, df, cf, titledTf, totalTokens } = e.counts;
  const { proposals, acronymKeys } = e;
  const { n, minDf, issueShareCap, surnames, wordCounts, dispersion, topicIssues } = e.stats;
  const sourceIssues = (key: string, source: CandidateSource): number =>
    proposals.get(key)?.sources.get(source)?.size ?? 0;
  const i = keyIndex.get(k)!;
  const kdf = df[i]!;
  const kcf = cf[i]!;
  if (kcf === 0) return false;
  const tokens = k.split(" ");
  if (isTensionKey(k)) {
    if (sourceIssues(k, "tension") === 0) return false;
    const [a, b] = k.split(" vs ") as [string, string];
    const sideOk = (s: string) =>
      !isJunkKey(s) &&
      s.split(" ").length <= 4 &&
      !s.split(" ").every((t) => GENERIC_MODIFIERS.has(t) || STOPWORDS.has(t));
    return sideOk(a) && sideOk(b);
  }
  // A person the writer cites ("Annie Dunham"): a given name, written with its capital.
  if (
    tokens.length > 1 &&
    GIVEN_NAMES.has(tokens[0]!) &&
    [...proposals.get(k)!.surfaces.keys()].some((x) => /^[A-Z]/.test(x))
  )
    return false;
  // A person the writer cites by a name no list knows ("Jez Humble") (12f).
  if (isCitedKey(k, [...proposals.get(k)!.surfaces.keys()], e.stats.wordCounts, kcf)) return false;
  // A title's motto or a phrase of it the body repeats: the issue's own idea, in its own words.
  if (sourceIssues(k, "slogan") > 0) return tokens.length <= LIMITS.maxSloganWords && !isJunkKey(k, { slogan: true });
  // Two things joined ("engineers and UX", "safety and trust", "sales and marketing"), each of which the
  // writing also names on its own, are a coordination, not one name; a title's pair is its subject
  // ("Assumptions: Value & Certainty") (12k).
  if (sourceIssues(k, "title") === 0 && isCoordination(k, proposals)) return false;
  const spelling = hyphenatedSpelling(proposals.get(k)!);
  // A compound the writing unpacks is judged as its words, spaced, however it is hyphenated (12ac).
  const unpacked = spelling !== undefined && isUnpacked(e, k);
  const hyphenated = unpacked ? undefined : spelling;
  if (
    tokens.length > LIMITS.maxWords ||
    isJunkKey(k, {
      surface: hyphenated ?? (unpacked ? k : mostCommon(proposals.get(k)!.surfaces)),
      titled: sourceIssues(k, "title") > 0,
    })
  )
    return false;
  if (acronymKeys.has(k)) return groupCf >= 1;
  // A name ends in a noun: "cross-functional", "customer-facing", "data driven" describe one (a
  // capitalised name such as "Modern Agile" is a name whatever its last word).
  // A hyphenated phrase is judged by its head, not its last part ("jobs-to-be-done" names jobs) (12ah).
  if (tokens.length > 1 && capsShare < 0.5 && isOnlyModifier(headOf(tokens, hyphenated))) return false;
  if (sourceIssues(k, "acronym") > 0 && tokens.length > 1) return groupCf >= 1;
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  // "one-person teams": a first word inside a hyphenated compound modifies nothing on its own.
  const genericFirst = GENERIC_MODIFIERS.has(first) && !(hyphenated && startsWithCompound(hyphenated));
  if (tokens.length === 1) {
    const word = first;
    const p = proposals.get(k)!;
    const surface = mostCommon(p.surfaces) ?? word;
    // A person the writer cites, a role ("CEO", "stakeholders": every sense a person), or a word for a kind of idea.
    if (GIVEN_NAMES.has(word) || surnames.has(word) || KIND_WORDS.has(word) || isRole(p, word)) return false;
    // An acronym used as one: mostly written in capitals, and not an everyday word shouted.
    if (isAcronymShape(surface) && capsShare >= 0.8) return groupDf >= minDf && referencePerMillion(word) < 12;
    if (word.length < 3) return false;
    // Mostly used as a noun ("debt"), not as a verb or adjective ("ship", "valuable").
    if (p.phraseCount < kcf * 0.5 || /i[sz]e$/.test(word)) return false;
    const kn = keyness(word, wordCounts.get(word) ?? kcf, totalTokens);
    // The plain vocabulary of prose is no single word of the field, wherever it is used, even in
    // the issue whose title names it ("Play Your Own Game", "Your Product is a Service").
    if (writtenKeyness(word, wordCounts.get(word) ?? kcf, totalTokens) < LIMITS.writtenKeyness && capsShare < 0.8)
      return false;
    const dp = dispersion(word);
    // The topic of an issue: its title names it, the issue keeps coming back to it, and the
    // corpus doesn't use it evenly everywhere ("value", "project", "data" are in every other issue).
    const vocabulary = kn >= LIMITS.singleWordKeyness;
    if (groupDf <= n / 2 && (dp >= LIMITS.topicDispersion || vocabulary)) {
      for (const id of p.sources.get("title") ?? []) {
        if ((titledTf.get(id)?.get(i) ?? 0) >= LIMITS.topicUses && kn >= 0.5) return true;
      }
    }
    // A word the writer marks as a name (a heading, a bold lead-in, a title) in several issues, and
    // whose uses gather in some issues, is the writer's own term, however everyday its English (12ah).
    if (markedIssues(p) >= LIMITS.markedIssues && dp >= LIMITS.topicDispersion && groupDf <= issueShareCap) return true;
    // A word in a third of the issues is everyday English here, unless it is the field's own
    // vocabulary: then it is the writer's constant theme ("outcomes").
    if (groupDf > (vocabulary ? issueShareCap * LIMITS.vocabularyShareFactor : issueShareCap)) return false;
    // A proper name (Kanban, Scrum, Cynefin): capitalised in mid-sentence nearly always.
    if (capsShare >= 0.8 && groupDf >= minDf && kn >= 12) return true;
    // The field's own vocabulary: far more common here than in everyday English, and returned to
    // within issues or gathered in a few of them.
    if (
      kn >= LIMITS.singleWordKeyness &&
      groupDf >= minDf + 1 &&
      (kcf / Math.max(1, kdf) >= LIMITS.singleWordBurst || dp >= LIMITS.vocabularyDispersion)
    )
      return true;
    // An everyday word that some issues are about ("risk", "beliefs"): used as a noun again and
    // again in one issue, and concentrated in a few issues rather than spread evenly.
    // (Names of people and places are proper names, judged above; a topic is used as a noun nearly always.)
    // It must be the subject of more than one issue: the writer returns to it.
    return (
      kn >= LIMITS.topicKeyness &&
      dp >= LIMITS.topicDispersion &&
      p.peak >= LIMITS.topicPeak &&
      topicIssues(word) >= 2 &&
      capsShare < 0.5 &&
      p.phraseCount >= kcf * LIMITS.topicNounShare
    );
  }
  if (GENERIC_NOUNS.has(last) && genericFirst && !(SPECIALISING_MODIFIERS.has(first) && sourceIssues(k, "title") > 0))
    return false;
  if (tokens.some((t) => FILLER.has(t))) return false;
  const strong = STRONG_SOURCES.reduce((s, src) => s + sourceIssues(k, src), 0);
  // "Show empathy", "Deliver value": a phrase the writing nearly always opens a sentence with, whose
  // first word can be a verb, is an imperative (advice in a list), not a name (12e).
  if (strong === 0 && opensSentences(proposals.get(k)!) && hasVerbSense(first) && !isNameWord(proposals.get(first)))
    return false;
  // A phrase opening with an everyday modifier ("good news", "top priority", "better products") is a
  // name only when written as one, capitalised ("Crucial Conversations"): quotes, a bold lead-in or a
  // heading in one issue single it out without naming it (12k).
  if (genericFirst && !SPECIALISING_MODIFIERS.has(first) && (strong === 0 || capsShare < 0.5)) return false;
  if (SPECIALISING_MODIFIERS.has(first) && strong === 0 && groupDf < minDf + 1) return false;
  if (sourceIssues(k, "tension") > 0) return true;
  // Introduced as a name ("the concept of a stop-the-line culture"): once is enough. A model word
  // heads a named model when the name is capitalised, used again, or is something drawn ("belief
  // map", "driver diagram"): "Flywheel Effect", not "the net effect" or "the bartending game" once.
  if (sourceIssues(k, "cued") > 0 && !genericFirst) return true;
  if (sourceIssues(k, "framework") > 0 && !genericFirst && (capsShare > 0 || groupCf >= 2 || DRAWN_MODELS.has(last)))
    return true;
  // Capitalised runs longer than four words are titles of other posts and books cited in passing.
  if (
    tokens.length <= 4 &&
    (sourceIssues(k, "capitalised") >= 2 || (sourceIssues(k, "capitalised") >= 1 && capsShare >= 0.5 && groupCf >= 3))
  )
    return true;
  if (
    (sourceIssues(k, "quoted") >= 1 || sourceIssues(k, "bold") >= 1 || sourceIssues(k, "heading") >= 1) &&
    groupCf >= 2
  )
    return true;
  // Up to three words, or four without a joining word (a slogan such as "think big, work small").
  const titleLength = tokens.length <= 3 || (tokens.length === 4 && !tokens.some((t) => STOPWORDS.has(t)));
  if (sourceIssues(k, "title") >= 1 && (!genericFirst || SPECIALISING_MODIFIERS.has(first)) && titleLength) return true;
  // A name one issue returns to ("normalization of deviance"), however rare elsewhere.
  if (proposals.get(k)!.peak >= 2 && tokens.length <= 4 && !genericFirst) return true;
  return groupDf >= minDf && groupCf >= minDf + 1;
}

/**
 * The word a name is judged to end in (12ah): its last word, unless the writing hyphenates it with
 * the words before it into one phrase with a joining word inside ("jobs-to-be-done",
 * "stop-the-line"). Such a phrasal compound is one word of the lexicon, headed as the phrase it was
 * made of: by the word before its first joining word (the noun a "to be done" or "of the art"
 * follows), so "done" being only an adjective says nothing of what the compound is.
 */
function headOf(tokens: string[], hyphenated: string | undefined): string {
  const last = tokens[tokens.length - 1]!;
  const run = hyphenated && /([A-Za-z]+(?:-[A-Za-z]+)+)\W*$/.exec(hyphenated);
  if (!run) return last;
  const parts = run[1]!.toLowerCase().split("-");
  const joining = parts.findIndex((w, i) => i > 0 && i < parts.length - 1 && STOPWORDS.has(w));
  // The parts and the key's last words are one to one (keys split hyphens); the head is a key word.
  const at = tokens.length - parts.length + joining - 1;
  return joining > 0 && at >= 0 ? tokens[at]! : last;
}

/** The issues whose headings, bold lead-ins or titles name the key on its own (12ah). */
function markedIssues(p: Proposal): number {
  const ids = new Set<number>();
  for (const source of NAMING_MARKS) for (const id of p.sources.get(source) ?? []) ids.add(id);
  return ids.size;
}
const NAMING_MARKS: CandidateSource[] = ["heading", "bold", "title"];

/** A hyphenated spelling of the key ("one-person teams"): the writer joining its words into one name. */
function hyphenatedSpelling(p: Proposal): string | undefined {
  return p.hyphenated ?? [...p.surfaces.keys()].find((x) => /[A-Za-z]-[A-Za-z]/.test(x));
}

/**
 * A two-word key the writing also spells out as "head of (the) modifier" ("members of the team" for
 * "team members"): a compound the writer unpacks at will is a description, so a hyphen written a few
 * times ("team-member") doesn't make a name of its generic words (12ac).
 */
function isUnpacked(e: Evidence, k: string): boolean {
  const tokens = k.split(" ");
  return tokens.length === 2 && e.stats.unpacked(tokens[0]!, tokens[1]!) >= LIMITS.unpackedUses;
}

/**
 * "X and Y" where the writing uses X and Y as noun phrases on their own too (a generic noun such as
 * "engineers" is one, though never proposed as a concept).
 */
function isCoordination(key: string, proposals: Map<string, Proposal>): boolean {
  const sides = key.split(" and ");
  return (
    sides.length === 2 && sides.every((side) => GENERIC_NOUNS.has(side) || (proposals.get(side)?.phraseCount ?? 0) > 0)
  );
}

/**
 * A role: every WordNet noun sense of the word is a person ("CEO", "stakeholder"). An acronym is read
 * so only while the writing never treats it as a term: WordNet knows one expansion of many ("MVP":
 * most valuable player), and an acronym the writing quotes or introduces ("the concept of an MVP")
 * is the writing's term, not that person. A title or a heading naming it says nothing ("CEO notes") (12f).
 */
function isRole(p: Proposal | undefined, word: string): boolean {
  if (!isRoleWord(word)) return false;
  if (!p || p.phraseCount === 0) return true;
  const surface = mostCommon(p.surfaces);
  const acronym = !!surface && isAcronymShape(surface) && p.capsCount >= 0.8 * p.phraseCount;
  return !(acronym && TERM_MARKS.some((src) => (p.sources.get(src)?.size ?? 0) > 0));
}
const TERM_MARKS: CandidateSource[] = ["quoted", "cued"];

/** A word written with its capital in mid-sentence at least half the time ("Slack", "Google"): a name, whatever verb it spells. */
function isNameWord(p: Proposal | undefined): boolean {
  return !!p && p.phraseCount > 0 && p.capsCount >= 0.5 * p.phraseCount;
}

/** Written with a capital first word and the rest in lower case (a sentence's start) in three uses of four or more. */
function opensSentences(p: Proposal): boolean {
  let opening = 0;
  let all = 0;
  for (const [surface, n] of p.surfaces) {
    all += n;
    if (/^[A-Z][a-z]/.test(surface) && surface.slice(1) === surface.slice(1).toLowerCase()) opening += n;
  }
  return all >= 2 && opening >= 0.75 * all;
}

/** The groups that are concepts, in group order, then the capitalised senses split off. */
export function selectGroups(
  members: Map<string, string[]>,
  counts: Counts,
  proposals: Map<string, Proposal>,
  acronymVotes: Map<string, Map<string, number>>,
  stats: CorpusStats,
): Chosen[] {
  const { keyIndex, cf, keyIssues } = counts;
  const acronymKeys = new Set(acronymVotes.keys());
  const evidence: Evidence = { counts, proposals, acronymKeys, stats };
  const chosen: Chosen[] = [];
  const lists = listsOfNames(proposals.keys());
  for (const [root, list] of members) {
    const issuesWith = new Set<number>();
    let groupCf = 0;
    let phrase = 0;
    let caps = 0;
    for (const k of list) {
      const i = keyIndex.get(k)!;
      groupCf += cf[i]!;
      const p = proposals.get(k)!;
      phrase += p.phraseCount;
      caps += p.capsCount;
      for (const id of keyIssues[i]!) issuesWith.add(id);
    }
    const capsShare = phrase > 0 ? caps / phrase : 0;
    if (!list.some((k) => passes(evidence, k, issuesWith.size, groupCf, capsShare))) continue;
    // Three names or more set side by side ("A Better Roadmap | Mind-Map | Mousetrap") are a list,
    // not a tension, whichever two of them a shorter reading of the line paired (12k).
    if (list.some((k) => isListedPair(k, lists))) continue;
    // A role in any of its spellings ("teammates" beside "team mates") names people, not an idea.
    if (!list.some((k) => acronymKeys.has(k)) && list.some((k) => !k.includes(" ") && isRole(proposals.get(k), k)))
      continue;
    const aliasSurfaces = new Map<string, number>();
    for (const k of list)
      for (const [s, c] of proposals.get(k)!.surfaces) aliasSurfaces.set(s, (aliasSurfaces.get(s) ?? 0) + c);
    chosen.push({
      root,
      keys: list,
      group: {
        keys: new Set(list),
        acronyms: new Set(list.filter((k) => acronymKeys.has(k))),
        aliasSurfaces,
        hidden: false,
      },
    });
  }
  mergeElliptical(chosen, counts, proposals);
  countOwnUses(chosen, counts, stats);
  splitSenses(chosen, proposals);
  return chosen;
}

/** The sides of every tension key with three sides or more: names set side by side in a list. */
function listsOfNames(keys: Iterable<string>): Set<string>[] {
  const lists: Set<string>[] = [];
  for (const k of keys) {
    const sides = k.split(" vs ");
    if (sides.length > 2) lists.push(new Set(sides));
  }
  return lists;
}

/** A tension key with three sides or more, or two sides both of one such list. */
function isListedPair(key: string, lists: Set<string>[]): boolean {
  const sides = key.split(" vs ");
  if (sides.length > 2) return true;
  return sides.length === 2 && lists.some((l) => sides.every((s) => l.has(s)));
}

/**
 * A single word half or more of whose uses are inside longer concepts chosen ("improvement" in
 * "continuous improvement"): its uses outside them, on which ranking judges whether it is the
 * field's vocabulary or an everyday word. Nested longer concepts are counted once.
 */
function countOwnUses(chosen: Chosen[], counts: Counts, stats: CorpusStats): void {
  const { keyIndex, cf } = counts;
  const cfOf = (k: string) => cf[keyIndex.get(k) ?? -1] ?? 0;
  const longerOf = new Map<string, string[]>();
  for (const c of chosen)
    for (const k of c.keys) {
      if (!k.includes(" ") || isTensionKey(k)) continue;
      for (const w of new Set(k.split(" "))) {
        const list = longerOf.get(w) ?? [];
        list.push(k);
        longerOf.set(w, list);
      }
    }
  for (const c of chosen) {
    if (c.group.proper || c.group.acronyms.size > 0 || c.keys.length !== 1 || c.root.includes(" ")) continue;
    const longer = longerOf.get(c.root);
    if (!longer) continue;
    let covered = 0;
    for (const k of longer) {
      const inside = longer.filter((o) => o !== k && ` ${o} `.includes(` ${k} `));
      covered += Math.max(0, cfOf(k) - inside.reduce((sum, o) => sum + cfOf(o), 0));
    }
    const total = stats.wordCounts.get(c.root) ?? cfOf(c.root);
    if (covered >= total * LIMITS.coveredShare) c.group.ownUses = Math.max(0, total - covered);
  }
}

/**
 * A single word nearly always met as the last word of one longer concept ("dissonance" in
 * "cognitive dissonance", "batches" in "big batches") is that concept said short: its few bare uses
 * refer back to it, so the word joins the longer concept's variants instead of standing alone. Counts
 * include overlaps, so the longer concept's uses are a share of the word's.
 */
function mergeElliptical(chosen: Chosen[], counts: Counts, proposals: Map<string, Proposal>): void {
  const { keyIndex, cf } = counts;
  const uses = (keys: Iterable<string>) => {
    let n = 0;
    for (const k of keys) n += cf[keyIndex.get(k) ?? -1] ?? 0;
    return n;
  };
  const byLastWord = new Map<string, Chosen[]>();
  for (const c of chosen) {
    if (c.group.acronyms.size > 0) continue;
    for (const k of c.keys) {
      const tokens = k.split(" ");
      if (tokens.length < 2 || isTensionKey(k)) continue;
      const last = tokens[tokens.length - 1]!;
      const list = byLastWord.get(last) ?? [];
      if (!list.includes(c)) list.push(c);
      byLastWord.set(last, list);
    }
  }
  const merged = new Set<Chosen>();
  for (const c of chosen) {
    if (c.group.acronyms.size > 0 || c.keys.some((k) => k.includes(" "))) continue;
    let phrase = 0;
    let caps = 0;
    for (const k of c.keys) {
      phrase += proposals.get(k)!.phraseCount;
      caps += proposals.get(k)!.capsCount;
    }
    // A proper name ("Scrum" in "Scrum Master") is a concept of its own, however often it heads a longer one.
    if (phrase === 0 || caps / phrase >= 0.5) continue;
    const own = uses(c.keys);
    const longer = [...new Set(c.keys.flatMap((k) => byLastWord.get(k) ?? []))].filter((d) => !merged.has(d));
    const into = longer
      .map((d) => ({ d, n: uses(d.keys.filter((k) => c.keys.some((w) => k.endsWith(` ${w}`)))) }))
      .sort((a, b) => b.n - a.n || (a.d.root < b.d.root ? -1 : 1))[0];
    if (!into || into.n < own * LIMITS.ellipticalShare) continue;
    const d = into.d;
    for (const k of c.keys) {
      d.keys.push(k);
      d.group.keys.add(k);
    }
    for (const [surface, n] of c.group.aliasSurfaces)
      d.group.aliasSurfaces.set(surface, (d.group.aliasSurfaces.get(surface) ?? 0) + n);
    merged.add(c);
  }
  if (merged.size === 0) return;
  const kept = chosen.filter((c) => !merged.has(c));
  chosen.length = 0;
  chosen.push(...kept);
}

/**
 * A word written both ways in mid-sentence, whose lower-case form is an everyday English word, is two
 * concepts: "Slack" (the tool) and "slack" (time to spare). The capitalised sense takes the
 * capitalised uses, the lower-case concept keeps the rest.
 */
function splitSenses(chosen: Chosen[], proposals: Map<string, Proposal>): void {
  for (const c of [...chosen]) {
    if (c.keys.length !== 1 || c.root.includes(" ") || c.group.acronyms.size > 0) continue;
    const p = proposals.get(c.root)!;
    const lower = p.phraseCount - p.capsCount;
    if (
      p.capsCount < LIMITS.senseUses ||
      lower < LIMITS.senseUses ||
      p.capsCount < 0.2 * p.phraseCount ||
      lower < 0.2 * p.phraseCount
    )
      continue;
    // Only when the lower-case word is everyday English of its own ("slack"); "scrum" written in lower case is still Scrum.
    if (referencePerMillion(c.root) < 1) continue;
    const written =
      mostCommon(new Map([...p.surfaces].filter(([s]) => /^[A-Z]/.test(s) && !s.includes(" ")))) ??
      c.root.replace(/^./, (ch) => ch.toUpperCase());
    if (chosen.some((o) => o.root === written)) continue;
    chosen.push({
      root: written,
      keys: [written],
      group: { keys: new Set([written]), acronyms: new Set(), aliasSurfaces: new Map(), hidden: false, proper: true },
    });
  }
}
