/**
 * Step 7b of extraction: how central each concept is to each issue that uses it. A log-linear
 * score (RANKING) of what the issue does with the concept — how often, how widely, how early, and
 * whether it marks it — and of what the corpus does with it (how often the writer names it, how
 * far its words are the field's own). Single everyday words and everyday phrases are concepts of
 * an issue only where it makes them its subject; an issue's own candidates only where they rank
 * among its first few: the issue page's list must not fill with plain English.
 */
import { GENERIC_MODIFIERS, KIND_WORDS, STOPWORDS } from "./junk";
import { abbreviates, isTensionKey } from "./keys";
import { LIMITS } from "./limits";
import { GIVEN_NAMES, isCitedKey } from "./names";
import { isRoleWord, keyness, writtenKeyness } from "./reference";
import type { Chosen } from "./select";
import type { CorpusStats } from "./stats";
import type { LocalCandidate, Proposal } from "./tallies";
import type { CandidateSource } from "./types";

/**
 * Per-issue relevance, a log-linear score: the exponent of a weighted sum of what the issue does
 * with the concept and what the corpus does with it. The weights are a logistic regression's
 * (key = 1, also = 0.6, wrong = 0), fitted on the tuned part of tests/fixtures/concepts-gold.json
 * and rounded; the held-back part is the check that they carry over. Corpus frequency (idf) is
 * deliberately absent: a concept the writer returns to in many issues ("OKRs", "Kanban") is no
 * less central to the issue at hand for that; how often the writer *names* it counts instead.
 */
export const RANKING = {
  /** ln(uses in the issue): repetition, with diminishing returns. */
  uses: 0.5,
  /** ln(paragraphs using it): an idea returned to, not one list item. */
  spread: 0.75,
  /** 1 for a concept met in the issue's first paragraph (or title), 0 for one met last. */
  early: 0.5,
  /** The title names it. */
  title: 0.4,
  /** The issue marks it: heading, bold lead-in, quotes, a named model, tension or capitalised name, a title's motto. */
  marked: 0.1,
  /**
   * …and more when the issue heads a section with it: a heading names what the section is about
   * (set by hand, not fitted: the smallest of 0.3, 0.6, 1 that moved any tuned issue) (12e).
   */
  heading: 0.3,
  /** A single word (rather than a name of several words). */
  single: -0.55,
  /** A candidate of the issue's own that the corpus doesn't otherwise make a concept. */
  local: -1.25,
  /** Mean log10 keyness of its words against everyday English: the field's vocabulary. */
  specificity: 0.13,
  /** ln(1 + issues of the corpus that mark it): a name the writer gives, not just a phrase used. */
  named: 0.4,
  /** An acronym (its expansion may be the concept meant elsewhere: PM is a role and a discipline). */
  acronym: -0.4,
  /**
   * Said only in someone else's words: every use in a quotation, or in list items beside one, in an
   * issue mostly in the writer's own words (set by hand: 0.3 to 1 move the same tuned issues) (12aj).
   */
  quotedOnly: -0.6,
};

/** What the score of one issue's use of one concept weighs: one value per weight of RANKING. */
export type RankingFeatures = Record<keyof typeof RANKING, number>;

/** RANKING's weights by name, in its order (the order the score sums them in). */
const WEIGHTS = Object.entries(RANKING) as [keyof typeof RANKING, number][];

/** The exponent of the log-linear score: each feature times its weight. */
function weighFeatures(features: RankingFeatures): number {
  let z = 0;
  for (const [name, weight] of WEIGHTS) z += weight * features[name];
  return z;
}

/**
 * One scored use as a refit needs it: its features, its keys (to match the gold file) and what
 * rankIssueUses's cuts after the sort ask of it.
 */
export type ObservedUse = {
  id: number;
  key: string;
  keys: string[];
  features: RankingFeatures;
  /** Cut below everydayTopicRank / everydayPhraseRank / localRank (rankIssueUses). */
  cut: "everyday" | "everydayPhrase" | "plainLocal" | "local" | undefined;
  /** The acronyms the concept's root is one of (dropped below a name they abbreviate). */
  acronyms: string[];
  hidden: boolean;
};

/**
 * Told each issue's scored uses (before the sort and cuts) when set: how scripts/fit-ranking.ts
 * refits RANKING on the tuned gold issues, from the extraction itself. An issue ranked twice
 * (nested heads added) is told twice; the last holds.
 */
let featureObserver: ((issueId: number, uses: ObservedUse[]) => void) | undefined;

/** Set (or, with undefined, clear) the observer of ranking features. */
export function observeRankingFeatures(observer: ((issueId: number, uses: ObservedUse[]) => void) | undefined): void {
  featureObserver = observer;
}

/** What an observer of features is told of one use (only built when one is set). */
function observeUse(
  ranker: Ranker,
  id: number,
  local: LocalCandidate | undefined,
  features: RankingFeatures,
): ObservedUse {
  const { live, everyday, everydayPhrase, plainWord } = ranker;
  const c = id >= 0 ? live[id] : undefined;
  const cut = local
    ? plainWord(local) && !headsSection(local)
      ? "plainLocal"
      : "local"
    : everyday[id]
      ? "everyday"
      : everydayPhrase[id]
        ? "everydayPhrase"
        : undefined;
  return {
    id,
    key: local ? local.key : c!.root,
    keys: local ? [local.key] : [...c!.group.keys],
    features,
    cut,
    acronyms: c?.group.acronyms.has(c.root) ? [...c.group.acronyms] : [],
    hidden: !!c?.group.hidden,
  };
}

/** An issue is mostly in the writer's own words when fewer than this share of its uses are in quotations (12aj). */
const QUOTED_ISSUE_SHARE = 1 / 3;

/**
 * How one issue uses one concept (or one of its own candidates); `quoted` and `listed` count its
 * uses in quotation blocks and in list items, `inBlocks` its uses anywhere but the title.
 */
export type Use = {
  tf: number;
  blocks: Set<string>;
  first: number;
  inTitle: boolean;
  inBlocks?: number;
  quoted?: number;
  listed?: number;
};

/** A concept of the issue and its score; `id` is the concept's index in `live`, or -1 - i for the issue's own candidate i. */
export type Scored = { id: number; score: number; mentions: number };

/** What ranking knows of the corpus's concepts (indexed as `live`) and of the words they are made of. */
export type Ranker = {
  live: Chosen[];
  /** A single word (rather than a name of several words, a tension or an acronym). */
  single: boolean[];
  /** Corpus-level evidence per concept: the issues that name it (mark it). */
  groupMarksOf: number[];
  /** Single words no more common here than in everyday English (below the field-vocabulary bar), not names or acronyms. */
  everyday: boolean[];
  /**
   * A phrase of everyday words ("team members", "real world") that the writing never names as a
   * name (quotes, bold, a heading, a capital, "what I call…") is, like an everyday word, a concept
   * only of the issues that list it.
   */
  everydayPhrase: boolean[];
  /** Mean log10 keyness of a key's words against everyday English. */
  specificity: (key: string) => number;
  /** The ways an issue marks a concept. */
  markedIn: (index: number, issueId: number) => readonly CandidateSource[];
  /**
   * A candidate of the issue's own needs the issue to name it or return to it: a phrase used
   * twice or marked; a single word of the field's vocabulary used twice (or as a heading), never
   * an everyday word, nor one the corpus uses in most issues ("product", "team").
   */
  localAllowed: (c: LocalCandidate, tf: number) => boolean;
  /** A candidate of the issue's own that is a plain word of prose ("trust", "belief"): like an everyday word, it must be the issue's subject (12y). */
  plainWord: (c: LocalCandidate) => boolean;
};

const NO_MARKS: readonly CandidateSource[] = [];

/**
 * `tailMarks`: the marks of issues read after the archive's statistics were drawn (extract.ts's
 * tail), so an issue's own headings and bold lead-ins count in its ranking wherever it stands.
 */
export function makeRanker(
  live: Chosen[],
  proposals: Map<string, Proposal>,
  stats: CorpusStats,
  tailMarks?: Map<string, Proposal>,
): Ranker {
  const { totalTokens, wordCounts, surnames, issueShareCap, topicIssues } = stats;
  const single = live.map((c) => !isTensionKey(c.root) && !c.root.includes(" ") && c.group.acronyms.size === 0);
  const groupMarksOf = live.map((c) => {
    const ids = new Set<number>();
    for (const k of c.group.keys)
      for (const [src, set] of proposals.get(k)?.sources ?? [])
        if (src !== "title" && src !== "slogan") for (const id of set) ids.add(id);
    return ids.size;
  });
  // A function of the key alone, asked for every use of it in every issue: worked out once a key.
  const specificityOf = new Map<string, number>();
  const specificity = (key: string) => {
    let value = specificityOf.get(key);
    if (value === undefined) {
      const words = key.split(" ").filter((w) => !STOPWORDS.has(w));
      value =
        words.reduce((sum, w) => sum + Math.log10(keyness(w, wordCounts.get(w) ?? 0, totalTokens) + 1), 0) /
        Math.max(1, words.length);
      specificityOf.set(key, value);
    }
    return value;
  };
  // Below the bar of written keyness (as common in edited prose as here), or of keyness against
  // everyday English: a word of plain English, unless the issue introduces it as its name (12o).
  const plainWord = (c: LocalCandidate): boolean => {
    if (c.key.includes(" ")) return false;
    const count = wordCounts.get(c.key) ?? 0;
    const kn = keyness(c.key, count, totalTokens);
    if (c.sources.includes("cued") && kn >= LIMITS.topicKeyness) return false;
    return writtenKeyness(c.key, count, totalTokens) < LIMITS.writtenKeyness || kn < LIMITS.topicKeyness;
  };
  const localAllowed = (c: LocalCandidate, tf: number): boolean => {
    // People the writer cites are not concepts ("John Cutler", "Annie Dunham", "Hubbard").
    const first = c.key.split(" ")[0]!;
    if (GIVEN_NAMES.has(first) || surnames.has(c.key)) return false;
    // … or by a name no list knows ("Jez Humble", "Mona Lisa") (12f).
    const written = proposals.get(c.key)?.phraseCount ?? 0;
    if (isCitedKey(c.key, [c.surface], wordCounts, Math.max(c.n, written))) return false;
    // A capitalised run the issue never uses as a noun phrase names nothing: a sentence's opening
    // verb and a variable ("Grow X", "Deliver X"), a list ("Engineers & UX") (12e).
    if (c.n === 0 && c.sources.every((s) => s === "capitalised")) return false;
    if (c.key.includes(" ")) {
      // "general learning reviews": an everyday opening word names nothing unless the writing marks the phrase.
      if (GENERIC_MODIFIERS.has(c.key.split(" ")[0]!) && c.sources.length === 0) return false;
      return tf >= 2 || c.sources.length > 0;
    }
    if (KIND_WORDS.has(c.key) || isRoleWord(c.key)) return false;
    const df = (stats.wordIssues.get(c.key)?.length ?? 0) / 2;
    if (df > issueShareCap) return false;
    const kn = keyness(c.key, wordCounts.get(c.key) ?? 0, totalTokens);
    // A word the issue introduces as its name for an idea ("what I prefer to call exploration", "the
    // key here is vulnerability") is that issue's concept, however plain a noun of prose and however
    // seldom said again: the writer names it (12o).
    if (c.sources.includes("cued") && kn >= LIMITS.topicKeyness) return true;
    // A plain word of prose is the issue's own concept only where the issue makes it its subject,
    // returning to it as often as an everyday concept of the corpus must, and the writer makes it
    // the subject of another issue too: a subject the writer comes back to, not one issue's
    // vocabulary (12y). It must then also rank as high as an everyday concept (rankIssueUses).
    if (plainWord(c)) return tf >= LIMITS.everydayTopicUses && topicIssues(c.key) >= 2;
    return (
      (kn >= LIMITS.singleWordKeyness && (tf >= 2 || c.sources.some((s) => s === "heading" || s === "bold"))) ||
      (kn >= LIMITS.topicKeyness && tf >= LIMITS.everydayTopicUses && topicIssues(c.key) >= 2)
    );
  };
  const everyday = live.map((c, index) => {
    if (!single[index] || c.group.proper) return false;
    const p = proposals.get(c.root);
    const proper = !!p && p.phraseCount > 0 && p.capsCount / p.phraseCount >= 0.8;
    const uses = c.group.ownUses;
    return !proper && keyness(c.root, uses ?? wordCounts.get(c.root) ?? 0, totalTokens) < LIMITS.singleWordKeyness;
  });
  const everydayPhrase = live.map((c) => {
    if (isTensionKey(c.root) || !c.root.includes(" ") || c.group.acronyms.size > 0 || c.group.proper) return false;
    const named = [...c.group.keys].some((k) =>
      [...(proposals.get(k)?.sources ?? [])].some(([src, ids]) => src !== "title" && src !== "acronym" && ids.size > 0),
    );
    return (
      !named &&
      c.root
        .split(" ")
        .every((w) => STOPWORDS.has(w) || keyness(w, wordCounts.get(w) ?? 0, totalTokens) < LIMITS.singleWordKeyness)
    );
  });
  // Per concept, the ways each issue marks it (in the order of its keys, then of their sources),
  // gathered the first time the concept is asked about, instead of scanning every key's sources
  // for every use. The lists are shared: read them, don't change them.
  const marksOf: (Map<number, CandidateSource[]> | undefined)[] = [];
  const markedIn = (index: number, issueId: number): readonly CandidateSource[] => {
    let marks = marksOf[index];
    if (!marks) {
      marks = new Map();
      for (const k of live[index]!.group.keys)
        for (const from of tailMarks ? [proposals, tailMarks] : [proposals])
          for (const [s, ids] of from.get(k)?.sources ?? [])
            for (const id of ids) {
              const list = marks.get(id);
              if (list) list.push(s);
              else marks.set(id, [s]);
            }
      marksOf[index] = marks;
    }
    return marks.get(issueId) ?? NO_MARKS;
  };
  return { live, single, groupMarksOf, everyday, everydayPhrase, specificity, markedIn, localAllowed, plainWord };
}

/**
 * Is the issue mostly in the writer's own words? An issue that is largely a quotation (an earlier
 * post, a thread, a talk quoted at length) says its subject there too (12aj).
 */
function mostlyOwnWords(uses: Map<number, Use>): boolean {
  let quoted = 0;
  let all = 0;
  for (const e of uses.values()) {
    quoted += e.quoted ?? 0;
    all += e.inBlocks ?? 0;
  }
  return quoted < QUOTED_ISSUE_SHARE * all;
}

/**
 * Is a concept said only in someone else's words — every use in a quotation, or in list items
 * beside one — never in the writer's own sentences or title? The writer quotes what a source says
 * in passing ("a team player", "primary responsibility"); the issue's subject is in its own
 * paragraphs too (12aj).
 */
function quotedOnly(e: Use): boolean {
  const quoted = e.quoted ?? 0;
  return !e.inTitle && quoted > 0 && quoted + (e.listed ?? 0) === (e.inBlocks ?? 0);
}

/** Does the issue head a section with this candidate of its own (a heading names what its section is about)? */
function headsSection(c: LocalCandidate): boolean {
  return c.sources.includes("heading");
}

/**
 * One issue's concepts, most central first. Drops from `uses` what is no concept of the issue: an
 * everyday word it doesn't make its subject, an own candidate it doesn't name or return to, and
 * either below the ranks the issue page lists.
 */
export function rankIssueUses(
  ranker: Ranker,
  issueId: number,
  blockCount: number,
  uses: Map<number, Use>,
  own: LocalCandidate[],
): Scored[] {
  const { live, single, groupMarksOf, everyday, everydayPhrase, specificity, markedIn, localAllowed, plainWord } =
    ranker;
  // An everyday word is this concept only where the issue makes it its subject: elsewhere, "game"
  // or "service" is just English, neither a mention nor a concept of that issue.
  for (const [id, e] of uses) {
    if (id >= 0 && everyday[id] && !(e.inTitle || e.tf >= LIMITS.everydayTopicUses || markedIn(id, issueId).length > 0))
      uses.delete(id);
    // (A candidate's uses at the end of a hyphenated chain are uses too, though no mention holds them (12o).)
    if (id < 0 && !localAllowed(own[-1 - id]!, e.tf + (own[-1 - id]!.inChains ?? 0))) uses.delete(id);
  }

  const ownWords = mostlyOwnWords(uses);
  const scored: Scored[] = [];
  const observed: ObservedUse[] = [];
  for (const [id, use] of uses) {
    const { tf, blocks, first, inTitle } = use;
    const local = id < 0 ? own[-1 - id]! : undefined;
    const marked = local ? local.sources : markedIn(id, issueId);
    const key = local ? local.key : live[id]!.root;
    const isSingle = local ? !local.key.includes(" ") : single[id]!;
    // A single word named once in passing is no concept of the issue (it keeps the mention, not a
    // rank there), unless the writer names it as a concept in other issues ("Kanban", "empathy").
    if (tf === 1 && marked.length === 0 && !inTitle && isSingle && (local || groupMarksOf[id]! < LIMITS.namedElsewhere))
      continue;
    const early = 1 - (inTitle ? 0 : first / Math.max(1, blockCount));
    const features: RankingFeatures = {
      uses: Math.log(tf),
      spread: Math.log(Math.max(1, blocks.size)),
      early,
      title: inTitle ? 1 : 0,
      marked: marked.some((m) => m !== "title") ? 1 : 0,
      heading: marked.includes("heading") ? 1 : 0,
      single: isSingle ? 1 : 0,
      local: local ? 1 : 0,
      specificity: specificity(isTensionKey(key) ? key.replace(" vs ", " ") : key),
      named: Math.log(1 + (local ? 0 : groupMarksOf[id]!)),
      acronym: !local && live[id]!.group.acronyms.size > 0 ? 1 : 0,
      quotedOnly: ownWords && quotedOnly(use) ? 1 : 0,
    };
    const z = weighFeatures(features);
    if (featureObserver) observed.push(observeUse(ranker, id, local, features));
    const score = Math.exp(z);
    scored.push({ id, score, mentions: tf });
  }
  featureObserver?.(issueId, observed);
  scored.sort((a, b) => b.score - a.score || a.id - b.id);
  // An acronym ranked below a name of the issue whose initials spell it ("PM" below "product
  // manager") is that name said short: the list names the idea once. The acronym keeps its mentions
  // in the issue, not a place in its list (12n).
  const named = (o: Scored) => (o.id < 0 ? own[-1 - o.id]!.key : live[o.id]!.root);
  for (let r = scored.length - 1; r > 0; r--) {
    const id = scored[r]!.id;
    if (id < 0 || !live[id]!.group.acronyms.has(live[id]!.root)) continue;
    const acronyms = live[id]!.group.acronyms;
    if (scored.slice(0, r).some((o) => [...acronyms].some((a) => abbreviates(a, named(o))))) scored.splice(r, 1);
  }
  // A plain word of the issue's own is its concept only among its first few (12y); one that
  // isn't takes no place in the list, so it is dropped before the places are counted below.
  // One the issue heads a section with is named there, as any heading names its section's subject (12ab).
  for (let r = 0; r < scored.length; r++) {
    const id = scored[r]!.id;
    if (id < 0 && r >= LIMITS.everydayTopicRank && plainWord(own[-1 - id]!) && !headsSection(own[-1 - id]!)) {
      uses.delete(id);
      scored.splice(r--, 1);
    }
  }
  // …and it (like a candidate of the issue's own) is a concept of the issue only if it is among
  // the concepts the issue page lists.
  for (let r = scored.length - 1; r >= 0; r--) {
    const id = scored[r]!.id;
    if (
      (id >= 0 &&
        ((everyday[id] && r >= LIMITS.everydayTopicRank) || (everydayPhrase[id] && r >= LIMITS.everydayPhraseRank))) ||
      (id < 0 && r >= LIMITS.localRank)
    ) {
      uses.delete(id);
      scored.splice(r, 1);
    }
  }
  return scored;
}
