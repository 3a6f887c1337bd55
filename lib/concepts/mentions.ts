/**
 * Step 7a of extraction: where each concept is mentioned, one issue at a time. Every variant of a
 * chosen concept is looked for in the text, longest match first and without overlaps, so "lean
 * startup" is one mention of Lean Startup, not also one of "startup"; a phrase that a rarer,
 * longer one ends in is used there too, where the issue doesn't list the longer one (12ad). An
 * issue's own candidates are looked for beside them. The issue's uses are ranked (ranking.ts), and only what is a concept
 * of the issue keeps its mentions there; its uses are offered as definition passages, and the
 * words around them counted as cues to the concept's kind (naming.ts).
 */
import type { Block } from "@/db/schema";
import { sequencesOf } from "./counting";
import { STOPWORDS } from "./junk";
import { LIMITS } from "./limits";
import { closeHyphenated, headWithin, KeyTrie, longestMatches, withoutBracketedCoordinates } from "./match";
import { namesTitle, PassageChooser, type PassageCandidate } from "./passages";
import { rankIssueUses, type Ranker, type Use } from "./ranking";
import { TITLE_BLOCK_ID, type Prepared } from "./reading";
import type { Chosen } from "./select";
import type { LocalCandidate, Proposal, Tallies } from "./tallies";
import { type Token, tokenize } from "./tokens";
import type { CandidateSource, ExtractedConcept, Mention } from "./types";
import { countUseCues, type UseCues } from "./words-around";

/**
 * A concept of one issue alone: a candidate of its own that the corpus doesn't make a concept (an
 * idea it names once, "slow burn", "infra work"), a concept only where it ranks among the issue's
 * listed concepts. Indexed after the corpus's concepts (live.length + i).
 */
export type Local = {
  key: string;
  surfaces: Map<string, number>;
  mentions: Mention[];
  issues: ExtractedConcept["issues"];
  passages: PassageChooser;
  sources: Set<CandidateSource>;
};

/** What placing mentions gathers: per concept of the corpus (indexed as `live`), and the concepts of one issue alone. */
export type Placed = {
  mentions: Mention[][];
  cues: UseCues[];
  passages: PassageChooser[];
  issueRanks: ExtractedConcept["issues"][];
  localList: Local[];
  /** Issues to which each concept (by index, locals after live) is central, for relations. */
  central: Map<number, Set<number>>;
};

/** Every variant of every chosen concept, for longest-match search; and each key's concept index. */
function mentionTrie(
  live: Chosen[],
  proposals: Map<string, Proposal>,
): { finalTrie: KeyTrie; liveOfKey: Map<string, number> } {
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
      else
        for (const seq of sequencesOf(k, proposals.get(k)?.orSurfaces))
          finalTrie.add(seq, index, proper || c.group.acronyms.has(k));
      if (!liveOfKey.has(k)) liveOfKey.set(k, index);
    }
  });
  return { finalTrie, liveOfKey };
}

/**
 * How often the text writes each candidate phrase word for word as the tagger read it in a noun
 * phrase (every occurrence, overlaps included; single words not counted): "The infra work may be…"
 * is a use of "infra work", but "let the key results measure that outcome" no use of "result
 * measures" — another inflection is another construction.
 */
function writtenCounts(candidates: LocalCandidate[], texts: Token[][]): number[] {
  const trie = new KeyTrie();
  const spelled = candidates.map((c) => wordsAsWritten(tokenize(c.surface)));
  for (const [i, c] of candidates.entries()) if (c.key.includes(" ")) trie.add(c.key.split(" "), i);
  const counts = candidates.map(() => 0);
  for (const tokens of texts)
    for (let i = 0; i < tokens.length; i++)
      for (const [value, end] of trie.matchesAt(tokens, i))
        if (wordsAsWritten(tokens.slice(i, end)) === spelled[value]) counts[value]!++;
  return counts;
}

/** The words of `keys` and their adjacent pairs ("a b"), for reading hyphenated words closed (match.ts's closeHyphenated). */
function wordsOfKeys(keys: Iterable<string>): { words: Set<string>; pairs: Set<string> } {
  const words = new Set<string>();
  const pairs = new Set<string>();
  for (const k of keys) {
    const w = k.split(" ");
    w.forEach((x, i) => {
      words.add(x);
      if (i > 0) pairs.add(`${w[i - 1]} ${x}`);
    });
  }
  return { words, pairs };
}

const wordsAsWritten = (tokens: Token[]) => tokens.map((t) => t.raw.toLowerCase()).join(" ");

type Found = { id: number; mention: Mention };
type BlockKind = Block["kind"];
type Offered = { id: number; candidate: Omit<PassageCandidate, "rankInIssue"> };
/** A head's use nested in a longer match (`outer`, its id), counted only where the longer phrase is no concept the issue lists. */
type Nested = Found & { outer: number; block: number; inTitle: boolean; kind?: BlockKind };
type Match = { value: number; trie: number; from: number; to: number; nested?: boolean };

/**
 * Longest matches, each followed by the corpus concept its phrase ends in when the writing uses that
 * phrase alone in more issues than the longer one: a noun phrase names its head last, and a longer
 * phrase the writing rarely uses, ending in one it uses across the corpus, is that idea modified
 * ("modern product management" in a title, beside "product management" in 39 issues) rather than a
 * name of its own ("product development team", in more issues than "development team"). A
 * preposition before the head makes it no head ("director of product management"). Longest match
 * still decides which concept a span is; the head's is a second, nested use (12ad).
 */
/** The word before a phrase is a modifier of it: no preposition, conjunction or "vs" ("time vs product management"), no comma. */
const modifies = (tokens: Token[], head: number) =>
  !tokens[head]!.commaBefore && !STOPWORDS.has(tokens[head - 1]!.norm) && tokens[head - 1]!.norm !== "vs";

function matchesWithHeads(tries: KeyTrie[], tokens: Token[], issuesUsing: Uint32Array): Match[] {
  const out: Match[] = [];
  for (const m of longestMatches(tries, tokens)) {
    out.push(m);
    if (m.trie !== 0) continue;
    const head = headWithin(tries[0]!, tokens, m.from, m.to);
    if (!head || head.value === m.value || !modifies(tokens, head.from)) continue;
    if (issuesUsing[head.value]! > issuesUsing[m.value]!)
      out.push({ value: head.value, trie: 0, from: head.from, to: m.to, nested: true });
  }
  return out;
}

/** In how many issues each concept is a longest match of its own, title included: how widely the writing uses it alone. */
function countIssuesUsing(prepared: Prepared[], trie: KeyTrie, concepts: number): Uint32Array {
  const counts = new Uint32Array(concepts);
  for (const p of prepared) {
    const used = new Set<number>();
    for (const m of trie.longestMatches(p.titleTokens)) used.add(m.value);
    for (const b of p.blocks)
      if (!b.boilerplate) for (const m of trie.longestMatches(tokenize(b.block.text))) used.add(m.value);
    for (const v of used) counts[v]! += 1;
  }
  return counts;
}

/**
 * An issue's matches, title first: each use (ids: a concept's index, or -1 - i for the issue's own
 * candidate i), each mention found, and each use as a passage candidate.
 */
function findUses(
  p: Prepared,
  titleTokens: Token[],
  blockTokens: Token[][],
  tries: KeyTrie[],
  boldLeads: Map<string, Set<number>>,
  issuesUsing: Uint32Array,
): { uses: Map<number, Use>; found: Found[]; offered: Offered[]; nested: Nested[] } {
  const issueId = p.issue.id;
  const idOf = (m: { value: number; trie: number }) => (m.trie === 0 ? m.value : -1 - m.value);
  const uses = new Map<number, Use>();
  const found: Found[] = [];
  const nested: Nested[] = [];
  let outer = 0;
  for (const m of matchesWithHeads(tries, titleTokens, issuesUsing)) {
    const start = titleTokens[m.from]!.start;
    const end = titleTokens[m.to - 1]!.end;
    const id = idOf(m);
    const mention = { issueId, blockId: TITLE_BLOCK_ID, start, end, surface: p.issue.title.slice(start, end) };
    // A title names the longer phrase; its head is used there, not named.
    if (m.nested) nested.push({ id, mention, outer, block: 0, inTitle: false });
    else {
      outer = id;
      found.push({ id, mention });
      addUse(uses, id, 0, true);
    }
  }
  const offered: Offered[] = [];
  // An issue named after a concept opens by explaining it: its first paragraph is offered too.
  const lead = p.blocks.slice(0, 4).find((b) => !b.boilerplate && b.block.kind === "p" && b.block.text.length >= 60);
  if (lead) {
    for (const f of found) {
      if (!namesTitle(p.issue.title, f.mention.start, f.mention.end)) continue;
      offered.push({
        id: f.id,
        candidate: {
          issueId,
          block: lead.block,
          previous: undefined,
          start: 0,
          end: 0,
          publishedAt: p.issue.publishedAt,
          sample: !!p.issue.isSample,
          boldLead: false,
          titleLead: f.mention.surface,
        },
      });
    }
  }
  p.blocks.forEach((b, bi) => {
    if (b.boilerplate) return;
    const tokens = blockTokens[bi]!;
    for (const m of matchesWithHeads(tries, tokens, issuesUsing)) {
      const start = tokens[m.from]!.start;
      const end = tokens[m.to - 1]!.end;
      const id = idOf(m);
      const mention = { issueId, blockId: b.block.id, start, end, surface: b.block.text.slice(start, end) };
      // (The sentence is about the longer phrase: not offered as the head's definition.)
      if (m.nested) {
        nested.push({ id, mention, outer, block: bi, inTitle: false, kind: b.block.kind });
        continue;
      }
      outer = id;
      found.push({ id, mention });
      addUse(uses, id, bi, false, b.block.id, b.block.kind);
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
  return { uses, found, offered, nested };
}

/** One more use of `id` in block `block` of the issue (or its title); `kind` is the block's, for where the use falls (12aj). */
function addUse(
  uses: Map<number, Use>,
  id: number,
  block: number,
  inTitle: boolean,
  blockId?: string,
  kind?: BlockKind,
): void {
  let e = uses.get(id);
  if (!e)
    uses.set(
      id,
      (e = {
        tf: 0,
        blocks: new Set(),
        first: Number.POSITIVE_INFINITY,
        inTitle: false,
        inBlocks: 0,
        quoted: 0,
        listed: 0,
      }),
    );
  e.tf++;
  if (inTitle) e.inTitle = true;
  if (blockId !== undefined) e.blocks.add(blockId);
  e.first = Math.min(e.first, block);
  if (kind === undefined) return;
  e.inBlocks! += 1;
  if (kind === "quote") e.quoted! += 1;
  if (kind === "li") e.listed! += 1;
}

/** As many concepts as an issue page lists (queries.ts's ISSUE_CONCEPTS_SHOWN). */
const LISTED_PER_ISSUE = 10;

/**
 * The heads nested in longer matches that the issue doesn't list: "modern product management", ranked
 * below the issue's listed concepts, is there a use of "product management"; "strong business case",
 * listed, keeps its uses to itself (12ad). Adds their uses and mentions; whether any were added.
 */
function addNestedHeads(nested: Nested[], scored: { id: number }[], uses: Map<number, Use>, found: Found[]): boolean {
  const listed = new Set(scored.slice(0, LISTED_PER_ISSUE).map((e) => e.id));
  let added = false;
  for (const n of nested) {
    if (listed.has(n.outer)) continue;
    addUse(uses, n.id, n.block, false, n.mention.blockId === TITLE_BLOCK_ID ? undefined : n.mention.blockId, n.kind);
    found.push({ id: n.id, mention: n.mention });
    added = true;
  }
  return added;
}

/** One issue at a time: its mentions, its ranking, and its passages offered as definitions. */
export function placeMentions(prepared: Prepared[], live: Chosen[], tallies: Tallies, ranker: Ranker): Placed {
  const { finalTrie, liveOfKey } = mentionTrie(live, tallies.proposals);
  const liveWords = wordsOfKeys(liveOfKey.keys());
  const issuesUsing = countIssuesUsing(prepared, finalTrie, live.length);
  const boldLeads = new Map<string, Set<number>>();
  for (const [blockId, keys] of tallies.boldLeads)
    boldLeads.set(blockId, new Set([...keys].map((k) => liveOfKey.get(k) ?? -1)));
  const localList: Local[] = [];
  const localOfKey = new Map<string, number>();
  const cues: UseCues[] = live.map(() => ({ tool: 0, method: 0 }));
  const mentions: Mention[][] = live.map(() => []);
  const passages = live.map(() => new PassageChooser());
  const issueRanks: ExtractedConcept["issues"][] = live.map(() => []);
  const central = new Map<number, Set<number>>();
  for (const p of prepared) {
    const issueId = p.issue.id;
    const blockTokens = p.blocks.map((b) => (b.boilerplate ? [] : tokenize(b.block.text)));
    // The issue's own candidates, as negative ids (-1 - i) beside the corpus's concepts.
    // Only those the issue could make concepts: a longer phrase used once must not hide a shorter concept inside it.
    // A phrase is judged on how often the text writes it, not on how often the tagger read it as a
    // noun phrase ("The infra work may be…" is no noun phrase to the tagger) (12j); a single word
    // on its uses as a noun ("underestimate" is mostly a verb).
    const candidates = (tallies.locals.get(issueId) ?? []).filter((c) => !liveOfKey.has(c.key));
    const written = writtenCounts(candidates, [p.titleTokens, ...blockTokens]);
    const own = candidates.filter((c, i) =>
      ranker.localAllowed(c, Math.max(1, c.n, c.key.includes(" ") ? written[i]! : 0)),
    );
    const ownTrie = new KeyTrie();
    for (const [i, c] of own.entries()) ownTrie.add(c.key.split(" "), i);
    const ownWords = wordsOfKeys(own.map((c) => c.key));
    const isWord = (w: string) => liveWords.words.has(w) || ownWords.words.has(w);
    const isPair = (pair: string) => liveWords.pairs.has(pair) || ownWords.pairs.has(pair);
    // The text as placement reads it: hyphenated words a key writes closed read closed, a bracketed
    // coordinate between a key's modifier and head read past (match.ts, 12aq).
    const readTokens = (tokens: Token[], text: string) =>
      closeHyphenated(withoutBracketedCoordinates(tokens, text, isPair), isWord, isPair);
    const placeTokens = p.blocks.map((b, bi) => readTokens(blockTokens[bi]!, b.block.text));
    const { uses, found, offered, nested } = findUses(
      p,
      readTokens(p.titleTokens, p.issue.title),
      placeTokens,
      [finalTrie, ownTrie],
      boldLeads,
      issuesUsing,
    );
    let scored = rankIssueUses(ranker, issueId, p.blocks.length, uses, own);
    if (addNestedHeads(nested, scored, uses, found))
      scored = rankIssueUses(ranker, issueId, p.blocks.length, uses, own);
    // The issue's own concepts join the list of concepts of one issue (or of several, by key).
    const conceptOf = (id: number): number => {
      if (id >= 0) return id;
      const c = own[-1 - id]!;
      let li = localOfKey.get(c.key);
      if (li === undefined) {
        li = localList.length;
        localOfKey.set(c.key, li);
        localList.push({
          key: c.key,
          surfaces: new Map(),
          mentions: [],
          issues: [],
          passages: new PassageChooser(),
          sources: new Set(),
        });
      }
      for (const s of c.sources) localList[li]!.sources.add(s);
      return live.length + li;
    };
    const mentionsOf = (index: number) =>
      index < live.length ? mentions[index]! : localList[index - live.length]!.mentions;
    const textOf = new Map(p.blocks.map((b) => [b.block.id, b.block.text]));
    for (const f of found) {
      if (!uses.has(f.id)) continue;
      const index = conceptOf(f.id);
      mentionsOf(index).push(f.mention);
      if (index < live.length && f.mention.blockId !== TITLE_BLOCK_ID)
        countUseCues(cues[index]!, textOf.get(f.mention.blockId) ?? "", f.mention.start, f.mention.end);
      if (index >= live.length) {
        const l = localList[index - live.length]!;
        l.surfaces.set(f.mention.surface, (l.surfaces.get(f.mention.surface) ?? 0) + 1);
      }
    }
    const rankOf = new Map<number, number>();
    scored.forEach((e, r) => {
      const index = conceptOf(e.id);
      rankOf.set(e.id, r + 1);
      const rank = {
        issueId,
        mentions: e.mentions,
        score: Math.max(0.001, Math.round(e.score * 1000) / 1000),
        rank: r + 1,
      };
      if (index < live.length) issueRanks[index]!.push(rank);
      else localList[index - live.length]!.issues.push(rank);
      if (r < LIMITS.centralPerIssue && !(index < live.length && live[index]!.group.hidden)) {
        let set = central.get(index);
        if (!set) central.set(index, (set = new Set()));
        set.add(issueId);
      }
    });
    for (const { id, candidate } of offered) {
      // An everyday word the issue doesn't make its subject is English there, not a mention; but a
      // sentence of it that says what the word is ("Craft: people need to know what they're doing")
      // uses it in the concept's sense, and may still explain it.
      if (!uses.has(id)) {
        if (id >= 0) passages[id]!.offer({ ...candidate, rankInIssue: 99, incidental: true });
        continue;
      }
      const index = conceptOf(id);
      (index < live.length ? passages[index]! : localList[index - live.length]!.passages).offer({
        ...candidate,
        rankInIssue: rankOf.get(id) ?? 99,
      });
    }
  }
  return { mentions, cues, passages, issueRanks, localList, central };
}
