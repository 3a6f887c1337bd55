/**
 * From every issue's cached candidates to the corpus's concepts: pure and
 * deterministic (no database, no clock). The steps:
 *
 *  1. drop boilerplate blocks (the same block in many issues);
 *  2. propose keys: everything the writing marks (titles, headings, bold
 *     lead-ins, tensions, named models, capitalised terms, quoted coinages,
 *     acronyms) and every noun phrase used more than once;
 *  3. count every proposed key in the text (issue frequency, total frequency);
 *  4. merge variants into groups (acronym ↔ expansion, "LeanUX" ↔ "Lean UX");
 *  5. keep the groups that pass their source's bar and the junk filters, with
 *     keyness against everyday English for single words;
 *  6. apply the author's curation rules;
 *  7. place mentions (longest match wins), rank concepts within each issue,
 *     choose definition passages, and relate concepts by co-occurrence G².
 */
import type { Block, ConceptKind, ConceptRule } from "@/db/schema";
import { FILLER, GENERIC_MODIFIERS, GENERIC_NOUNS, KIND_WORDS, SPECIALISING_MODIFIERS, STOPWORDS, isJunkKey, startsWithCompound } from "./junk";
import { KeyTrie, longestMatches } from "./match";
import { conceptKey, initialsOf, isAcronymShape, isTensionKey } from "./normalise";
import { PassageChooser, type PassageCandidate } from "./passages";
import { isOnlyModifier, isRoleWord, keyness, referencePerMillion, writtenKeyness } from "./reference";
import { GIVEN_NAMES } from "./names";
import { relateConcepts } from "./relations";
import { tokenize, type Token } from "./tokens";
import type { CandidateSource, ExtractedConcept, ExtractionResult, IssueCandidates, IssueText, Mention } from "./types";

/** Mentions in an issue's title carry this block id: the issue page's <h1 id="issue-title">. */
export const TITLE_BLOCK_ID = "issue-title";

/** Tunable thresholds, named so the README and tests can refer to them. */
export const LIMITS = {
  /**
   * Characters of an issue that extraction reads (about 170,000 words, a hundred times a long
   * issue): the cost of one oversized issue stays bounded, and the stage says what it left unread.
   */
  maxIssueChars: 1_000_000,
  /** A block repeated in at least this share of issues (and at least 3) is boilerplate. */
  boilerplateShare: 0.02,
  /** Longest concept name, in words (tensions may have up to this many per side). */
  maxWords: 5,
  /** Candidates of its own an issue may add to its concepts, at most. */
  localCandidates: 60,
  /** …and a candidate of its own is a concept of the issue only if it ranks among its first this many. */
  localRank: 10,
  /** Longest motto a title may name ("shipping faster than you learn"). */
  maxSloganWords: 6,
  /** A single word the title doesn't name must be used this many times more often than in everyday English… */
  singleWordKeyness: 100,
  /** …and this many times per issue that uses it (a term returned to, not a word in passing). */
  singleWordBurst: 1.5,
  /** An everyday word (below singleWordKeyness) is a concept only in issues that use it this often, or mark it. */
  everydayTopicUses: 3,
  /** …and ranks among its first this many concepts: it is what the issue is about. */
  everydayTopicRank: 5,
  /**
   * A single word used less than this many times more often here than edited prose uses it as a
   * noun (the Brown Corpus) is the plain vocabulary of writing, not the field's, even in the issues
   * about it: "game", "structure", "service", "integration".
   */
  writtenKeyness: 5,
  /** A single word is the topic of an issue whose title names it and which uses it this often. */
  topicUses: 3,
  /** …and gather in some issues rather than spread evenly (Gries's DP at least this). */
  topicDispersion: 0.7,
  /** An everyday word is an issue's topic when one issue uses it as a noun this often… */
  topicPeak: 4,
  /** …and the corpus uses it at least this many times more than everyday English… */
  topicKeyness: 5,
  /** …and nearly always as a noun. */
  topicNounShare: 0.75,
  /** Field vocabulary used about once per issue is still a concept when it gathers this much (DP). */
  vocabularyDispersion: 0.8,
  /** …and may not appear in more than this share of issues (in corpora of 30+ issues). */
  maxIssueShare: 0.3,
  /** Field vocabulary (keyness ≥ singleWordKeyness) may appear in this many times more issues. */
  vocabularyShareFactor: 1.5,
  /** A word is two concepts when it is written this often capitalised in mid-sentence and this often in lower case. */
  senseUses: 5,
  /** A single word used once is still a concept of the issue when this many other issues mark it. */
  namedElsewhere: 2,
  /** How many of an issue's top concepts count as "central" to it, for relations. */
  centralPerIssue: 25,
  /** How many related concepts to keep per concept. */
  relatedPerConcept: 8,
};

/**
 * Per-issue relevance, a log-linear score: the exponent of a weighted sum of what the issue does
 * with the concept and what the corpus does with it. The weights are a logistic regression's
 * (key = 1, also = 0.6, wrong = 0), fitted on the tuned part of tests/fixtures/concepts-gold.json
 * and rounded; the held-back part is the check that they carry over. Corpus frequency (idf) is
 * deliberately absent: a concept the writer returns to in many issues ("OKRs", "Kanban") is no
 * less central to the issue at hand for that; how often the writer *names* it counts instead.
 */
const RANKING = {
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
};

/** Words for the kind of a named idea that a name may carry or drop ("North Star Framework", "Kanban Method"). */
const NAME_KINDS = new Set(["framework", "method", "methodology", "model"]);

/** Heads of models one draws: a phrase ending in one names a model even when written once in lower case. */
const DRAWN_MODELS = new Set(["map", "diagram", "canvas", "matrix", "framework", "model", "loop", "triangle", "pyramid", "quadrant", "flywheel", "spectrum"]);

const STRONG_SOURCES: CandidateSource[] = ["slogan", "tension", "framework", "acronym", "capitalised", "quoted", "cued", "bold", "heading", "title"];

type Proposal = {
  key: string;
  sources: Map<CandidateSource, Set<number>>;
  surfaces: Map<string, number>;
  phraseCount: number;
  capsCount: number;
  /** Most uses as a noun phrase in any one issue: a name an issue returns to. */
  peak: number;
  /** A form written with hyphens ("One-Person Teams"): keys lose them, junk rules need them. */
  hyphenated?: string;
  /** Surfaces of an "X or Y?" tension, registered so the text's own wording is found. */
  orSurfaces: Set<string>;
};

type Group = {
  keys: Set<string>;
  acronyms: Set<string>;
  aliasSurfaces: Map<string, number>;
  hidden: boolean;
  name?: string;
  /** The capitalised sense of a word the writing also uses in lower case ("Slack" the tool, "slack" time): its key is the capitalised word. */
  proper?: boolean;
};

/**
 * An issue's blocks as the passes read them. Tokens are not kept: every issue's tokens at once
 * would be the largest thing in memory (~0.5 GB at 10,000 issues), so each pass that needs them
 * tokenizes one issue at a time.
 */
type Prepared = {
  issue: IssueText;
  blocks: { block: Block; boilerplate: boolean }[];
  titleTokens: Token[];
};

/**
 * The blocks extraction reads of an issue: prose (not code), up to LIMITS.maxIssueChars in all.
 * A block straddling the limit is cut at a word boundary (offsets within it stay valid).
 */
export function readableBlocks(blocks: Block[]): { blocks: Block[]; read: number; total: number } {
  const out: Block[] = [];
  let read = 0;
  let total = 0;
  for (const block of blocks) {
    if (block.kind === "pre") continue;
    total += block.text.length;
    const room = LIMITS.maxIssueChars - read;
    if (room <= 0) continue;
    if (block.text.length <= room) {
      out.push(block);
      read += block.text.length;
    } else {
      const cut = block.text.slice(0, room).replace(/\S*$/, "");
      if (cut.trim()) out.push({ ...block, text: cut, end: block.start + cut.length });
      read += room;
    }
  }
  return { blocks: out, read, total };
}

function baseBlockId(id: string): string {
  return id.replace(/-\d+$/, "");
}

function addSource(p: Proposal, source: CandidateSource, issueId: number): void {
  let set = p.sources.get(source);
  if (!set) p.sources.set(source, (set = new Set()));
  set.add(issueId);
}

function proposal(map: Map<string, Proposal>, key: string): Proposal {
  let p = map.get(key);
  if (!p) map.set(key, (p = { key, sources: new Map(), surfaces: new Map(), phraseCount: 0, capsCount: 0, peak: 0, orSurfaces: new Set() }));
  return p;
}

/** The token sequences under which a key is found in text. */
function sequencesOf(key: string, orSurfaces: Iterable<string> = []): string[][] {
  const tokens = key.split(" ");
  if (!isTensionKey(key)) return [tokens];
  const [a, b] = key.split(" vs ") as [string, string];
  const out = [tokens, [...b.split(" "), "vs", ...a.split(" ")]];
  for (const s of orSurfaces) out.push(tokenize(s).map((t) => t.norm));
  return out;
}

class UnionFind {
  private parent = new Map<string, string>();
  /** The root of x's group; a loop, not recursion, so no chain of merges can overflow the stack. */
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    // Path compression: every key on the way now points at the root.
    for (let y = x; y !== root; ) {
      const next = this.parent.get(y)!;
      this.parent.set(y, root);
      y = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

function mostCommon(counts: Map<string, number>): string | undefined {
  let best: string | undefined;
  let n = -1;
  for (const [s, c] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (c > n) {
      best = s;
      n = c;
    }
  }
  return best;
}

function displayName(surfaces: Map<string, number>, capsShare: number, acronym: boolean): string {
  // Merge forms that differ only in case; keep the capitalised one only for proper names.
  const byLower = new Map<string, Map<string, number>>();
  for (const [s, n] of surfaces) {
    const clean = s.replace(/\*+/g, "").replace(/\s+/g, " ").trim();
    const lower = clean.toLowerCase();
    let m = byLower.get(lower);
    if (!m) byLower.set(lower, (m = new Map()));
    m.set(clean, (m.get(clean) ?? 0) + n);
  }
  const totals = new Map<string, number>();
  for (const [lower, forms] of byLower) totals.set(lower, [...forms.values()].reduce((a, b) => a + b, 0));
  const lower = mostCommon(totals) ?? "";
  const forms = byLower.get(lower) ?? new Map<string, number>();
  const written = mostCommon(forms) ?? lower;
  if (acronym || capsShare >= 0.5) return written;
  // A capital only at the start of a sentence isn't part of the name; acronyms inside keep theirs.
  return written
    .split(" ")
    .map((w) => (isAcronymShape(w) || /[A-Z].*[A-Z]/.test(w) ? w : w.toLowerCase()))
    .join(" ");
}

// The words around a name's uses that say what it is (see the kinds in finishExtraction).
const TOOL_BEFORE = new Set(["at", "on", "via", "into", "use", "using", "used", "uses", "install", "installed", "open", "opened"]);
const TOOL_AFTER = new Set(["ticket", "tickets", "channel", "channels", "group", "message", "messages", "doc", "docs", "card", "cards", "integration", "plugin", "account", "workspace", "app", "employee", "employees", "inc"]);
const METHOD_BEFORE = new Set(["doing", "do", "does", "did", "try", "trying", "tried", "practice", "practicing", "practising", "adopt", "adopting", "adopted", "implement", "implementing", "implemented", "apply", "applying", "applied", "scaling", "learn", "learning", "teach", "teaching"]);
const METHOD_AFTER = new Set(["master", "coach", "practice", "practitioner", "principle", "method", "framework", "ceremony", "adoption", "transformation", "mindset", "value", "values", "way", "approach", "thinking"]);

function countUseCues(counts: { tool: number; method: number }, text: string, start: number, end: number): void {
  const before = /([A-Za-z]+)\W*$/.exec(text.slice(Math.max(0, start - 24), start))?.[1]?.toLowerCase();
  const after = /^\W*([A-Za-z]+)/.exec(text.slice(end, end + 24))?.[1]?.toLowerCase();
  if ((before && TOOL_BEFORE.has(before)) || (after && TOOL_AFTER.has(after))) counts.tool++;
  if ((before && METHOD_BEFORE.has(before)) || (after && METHOD_AFTER.has(after))) counts.method++;
}

/** A concept's other written forms: case-insensitively distinct from its name and from each other. */
function aliasesOf(name: string, surfaces: Iterable<string>): string[] {
  const aliasSet = new Map<string, string>();
  for (const s of surfaces) {
    const clean = s.replace(/\*+/g, "").replace(/\s+/g, " ").trim();
    if (!clean || clean.toLowerCase() === name.toLowerCase()) continue;
    if (!aliasSet.has(clean.toLowerCase())) aliasSet.set(clean.toLowerCase(), clean);
  }
  return [...aliasSet.values()].sort((a, b) => a.localeCompare(b)).slice(0, 24);
}

function yearOf(date: Date | null): string | null {
  return date ? String(date.getUTCFullYear()) : null;
}

export type ExtractInput = {
  issues: IssueText[];
  candidates: Map<number, IssueCandidates>;
  rules?: Pick<ConceptRule, "id" | "action" | "target" | "value">[];
};

type Rules = NonNullable<ExtractInput["rules"]>;

/**
 * Step 2's corpus-wide tallies, folded in one issue's candidates at a time, so the caller
 * needn't hold every issue's candidates at once (they are the bulk of a large archive).
 */
type Tallies = {
  boilerplate: Set<string>;
  lastId: number;
  /** Content words in the corpus, and in each issue (for keyness and dispersion). */
  totalWords: number;
  tokenCounts: Map<number, number>;
  wordCounts: Map<string, number>;
  /** Per word, the issues that use it and how often, flattened: [issueId, count, issueId, count, …]. */
  wordIssues: Map<string, number[]>;
  proposals: Map<string, Proposal>;
  acronymVotes: Map<string, Map<string, number>>;
  acronymSurface: Map<string, string>;
  /** Noun-phrase uses per key and surface; judged (junk or not) once every mark is in. */
  phrases: Map<string, Map<string, { n: number; caps: number; peak: number }>>;
  /** Keys named by a bold lead-in, by block id. */
  boldLeads: Map<string, Set<string>>;
  /** Blocks that cite other issues by their titles (`issueId:blockId`): a list of links, read like boilerplate. */
  references: Set<string>;
  /** Issues whose candidates record a failure: extraction doesn't read them. */
  failed: Set<number>;
  /** Per issue, its own candidates (noun phrases and marked names), for concepts of that issue alone. */
  locals: Map<number, LocalCandidate[]>;
};

/** A candidate of one issue, which may be a concept there even if the corpus never returns to it. */
type LocalCandidate = { key: string; surface: string; n: number; sources: CandidateSource[] };

function fold(t: Tallies, issueId: number, c: IssueCandidates): void {
  if (issueId <= t.lastId) throw new Error(`candidates must come in ascending issue order (${issueId} after ${t.lastId})`);
  t.lastId = issueId;
  if (c.failed) {
    t.failed.add(issueId);
    return;
  }
  t.totalWords += c.tokenCount;
  t.tokenCounts.set(issueId, c.tokenCount);
  for (const [w, k] of Object.entries(c.words)) {
    t.wordCounts.set(w, (t.wordCounts.get(w) ?? 0) + k);
    let list = t.wordIssues.get(w);
    if (!list) t.wordIssues.set(w, (list = []));
    list.push(issueId, k);
  }
  for (const m of c.marked) {
    if (m.source === "bold" && m.blockId) {
      let set = t.boldLeads.get(m.blockId);
      if (!set) t.boldLeads.set(m.blockId, (set = new Set()));
      set.add(m.key);
    }
    if (m.blockId && (t.boilerplate.has(baseBlockId(m.blockId)) || t.references.has(`${issueId}:${m.blockId}`))) continue;
    if (!m.key || isJunkKey(m.key, { surface: m.surface, titled: m.source === "title" || m.source === "slogan", slogan: m.source === "slogan" })) continue;
    const p = proposal(t.proposals, m.key);
    addSource(p, m.source, issueId);
    if (/[A-Za-z]-[A-Za-z]/.test(m.surface)) p.hyphenated ??= m.surface;
    if (m.source !== "title" && m.source !== "heading") p.surfaces.set(m.surface, (p.surfaces.get(m.surface) ?? 0) + 1);
    if (m.source === "tension" && / or /.test(m.surface)) p.orSurfaces.add(m.surface);
  }
  for (const a of c.acronyms) {
    if (t.boilerplate.has(baseBlockId(a.blockId)) || t.references.has(`${issueId}:${a.blockId}`)) continue;
    const ak = conceptKey(a.acronym);
    const ek = conceptKey(a.expansion);
    if (!ak || !ek || isJunkKey(ek)) continue;
    let votes = t.acronymVotes.get(ak);
    if (!votes) t.acronymVotes.set(ak, (votes = new Map()));
    votes.set(ek, (votes.get(ek) ?? 0) + 1);
    t.acronymSurface.set(ak, a.acronym.replace(/s$/, ""));
    const pe = proposal(t.proposals, ek);
    addSource(pe, "acronym", issueId);
    pe.surfaces.set(a.expansion, (pe.surfaces.get(a.expansion) ?? 0) + 1);
    addSource(proposal(t.proposals, ak), "acronym", issueId);
  }
  t.locals.set(issueId, localCandidates(c, (blockId) => !!blockId && (t.boilerplate.has(baseBlockId(blockId)) || t.references.has(`${issueId}:${blockId}`))));
  for (const ph of c.phrases) {
    let bySurface = t.phrases.get(ph.key);
    if (!bySurface) t.phrases.set(ph.key, (bySurface = new Map()));
    const s = bySurface.get(ph.surface);
    if (s) {
      s.n += ph.n;
      s.caps += ph.caps;
      s.peak = Math.max(s.peak, ph.n);
    } else bySurface.set(ph.surface, { n: ph.n, caps: ph.caps, peak: ph.n });
  }
}

/**
 * An issue's own candidates, at most LIMITS.localCandidates of them: its marked names first, then
 * its noun phrases by how often it uses them. Junk (by list and shape) is left out here.
 */
function localCandidates(c: IssueCandidates, skipBlock: (blockId: string | null) => boolean): LocalCandidate[] {
  const byKey = new Map<string, LocalCandidate>();
  for (const m of c.marked) {
    if (m.source === "title" || m.source === "slogan" || m.source === "tension" || skipBlock(m.blockId)) continue;
    if (!m.key || m.key.split(" ").length > LIMITS.maxWords || isJunkKey(m.key, { surface: m.surface })) continue;
    const e = byKey.get(m.key);
    if (e) {
      if (!e.sources.includes(m.source)) e.sources.push(m.source);
    } else byKey.set(m.key, { key: m.key, surface: m.surface, n: 0, sources: [m.source] });
  }
  for (const ph of c.phrases) {
    if (ph.key.split(" ").length > LIMITS.maxWords || isJunkKey(ph.key, { surface: ph.surface })) continue;
    const e = byKey.get(ph.key);
    if (e) e.n += ph.n;
    else byKey.set(ph.key, { key: ph.key, surface: ph.surface, n: ph.n, sources: [] });
  }
  return [...byKey.values()]
    .sort((a, b) => Number(b.sources.length > 0) - Number(a.sources.length > 0) || b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, LIMITS.localCandidates);
}

/**
 * Noun-phrase uses of every marked proposal, in every issue (not only those that mark it); other
 * noun phrases join the proposals once they recur across the corpus.
 */
function foldPhrases(t: Tallies): void {
  const { proposals } = t;
  for (const [key, bySurface] of t.phrases) {
    const p = proposals.get(key);
    const titled = p?.sources.has("title");
    const total = { n: 0, caps: 0, peak: 0, surfaces: new Map<string, number>() };
    for (const [surface, s] of bySurface) {
      if (isJunkKey(key, { surface, titled })) continue;
      const into = p ?? total;
      if (p) {
        p.phraseCount += s.n;
        p.capsCount += s.caps;
      } else {
        total.n += s.n;
        total.caps += s.caps;
      }
      into.peak = Math.max(into.peak, s.peak);
      into.surfaces.set(surface, (into.surfaces.get(surface) ?? 0) + s.n);
    }
    if (p || total.n < 2) continue;
    const np = proposal(proposals, key);
    np.phraseCount = total.n;
    np.capsCount = total.caps;
    np.peak = total.peak;
    np.surfaces = total.surfaces;
  }
  t.phrases.clear();
}

/** Extraction fed one issue's candidates at a time: `add` each issue's (in ascending id order), then `finish`. */
export type Extraction = {
  add: (issueId: number, candidates: IssueCandidates) => void;
  finish: (rules?: Rules) => ExtractionResult;
};

/**
 * Blocks that are mostly other issues' titles: "related posts" lists, "Link:" lines, a post
 * that lists the writer's other posts. Their capitalised runs ("B2B SaaS Tips", "Gentle
 * Reminders") are titles cited in passing, not names the writing gives; they are read like
 * boilerplate. A block cites a title when the title's words (three or more) run through it, and
 * cited titles cover at least half of its words.
 */
function findReferenceBlocks(ordered: IssueText[]): Set<string> {
  const titles = new KeyTrie();
  ordered.forEach((issue, index) => {
    // A title of two sentences ("Complexity Is a Startup Killer. Don't Grow Up") is cited a sentence at a time.
    for (const part of issue.title.split(/[.!?:;"\u201C\u201D()[\]]/)) {
      const tokens = tokenize(part).map((t) => t.norm);
      if (tokens.length >= 3) titles.add(tokens, index);
    }
  });
  const out = new Set<string>();
  ordered.forEach((issue, index) => {
    // (A damaged row, a block without text, is left to candidate extraction to report.)
    for (const block of readableBlocks(issue.blocks.filter((b) => typeof b.text === "string")).blocks) {
      if (block.kind !== "li" && block.kind !== "p") continue;
      const tokens = tokenize(block.text);
      if (tokens.length === 0 || tokens.length > 80) continue;
      let covered = 0;
      let opens = false;
      for (const m of titles.longestMatches(tokens)) {
        if (m.value === index) continue;
        covered += m.to - m.from;
        if (m.from === 0) opens = true;
      }
      // Mostly titles, or a title with its excerpt ("Quit Planning Ahead… *As product people, we…*").
      if (covered * 2 >= tokens.length || opens) out.add(`${issue.id}:${block.id}`);
    }
  });
  return out;
}

export function startExtraction(issues: IssueText[]): Extraction {
  const ordered = [...issues].sort((a, b) => a.id - b.id);
  // 1. Boilerplate: the same block (ids derive from content) in many issues.
  const blockIssues = new Map<string, number>();
  for (const issue of ordered) {
    for (const id of new Set(issue.blocks.map((b) => baseBlockId(b.id)))) blockIssues.set(id, (blockIssues.get(id) ?? 0) + 1);
  }
  const boilerplateMin = Math.max(3, Math.ceil(ordered.length * LIMITS.boilerplateShare));
  const tallies: Tallies = {
    boilerplate: new Set([...blockIssues].filter(([, c]) => c >= boilerplateMin).map(([id]) => id)),
    references: findReferenceBlocks(ordered),
    lastId: Number.NEGATIVE_INFINITY,
    totalWords: 0,
    tokenCounts: new Map(),
    wordCounts: new Map(),
    wordIssues: new Map(),
    proposals: new Map(),
    acronymVotes: new Map(),
    acronymSurface: new Map(),
    phrases: new Map(),
    boldLeads: new Map(),
    failed: new Set(),
    locals: new Map(),
  };
  const known = new Set(ordered.map((i) => i.id));
  let finished = false;
  return {
    add: (issueId, candidates) => {
      if (known.has(issueId)) fold(tallies, issueId, candidates);
    },
    finish: (rules = []) => {
      if (finished) throw new Error("extraction already finished");
      finished = true;
      return finishExtraction(ordered, tallies, rules);
    },
  };
}

export function extractConcepts({ issues, candidates, rules = [] }: ExtractInput): ExtractionResult {
  const extraction = startExtraction(issues);
  for (const issue of [...issues].sort((a, b) => a.id - b.id)) {
    const c = candidates.get(issue.id);
    if (c) extraction.add(issue.id, c);
  }
  return extraction.finish(rules);
}

function finishExtraction(ordered: IssueText[], tallies: Tallies, rules: Rules): ExtractionResult {
  const n = ordered.length;
  const { boilerplate, totalWords, wordCounts, proposals, acronymVotes, acronymSurface } = tallies;
  foldPhrases(tallies);

  // An issue whose candidates could not be extracted is left out altogether: its text is what failed.
  const prepared: Prepared[] = ordered
    .filter((issue) => !tallies.failed.has(issue.id))
    .map((issue) => ({
      issue,
      blocks: readableBlocks(issue.blocks).blocks.map((block) => ({
        block,
        boilerplate: boilerplate.has(baseBlockId(block.id)) || tallies.references.has(`${issue.id}:${block.id}`),
      })),
      titleTokens: tokenize(issue.title),
    }));
  // Tokens of the blocks that aren't boilerplate (counted in pass 3, read after it).
  let totalTokens = 0;

  // 3. Count every proposal in the text (overlaps included).
  const keys = [...proposals.keys()].sort();
  const keyIndex = new Map(keys.map((k, i) => [k, i]));
  const trie = new KeyTrie();
  keys.forEach((k, i) => {
    for (const seq of sequencesOf(k, proposals.get(k)!.orSurfaces)) trie.add(seq, i);
  });
  const df = new Uint32Array(keys.length);
  const cf = new Uint32Array(keys.length);
  // Uses within an issue are kept only where selection asks for them: a key in that issue's title.
  const titledKeys = new Map<number, Set<number>>();
  keys.forEach((k, i) => {
    for (const id of proposals.get(k)!.sources.get("title") ?? []) {
      let set = titledKeys.get(id);
      if (!set) titledKeys.set(id, (set = new Set()));
      set.add(i);
    }
  });
  const titledTf = new Map<number, Map<number, number>>();
  const keyIssues: number[][] = keys.map(() => []);
  for (const p of prepared) {
    const tf = new Map<number, number>();
    for (const tokens of [p.titleTokens, ...p.blocks.filter((b) => !b.boilerplate).map((b) => tokenize(b.block.text))]) {
      if (tokens !== p.titleTokens) totalTokens += tokens.length;
      for (let i = 0; i < tokens.length; i++) {
        for (const [value] of trie.matchesAt(tokens, i)) tf.set(value, (tf.get(value) ?? 0) + 1);
      }
    }
    for (const [k, c] of tf) {
      keyIssues[k]!.push(p.issue.id);
      df[k]! += 1;
      cf[k]! += c;
    }
    const titled = titledKeys.get(p.issue.id);
    if (titled) titledTf.set(p.issue.id, new Map([...titled].map((k) => [k, tf.get(k) ?? 0])));
  }

  // 4. Groups of variants.
  const uf = new UnionFind();
  // An acronym joins its most often given expansion; on a tie, the one the text uses most ("PM" is
  // introduced once as "product management" and once as "product managers", and means the role).
  const usesOf = (k: string) => cf[keyIndex.get(k) ?? -1] ?? 0;
  for (const [ak, votes] of acronymVotes) {
    // An acronym often written in the plural ("PMs") names people or things: it can't stand for an
    // activity or a discipline ("product management"), whatever one sentence says.
    const forms = [...(proposals.get(ak)?.surfaces ?? [])];
    const plural = forms.filter(([f]) => /[A-Z0-9]s$/.test(f)).reduce((a, [, c]) => a + c, 0);
    const countable = plural >= 0.2 * forms.reduce((a, [, c]) => a + c, 0) && plural > 0;
    let ek: string | undefined;
    for (const [e, n] of [...votes].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (countable && /(ment|ing|ness|ity|ship|ism)$/.test(e)) continue;
      if (!ek || n > votes.get(ek)! || (n === votes.get(ek)! && usesOf(e) > usesOf(ek))) ek = e;
    }
    if (ek && proposals.has(ak)) uf.union(ak, ek);
  }
  const bySquashed = new Map<string, string>();
  for (const k of keys) {
    if (isTensionKey(k)) continue;
    const squashed = k.replace(/ /g, "");
    const other = bySquashed.get(squashed);
    if (other) uf.union(other, k);
    else bySquashed.set(squashed, k);
  }
  // "North Star Framework", "Kanban Method": a name and the same name with a word for its kind are one concept.
  const keySet = new Set(keys);
  for (const k of keys) {
    const t = k.split(" ");
    const base = t.slice(0, -1).join(" ");
    // (A name: capitalised, or of two words; "complexity theory" and "core principles" are ideas of their own.)
    if (t.length >= 2 && NAME_KINDS.has(t[t.length - 1]!) && keySet.has(base) && (proposals.get(k)?.capsCount ?? 0) > 0 && (base.includes(" ") || (proposals.get(base)?.capsCount ?? 0) > 0)) uf.union(k, base);
  }
  // An acronym never spelled out in brackets is the one phrase it abbreviates that the issues using it
  // also use ("WIP", "work in progress"); with two such phrases it stays alone.
  for (const k of keys) {
    if (k.includes(" ") || k.length < 3 || acronymVotes.has(k)) continue;
    const p = proposals.get(k)!;
    if (!mostCommon(p.surfaces) || !isAcronymShape(mostCommon(p.surfaces)!.replace(/s$/, ""))) continue;
    const ids = new Set(keyIssues[keyIndex.get(k)!]);
    const expansions = keys.filter((e) => e.includes(" ") && !isTensionKey(e) && initialsOf(e.split(" ")).strict === k && keyIssues[keyIndex.get(e)!]!.some((id) => ids.has(id)));
    if (expansions.length === 1) uf.union(k, expansions[0]!);
  }
  // Variants of one contrast: the same side against sides that differ only in their last word
  // ("measuring to learn vs. measuring to conform" / "… vs. measuring to control").
  const bySide = new Map<string, string[]>();
  for (const k of keys) {
    if (!isTensionKey(k)) continue;
    const [a, b] = k.split(" vs ") as [string, string];
    for (const [side, other] of [[a, b], [b, a]] as const) {
      if (side.split(" ").filter((w) => !STOPWORDS.has(w)).length < 2 || other.split(" ").length < 2) continue;
      const stem = `${side}|${other.split(" ").slice(0, -1).join(" ")}|${other.split(" ").length}`;
      let list = bySide.get(stem);
      if (!list) bySide.set(stem, (list = []));
      list.push(k);
    }
  }
  for (const list of bySide.values()) for (const k of list.slice(1)) uf.union(list[0]!, k);
  const members = new Map<string, string[]>();
  for (const k of keys) {
    const root = uf.find(k);
    let list = members.get(root);
    if (!list) members.set(root, (list = []));
    list.push(k);
  }

  // 5. Selection, per group, on pooled statistics.
  const minDf = n >= 50 ? 3 : 2;
  const issueShareCap = n >= 30 ? Math.ceil(n * LIMITS.maxIssueShare) : Number.POSITIVE_INFINITY;
  const acronymKeys = new Set(acronymVotes.keys());

  // "Henrik Kniberg" makes "Kniberg" a surname: a person, not a concept.
  const surnames = new Set<string>();
  for (const [k, p] of proposals) {
    const t = k.split(" ");
    // "Henrik Kniberg", "Douglas W. Hubbard"
    if ((t.length === 2 || (t.length === 3 && t[1]!.length === 1)) && GIVEN_NAMES.has(t[0]!) && p.capsCount > 0) surnames.add(t[t.length - 1]!);
  }

  /**
   * Gries's DP for a word over the issues: 0 when its uses are spread in proportion to the
   * issues' lengths, towards 1 when they gather in a few issues. Topic words gather; generic
   * words ("value", "data") are everywhere.
   */
  const shareOf = (issueId: number) => (tallies.tokenCounts.get(issueId) ?? 0) / Math.max(1, totalWords);
  const allShares = ordered.reduce((sum, issue) => sum + shareOf(issue.id), 0);
  function dispersion(word: string): number {
    const total = wordCounts.get(word) ?? 0;
    if (total === 0) return 1;
    // Σ over all issues of |uses/total − share|: an issue without the word adds its share.
    let d = allShares;
    const uses = tallies.wordIssues.get(word) ?? [];
    for (let i = 0; i < uses.length; i += 2) {
      const share = shareOf(uses[i]!);
      d += Math.abs(uses[i + 1]! / total - share) - share;
    }
    return d / 2;
  }

  /** Issues that use a word often enough to be about it (LIMITS.everydayTopicUses). */
  function topicIssues(word: string): number {
    const uses = tallies.wordIssues.get(word) ?? [];
    let n = 0;
    for (let i = 1; i < uses.length; i += 2) if (uses[i]! >= LIMITS.everydayTopicUses) n++;
    return n;
  }

  function sourceIssues(k: string, source: CandidateSource): number {
    return proposals.get(k)?.sources.get(source)?.size ?? 0;
  }

  function passes(k: string, groupDf: number, groupCf: number, capsShare: number): boolean {
    const i = keyIndex.get(k)!;
    const kdf = df[i]!;
    const kcf = cf[i]!;
    if (kcf === 0) return false;
    const tokens = k.split(" ");
    if (isTensionKey(k)) {
      if (sourceIssues(k, "tension") === 0) return false;
      const [a, b] = k.split(" vs ") as [string, string];
      const sideOk = (s: string) => !isJunkKey(s) && s.split(" ").length <= 4 && !s.split(" ").every((t) => GENERIC_MODIFIERS.has(t) || STOPWORDS.has(t));
      return sideOk(a) && sideOk(b);
    }
    // A person the writer cites ("Annie Dunham"): a given name, written with its capital.
    if (tokens.length > 1 && GIVEN_NAMES.has(tokens[0]!) && [...proposals.get(k)!.surfaces.keys()].some((x) => /^[A-Z]/.test(x))) return false;
    // A title's motto or a phrase of it the body repeats: the issue's own idea, in its own words.
    if (sourceIssues(k, "slogan") > 0) return tokens.length <= LIMITS.maxSloganWords && !isJunkKey(k, { slogan: true });
    const hyphenated = proposals.get(k)!.hyphenated ?? [...proposals.get(k)!.surfaces.keys()].find((x) => /[A-Za-z]-[A-Za-z]/.test(x));
    if (tokens.length > LIMITS.maxWords || isJunkKey(k, { surface: hyphenated ?? mostCommon(proposals.get(k)!.surfaces), titled: sourceIssues(k, "title") > 0 })) return false;
    if (acronymKeys.has(k)) return groupCf >= 1;
    // A name ends in a noun: "cross-functional", "customer-facing", "data driven" describe one (a
    // capitalised name such as "Modern Agile" is a name whatever its last word).
    if (tokens.length > 1 && capsShare < 0.5 && isOnlyModifier(tokens[tokens.length - 1]!)) return false;
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
      if (GIVEN_NAMES.has(word) || surnames.has(word) || KIND_WORDS.has(word) || isRoleWord(word)) return false;
      // An acronym used as one: mostly written in capitals, and not an everyday word shouted.
      if (isAcronymShape(surface) && capsShare >= 0.8) return groupDf >= minDf && referencePerMillion(word) < 12;
      if (word.length < 3) return false;
      // Mostly used as a noun ("debt"), not as a verb or adjective ("ship", "valuable").
      if (p.phraseCount < kcf * 0.5 || /i[sz]e$/.test(word)) return false;
      const kn = keyness(word, wordCounts.get(word) ?? kcf, totalTokens);
      // The plain vocabulary of prose is no single word of the field, wherever it is used, even in
      // the issue whose title names it ("Play Your Own Game", "Your Product is a Service").
      if (writtenKeyness(word, wordCounts.get(word) ?? kcf, totalTokens) < LIMITS.writtenKeyness && capsShare < 0.8) return false;
      const dp = dispersion(word);
      // The topic of an issue: its title names it, the issue keeps coming back to it, and the
      // corpus doesn't use it evenly everywhere ("value", "project", "data" are in every other issue).
      const vocabulary = kn >= LIMITS.singleWordKeyness;
      if (groupDf <= n / 2 && (dp >= LIMITS.topicDispersion || vocabulary)) {
        for (const id of p.sources.get("title") ?? []) {
          if ((titledTf.get(id)?.get(i) ?? 0) >= LIMITS.topicUses && kn >= 0.5) return true;
        }
      }
      // A word in a third of the issues is everyday English here, unless it is the field's own
      // vocabulary: then it is the writer's constant theme ("outcomes").
      if (groupDf > (vocabulary ? issueShareCap * LIMITS.vocabularyShareFactor : issueShareCap)) return false;
      // A proper name (Kanban, Scrum, Cynefin): capitalised in mid-sentence nearly always.
      if (capsShare >= 0.8 && groupDf >= minDf && kn >= 12) return true;
      // The field's own vocabulary: far more common here than in everyday English, and returned to
      // within issues or gathered in a few of them.
      if (kn >= LIMITS.singleWordKeyness && groupDf >= minDf + 1 && (kcf / Math.max(1, kdf) >= LIMITS.singleWordBurst || dp >= LIMITS.vocabularyDispersion)) return true;
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
    if (GENERIC_NOUNS.has(last) && genericFirst && !(SPECIALISING_MODIFIERS.has(first) && sourceIssues(k, "title") > 0)) return false;
    if (tokens.some((t) => FILLER.has(t))) return false;
    const strong = STRONG_SOURCES.reduce((s, src) => s + sourceIssues(k, src), 0);
    if (genericFirst && !SPECIALISING_MODIFIERS.has(first) && strong === 0) return false;
    if (SPECIALISING_MODIFIERS.has(first) && strong === 0 && groupDf < minDf + 1) return false;
    if (sourceIssues(k, "tension") > 0) return true;
    // Introduced as a name ("the concept of a stop-the-line culture"): once is enough. A model word
    // heads a named model when the name is capitalised, used again, or is something drawn ("belief
    // map", "driver diagram"): "Flywheel Effect", not "the net effect" or "the bartending game" once.
    if (sourceIssues(k, "cued") > 0 && !genericFirst) return true;
    if (sourceIssues(k, "framework") > 0 && !genericFirst && (capsShare > 0 || groupCf >= 2 || DRAWN_MODELS.has(last))) return true;
    // Capitalised runs longer than four words are titles of other posts and books cited in passing.
    if (tokens.length <= 4 && (sourceIssues(k, "capitalised") >= 2 || (sourceIssues(k, "capitalised") >= 1 && capsShare >= 0.5 && groupCf >= 3))) return true;
    if ((sourceIssues(k, "quoted") >= 1 || sourceIssues(k, "bold") >= 1 || sourceIssues(k, "heading") >= 1) && groupCf >= 2) return true;
    // Up to three words, or four without a joining word (a slogan such as "think big, work small").
    const titleLength = tokens.length <= 3 || (tokens.length === 4 && !tokens.some((t) => STOPWORDS.has(t)));
    if (sourceIssues(k, "title") >= 1 && (!genericFirst || SPECIALISING_MODIFIERS.has(first)) && titleLength) return true;
    // A name one issue returns to ("normalization of deviance"), however rare elsewhere.
    if (proposals.get(k)!.peak >= 2 && tokens.length <= 4 && !genericFirst) return true;
    return groupDf >= minDf && groupCf >= minDf + 1;
  }

  type Chosen = { root: string; keys: string[]; group: Group };
  const chosen: Chosen[] = [];
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
    if (!list.some((k) => passes(k, issuesWith.size, groupCf, capsShare))) continue;
    const aliasSurfaces = new Map<string, number>();
    for (const k of list) for (const [s, c] of proposals.get(k)!.surfaces) aliasSurfaces.set(s, (aliasSurfaces.get(s) ?? 0) + c);
    chosen.push({
      root,
      keys: list,
      group: { keys: new Set(list), acronyms: new Set(list.filter((k) => acronymKeys.has(k))), aliasSurfaces, hidden: false },
    });
  }

  // A word written both ways in mid-sentence, whose lower-case form is an everyday English word, is two
  // concepts: "Slack" (the tool) and "slack" (time to spare). The capitalised sense takes the
  // capitalised uses, the lower-case concept keeps the rest.
  for (const c of [...chosen]) {
    if (c.keys.length !== 1 || c.root.includes(" ") || c.group.acronyms.size > 0) continue;
    const p = proposals.get(c.root)!;
    const lower = p.phraseCount - p.capsCount;
    if (p.capsCount < LIMITS.senseUses || lower < LIMITS.senseUses || p.capsCount < 0.2 * p.phraseCount || lower < 0.2 * p.phraseCount) continue;
    // Only when the lower-case word is everyday English of its own ("slack"); "scrum" written in lower case is still Scrum.
    if (referencePerMillion(c.root) < 1) continue;
    const written = mostCommon(new Map([...p.surfaces].filter(([s]) => /^[A-Z]/.test(s) && !s.includes(" ")))) ?? c.root.replace(/^./, (ch) => ch.toUpperCase());
    if (chosen.some((o) => o.root === written)) continue;
    chosen.push({ root: written, keys: [written], group: { keys: new Set([written]), acronyms: new Set(), aliasSurfaces: new Map(), hidden: false, proper: true } });
  }

  // 6. Curation rules, in the order the author made them.
  const dormantRules: number[] = [];
  const findGroup = (target: string): Chosen | undefined => {
    const key = conceptKey(target) || target;
    return chosen.find((c) => c.group.keys.has(target) || c.group.keys.has(key));
  };
  for (const rule of rules) {
    const from = findGroup(rule.target);
    if (!from) {
      dormantRules.push(rule.id);
      continue;
    }
    if (rule.action === "hide") from.group.hidden = true;
    else if (rule.action === "rename" && rule.value) from.group.name = rule.value;
    else if (rule.action === "alias" && rule.value) {
      const key = conceptKey(rule.value);
      if (!key) continue;
      from.group.keys.add(key);
      from.group.aliasSurfaces.set(rule.value, (from.group.aliasSurfaces.get(rule.value) ?? 0) + 1);
      // Another concept that is nothing but this alias is absorbed.
      const other = chosen.find((c) => c !== from && c.group.keys.has(key));
      if (other) other.group.keys.delete(key);
    } else if (rule.action === "merge" && rule.value) {
      const into = findGroup(rule.value);
      if (!into || into === from) {
        dormantRules.push(rule.id);
        continue;
      }
      for (const k of from.group.keys) into.group.keys.add(k);
      for (const [s, c] of from.group.aliasSurfaces) into.group.aliasSurfaces.set(s, (into.group.aliasSurfaces.get(s) ?? 0) + c);
      for (const a of from.group.acronyms) into.group.acronyms.add(a);
      from.group.keys.clear();
    }
  }
  const live = chosen.filter((c) => c.group.keys.size > 0);

  // 7. Mentions: longest match among the chosen concepts' variants.
  const finalTrie = new KeyTrie();
  const liveOfKey = new Map<string, number>();
  live.forEach((c, index) => {
    const proper = [...c.group.keys].every((k) => {
      const p = proposals.get(k);
      return !!p && k.split(" ").length === 1 && p.phraseCount > 0 && p.capsCount / p.phraseCount >= 0.8;
    });
    // Longer keys first, so a group's fuller form claims the sequence.
    for (const k of [...c.group.keys].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))) {
      if (c.group.proper) finalTrie.add([k.toLowerCase()], index, true);
      else for (const seq of sequencesOf(k, proposals.get(k)?.orSurfaces)) finalTrie.add(seq, index, proper || c.group.acronyms.has(k));
      if (!liveOfKey.has(k)) liveOfKey.set(k, index);
    }
  });
  const boldLeads = new Map<string, Set<number>>();
  for (const [blockId, keys] of tallies.boldLeads) boldLeads.set(blockId, new Set([...keys].map((k) => liveOfKey.get(k) ?? -1)));

  // Per-issue relevance (see RANKING): how often and how widely the issue uses the concept, how
  // early, whether it marks it (title, heading, bold lead-in, a named model or tension), and for
  // single words how far they are the field's own vocabulary rather than everyday English.
  const single = live.map((c) => !isTensionKey(c.root) && !c.root.includes(" ") && c.group.acronyms.size === 0);
  // Corpus-level evidence per concept: the issues that name it (mark it).
  const groupMarksOf = live.map((c) => {
    const ids = new Set<number>();
    for (const k of c.group.keys) for (const [src, set] of proposals.get(k)?.sources ?? []) if (src !== "title" && src !== "slogan") for (const id of set) ids.add(id);
    return ids.size;
  });
  const specificity = (key: string) => {
    const words = key.split(" ").filter((w) => !STOPWORDS.has(w));
    return words.reduce((sum, w) => sum + Math.log10(keyness(w, wordCounts.get(w) ?? 0, totalTokens) + 1), 0) / Math.max(1, words.length);
  };
  /**
   * A candidate of the issue's own needs the issue to name it or return to it: a phrase used
   * twice or marked; a single word of the field's vocabulary used twice (or as a heading), never
   * an everyday word, nor one the corpus uses in most issues ("product", "team").
   */
  const localAllowed = (c: LocalCandidate, tf: number): boolean => {
    // People the writer cites are not concepts ("John Cutler", "Annie Dunham", "Hubbard").
    const first = c.key.split(" ")[0]!;
    if (GIVEN_NAMES.has(first) || surnames.has(c.key)) return false;
    if (c.key.includes(" ")) {
      // "general learning reviews": an everyday opening word names nothing unless the writing marks the phrase.
      if (GENERIC_MODIFIERS.has(c.key.split(" ")[0]!) && c.sources.length === 0) return false;
      return tf >= 2 || c.sources.length > 0;
    }
    if (KIND_WORDS.has(c.key) || isRoleWord(c.key)) return false;
    const df = (tallies.wordIssues.get(c.key)?.length ?? 0) / 2;
    if (df > issueShareCap) return false;
    const kn = keyness(c.key, wordCounts.get(c.key) ?? 0, totalTokens);
    if (writtenKeyness(c.key, wordCounts.get(c.key) ?? 0, totalTokens) < LIMITS.writtenKeyness) return false;
    return (kn >= LIMITS.singleWordKeyness && (tf >= 2 || c.sources.some((s) => s === "heading" || s === "bold"))) || (kn >= LIMITS.topicKeyness && tf >= LIMITS.everydayTopicUses && topicIssues(c.key) >= 2);
  };
  // Single words no more common here than in everyday English (below the field-vocabulary bar), not names or acronyms.
  const everyday = live.map((c, index) => {
    if (!single[index] || c.group.proper) return false;
    const p = proposals.get(c.root);
    const proper = !!p && p.phraseCount > 0 && p.capsCount / p.phraseCount >= 0.8;
    return !proper && keyness(c.root, wordCounts.get(c.root) ?? 0, totalTokens) < LIMITS.singleWordKeyness;
  });
  // A phrase of everyday words ("team members", "real world") that the writing never names as a
  // name (quotes, bold, a heading, a capital, "what I call…") is, like an everyday word, a concept
  // only of the issues that list it.
  const everydayPhrase = live.map((c) => {
    if (isTensionKey(c.root) || !c.root.includes(" ") || c.group.acronyms.size > 0 || c.group.proper) return false;
    const named = [...c.group.keys].some((k) => [...(proposals.get(k)?.sources ?? [])].some(([src, ids]) => src !== "title" && src !== "acronym" && ids.size > 0));
    return !named && c.root.split(" ").every((w) => STOPWORDS.has(w) || keyness(w, wordCounts.get(w) ?? 0, totalTokens) < LIMITS.singleWordKeyness);
  });
  const markedIn = (index: number, issueId: number): CandidateSource[] =>
    [...live[index]!.group.keys].flatMap((k) => [...(proposals.get(k)?.sources ?? [])].filter(([, ids]) => ids.has(issueId)).map(([s]) => s));

  // Concepts of one issue alone: candidates of its own that the corpus doesn't make concepts
  // (an idea it names once, "slow burn", "infra work"), a concept only where it ranks among the
  // issue's listed concepts. Indexes after the corpus's concepts (live.length + i).
  type Local = { key: string; surfaces: Map<string, number>; mentions: Mention[]; issues: ExtractedConcept["issues"]; passages: PassageChooser; sources: Set<CandidateSource> };
  const localList: Local[] = [];
  const localOfKey = new Map<string, number>();

  // One issue at a time: its mentions, its ranking, and its passages offered as definitions.
  const cues = live.map(() => ({ tool: 0, method: 0 }));
  const mentions: Mention[][] = live.map(() => []);
  const passages = live.map(() => new PassageChooser());
  const issueRanks: ExtractedConcept["issues"][] = live.map(() => []);
  const central = new Map<number, Set<number>>();
  for (const p of prepared) {
    const issueId = p.issue.id;
    // The issue's own candidates, as negative ids (-1 - i) beside the corpus's concepts.
    // Only those the issue could make concepts: a longer phrase used once must not hide a shorter concept inside it.
    const own = (tallies.locals.get(issueId) ?? []).filter((c) => !liveOfKey.has(c.key) && localAllowed(c, Math.max(1, c.n)));
    const ownTrie = new KeyTrie();
    own.forEach((c, i) => ownTrie.add(c.key.split(" "), i));
    const tries = [finalTrie, ownTrie];
    const idOf = (m: { value: number; trie: number }) => (m.trie === 0 ? m.value : -1 - m.value);

    const uses = new Map<number, { tf: number; blocks: Set<string>; first: number; inTitle: boolean }>();
    const use = (id: number) => {
      let e = uses.get(id);
      if (!e) uses.set(id, (e = { tf: 0, blocks: new Set(), first: Number.POSITIVE_INFINITY, inTitle: false }));
      e.tf++;
      return e;
    };
    const found: { id: number; mention: Mention }[] = [];
    for (const m of longestMatches(tries, p.titleTokens)) {
      const start = p.titleTokens[m.from]!.start;
      const end = p.titleTokens[m.to - 1]!.end;
      const id = idOf(m);
      found.push({ id, mention: { issueId, blockId: TITLE_BLOCK_ID, start, end, surface: p.issue.title.slice(start, end) } });
      const e = use(id);
      e.inTitle = true;
      e.first = 0;
    }
    const offered: { id: number; candidate: Omit<PassageCandidate, "rankInIssue"> }[] = [];
    p.blocks.forEach((b, bi) => {
      if (b.boilerplate) return;
      const tokens = tokenize(b.block.text);
      for (const m of longestMatches(tries, tokens)) {
        const start = tokens[m.from]!.start;
        const end = tokens[m.to - 1]!.end;
        const id = idOf(m);
        found.push({ id, mention: { issueId, blockId: b.block.id, start, end, surface: b.block.text.slice(start, end) } });
        const e = use(id);
        e.blocks.add(b.block.id);
        e.first = Math.min(e.first, bi);
        offered.push({
          id,
          candidate: {
            issueId,
            block: b.block,
            previous: p.blocks[bi - 1]?.block,
            start,
            end,
            publishedAt: p.issue.publishedAt,
            sample: !!p.issue.isSample,
            boldLead: m.from === 0 && id >= 0 && (boldLeads.get(b.block.id)?.has(id) ?? false),
          },
        });
      }
    });

    // An everyday word is this concept only where the issue makes it its subject: elsewhere, "game"
    // or "service" is just English, neither a mention nor a concept of that issue.
    for (const [id, e] of uses) {
      if (id >= 0 && everyday[id] && !(e.inTitle || e.tf >= LIMITS.everydayTopicUses || markedIn(id, issueId).length > 0)) uses.delete(id);
      if (id < 0 && !localAllowed(own[-1 - id]!, e.tf)) uses.delete(id);
    }

    const scored: { id: number; score: number; mentions: number }[] = [];
    for (const [id, { tf, blocks, first, inTitle }] of uses) {
      const local = id < 0 ? own[-1 - id]! : undefined;
      const marked = local ? local.sources : markedIn(id, issueId);
      const key = local ? local.key : live[id]!.root;
      const isSingle = local ? !local.key.includes(" ") : single[id]!;
      // A single word named once in passing is no concept of the issue (it keeps the mention, not a
      // rank there), unless the writer names it as a concept in other issues ("Kanban", "empathy").
      if (tf === 1 && marked.length === 0 && !inTitle && isSingle && (local || groupMarksOf[id]! < LIMITS.namedElsewhere)) continue;
      const early = 1 - (inTitle ? 0 : first / Math.max(1, p.blocks.length));
      const z =
        RANKING.uses * Math.log(tf) +
        RANKING.spread * Math.log(Math.max(1, blocks.size)) +
        RANKING.early * early +
        (inTitle ? RANKING.title : 0) +
        (marked.some((m) => m !== "title") ? RANKING.marked : 0) +
        (isSingle ? RANKING.single : 0) +
        (local ? RANKING.local : 0) +
        RANKING.specificity * specificity(isTensionKey(key) ? key.replace(" vs ", " ") : key) +
        RANKING.named * Math.log(1 + (local ? 0 : groupMarksOf[id]!)) +
        (!local && live[id]!.group.acronyms.size > 0 ? RANKING.acronym : 0);
      const score = Math.exp(z);
      scored.push({ id, score, mentions: tf });
    }
    scored.sort((a, b) => b.score - a.score || a.id - b.id);
    // …and it (like a candidate of the issue's own) is a concept of the issue only if it is among
    // the concepts the issue page lists.
    for (let r = scored.length - 1; r >= 0; r--) {
      const id = scored[r]!.id;
      if ((id >= 0 && (everyday[id] || everydayPhrase[id]) && r >= LIMITS.everydayTopicRank) || (id < 0 && r >= LIMITS.localRank)) {
        uses.delete(id);
        scored.splice(r, 1);
      }
    }
    // The issue's own concepts join the list of concepts of one issue (or of several, by key).
    const conceptOf = (id: number): number => {
      if (id >= 0) return id;
      const c = own[-1 - id]!;
      let li = localOfKey.get(c.key);
      if (li === undefined) {
        li = localList.length;
        localOfKey.set(c.key, li);
        localList.push({ key: c.key, surfaces: new Map(), mentions: [], issues: [], passages: new PassageChooser(), sources: new Set() });
      }
      for (const s of c.sources) localList[li]!.sources.add(s);
      return live.length + li;
    };
    const mentionsOf = (index: number) => (index < live.length ? mentions[index]! : localList[index - live.length]!.mentions);
    const textOf = new Map(p.blocks.map((b) => [b.block.id, b.block.text]));
    for (const f of found) {
      if (!uses.has(f.id)) continue;
      const index = conceptOf(f.id);
      mentionsOf(index).push(f.mention);
      if (index < live.length && f.mention.blockId !== TITLE_BLOCK_ID) countUseCues(cues[index]!, textOf.get(f.mention.blockId) ?? "", f.mention.start, f.mention.end);
      if (index >= live.length) {
        const l = localList[index - live.length]!;
        l.surfaces.set(f.mention.surface, (l.surfaces.get(f.mention.surface) ?? 0) + 1);
      }
    }
    const rankOf = new Map<number, number>();
    scored.forEach((e, r) => {
      const index = conceptOf(e.id);
      rankOf.set(e.id, r + 1);
      const rank = { issueId, mentions: e.mentions, score: Math.max(0.001, Math.round(e.score * 1000) / 1000), rank: r + 1 };
      if (index < live.length) issueRanks[index]!.push(rank);
      else localList[index - live.length]!.issues.push(rank);
      if (r < LIMITS.centralPerIssue && !(index < live.length && live[index]!.group.hidden)) {
        let set = central.get(index);
        if (!set) central.set(index, (set = new Set()));
        set.add(issueId);
      }
    });
    for (const { id, candidate } of offered) {
      if (!uses.has(id)) continue;
      const index = conceptOf(id);
      (index < live.length ? passages[index]! : localList[index - live.length]!.passages).offer({ ...candidate, rankInIssue: rankOf.get(id) ?? 99 });
    }
  }

  const modelNames = new Set<string>();
  for (const [k, p] of proposals) {
    const t = k.split(" ");
    if (t.length === 2 && (p.sources.get("framework")?.size ?? 0) > 0 && p.capsCount > 0) modelNames.add(t[0]!);
  }
  const issueById = new Map(ordered.map((i) => [i.id, i]));
  const yearsOf = (ms: Mention[]) => {
    const countsByYear: Record<string, number> = {};
    let firstSeenAt: Date | null = null;
    for (const m of ms) {
      const issue = issueById.get(m.issueId)!;
      const y = yearOf(issue.publishedAt);
      if (y) countsByYear[y] = (countsByYear[y] ?? 0) + 1;
      if (issue.publishedAt && (!firstSeenAt || issue.publishedAt < firstSeenAt)) firstSeenAt = issue.publishedAt;
    }
    return { countsByYear, firstSeenAt };
  };
  const concepts: ExtractedConcept[] = [];
  live.forEach((c, index) => {
    const ms = mentions[index]!;
    if (ms.length === 0) return;
    const issuesOf = issueRanks[index]!.sort((a, b) => a.issueId - b.issueId);
    const { countsByYear, firstSeenAt } = yearsOf(ms);
    const surfaces = new Map<string, number>();
    for (const m of ms) surfaces.set(m.surface, (surfaces.get(m.surface) ?? 0) + 1);
    let phrase = 0;
    let caps = 0;
    for (const k of c.group.keys) {
      phrase += proposals.get(k)?.phraseCount ?? 0;
      caps += proposals.get(k)?.capsCount ?? 0;
    }
    const capsShare = phrase > 0 ? caps / phrase : 0;
    const isAcronym = c.group.acronyms.size > 0;
    const key = c.root;
    let name = c.group.name;
    if (!name) {
      if (isTensionKey(key)) {
        const written = mostCommon(new Map([...c.group.aliasSurfaces].filter(([s]) => /\b(vs\.?|versus)\s/i.test(s)))) ?? mostCommon(surfaces) ?? key;
        name = written.replace(/\s+versus\s+/i, " vs. ").replace(/\s+vs\s+/i, " vs. ");
        name = displayName(new Map([[name, 1]]), capsShare, false);
      } else if (isAcronym) {
        const acronym = [...c.group.acronyms].map((a) => acronymSurface.get(a) ?? a.toUpperCase())[0]!;
        const expansionSurfaces = new Map([...c.group.aliasSurfaces].filter(([s]) => !isAcronymShape(s) && c.group.keys.has(conceptKey(s))));
        const expansion = mostCommon(expansionSurfaces);
        name = expansion ? `${displayName(expansionSurfaces, capsShare, false)} (${acronym})` : acronym;
      } else {
        name = c.group.proper ? c.root : displayName(surfaces, capsShare, false);
      }
    }
    const proper = c.group.proper || capsShare >= 0.6;
    // Named as a model here, or the name of one elsewhere ("Kanban" of "Kanban Method").
    // ("road map" is "roadmap" spelled apart, not a kind of map.)
    const modelled = [...c.group.keys].some((k) => {
      const asModel = (proposals.get(k)?.sources.get("framework")?.size ?? 0) > 0 && !c.group.keys.has(k.replace(/ /g, ""));
      return (asModel && (capsShare > 0 || DRAWN_MODELS.has(k.split(" ").at(-1)!))) || (proper && modelNames.has(k));
    });
    const { tool, method } = cues[index]!;
    // A name the text uses as a tool or a workplace ("on Slack", "using Trello", "Jira tickets", "at
    // Pendo") and never practises names a thing, not an idea; one it practises ("doing Scrum", "a Scrum coach") or that
    // names a model ("Kanban" of "Kanban Method") is a framework. Acronyms (B2B, OKRs) are ideas.
    const kind: ConceptKind = isTensionKey(key)
      ? "tension"
      : isAcronym
        ? "acronym"
        : modelled
          ? "framework"
          : proper && !isAcronymShape(c.group.proper ? c.root : (mostCommon(surfaces) ?? "")) && tool >= 2 && method === 0
            ? "other"
            : proper && method > 0
              ? "framework"
              : "term";
    const score = issuesOf.reduce((s, r) => s + r.score, 0);
    concepts.push({
      key,
      memberKeys: [...c.group.keys].sort(),
      name,
      kind,
      aliases: aliasesOf(name, [...c.group.aliasSurfaces.keys(), ...surfaces.keys(), ...[...c.group.acronyms].map((a) => acronymSurface.get(a) ?? a)]),
      hidden: c.group.hidden,
      score: Math.round(score * 1000) / 1000,
      mentions: ms,
      firstSeenAt,
      countsByYear,
      issueCount: new Set(ms.map((m) => m.issueId)).size,
      definition: passages[index]!.result(),
      issues: issuesOf,
    });
  });
  for (const l of localList) {
    if (l.mentions.length === 0) continue;
    const issuesOf = l.issues.sort((a, b) => a.issueId - b.issueId);
    const { countsByYear, firstSeenAt } = yearsOf(l.mentions);
    // Capitalised in mid-sentence: a proper name, written as such.
    const bodySurfaces = [...l.surfaces].filter(([s]) => s.includes(" ") || s.length > 1);
    const capsShare = l.mentions.filter((m) => m.blockId !== TITLE_BLOCK_ID && /^[A-Z]/.test(m.surface)).length / Math.max(1, l.mentions.length);
    const name = displayName(new Map(bodySurfaces), capsShare, false);
    concepts.push({
      key: l.key,
      memberKeys: [l.key],
      name,
      kind: l.sources.has("framework") ? "framework" : "term",
      aliases: aliasesOf(name, l.surfaces.keys()),
      hidden: false,
      score: Math.round(issuesOf.reduce((s, r) => s + r.score, 0) * 1000) / 1000,
      mentions: l.mentions,
      firstSeenAt,
      countsByYear,
      issueCount: new Set(l.mentions.map((m) => m.issueId)).size,
      definition: l.passages.result(),
      issues: issuesOf,
    });
  }

  const liveIndexToKey = new Map([...live.map((c, i) => [i, c.root] as const), ...localList.map((l, i) => [live.length + i, l.key] as const)]);
  const relations = relateConcepts(central, n, LIMITS.relatedPerConcept).map((r) => ({
    fromKey: liveIndexToKey.get(r.from)!,
    toKey: liveIndexToKey.get(r.to)!,
    score: r.score,
  }));

  return { concepts, relations, boilerplateBlocks: boilerplate.size, dormantRules };
}
