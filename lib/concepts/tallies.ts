/**
 * Step 2 of extraction: the corpus-wide tallies that every later step reads — the keys the
 * writing proposes (everything it marks: titles, headings, bold lead-ins, tensions, named models,
 * capitalised terms, quoted coinages, acronyms; and every noun phrase used more than once), with
 * where each was marked, how it is written and how often it is a noun phrase; word counts for
 * keyness and dispersion; and each issue's own candidates. Folded one issue's candidates at a
 * time, in ascending issue order, so a caller never holds every issue's candidates at once.
 */
import { isJunkKey } from "./junk";
import { LIMITS } from "./limits";
import { conceptKey } from "./keys";
import { isSkipped, type SkippedBlocks } from "./reading";
import type { CandidateSource, IssueCandidates, PhraseStat } from "./types";

/** A key the writing proposes, with the evidence for it pooled over the corpus. */
export type Proposal = {
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

/**
 * The corpus-wide tallies, folded in one issue's candidates at a time, so the caller
 * needn't hold every issue's candidates at once (they are the bulk of a large archive).
 */
export type Tallies = {
  /** Blocks no step reads (boilerplate, lists of other issues' titles). */
  skipped: SkippedBlocks;
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
  /** Issues whose candidates record a failure: extraction doesn't read them. */
  failed: Set<number>;
  /** Per issue, its own candidates (noun phrases and marked names), for concepts of that issue alone. */
  locals: Map<number, LocalCandidate[]>;
};

/** A candidate of one issue, which may be a concept there even if the corpus never returns to it. */
export type LocalCandidate = {
  key: string;
  surface: string;
  n: number;
  sources: CandidateSource[];
  /** Of `n`, the uses at the end of a hyphenated chain, which no mention holds (12o). */
  inChains?: number;
};

export function newTallies(skipped: SkippedBlocks): Tallies {
  return {
    skipped,
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
}

function addSource(p: Proposal, source: CandidateSource, issueId: number): void {
  let set = p.sources.get(source);
  if (!set) p.sources.set(source, (set = new Set()));
  set.add(issueId);
}

function proposal(map: Map<string, Proposal>, key: string): Proposal {
  let p = map.get(key);
  if (!p)
    map.set(
      key,
      (p = {
        key,
        sources: new Map(),
        surfaces: new Map(),
        phraseCount: 0,
        capsCount: 0,
        peak: 0,
        orSurfaces: new Set(),
      }),
    );
  return p;
}

/** The most frequent form; on a tie, the first in code-unit order. */
export function mostCommon(counts: Map<string, number>): string | undefined {
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

/** Add one issue's candidates (issues in ascending id order). */
export function fold(t: Tallies, issueId: number, c: IssueCandidates): void {
  if (issueId <= t.lastId)
    throw new Error(`candidates must come in ascending issue order (${issueId} after ${t.lastId})`);
  t.lastId = issueId;
  if (c.failed) {
    t.failed.add(issueId);
    return;
  }
  t.totalWords += c.tokenCount;
  t.tokenCounts.set(issueId, c.tokenCount);
  for (const w in c.words) {
    const k = c.words[w]!;
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
    if (m.blockId && isSkipped(t.skipped, issueId, m.blockId)) continue;
    if (
      !m.key ||
      isJunkKey(m.key, {
        surface: m.surface,
        titled: m.source === "title" || m.source === "slogan",
        slogan: m.source === "slogan",
      })
    )
      continue;
    const p = proposal(t.proposals, m.key);
    addSource(p, m.source, issueId);
    if (/[A-Za-z]-[A-Za-z]/.test(m.surface)) p.hyphenated ??= m.surface;
    if (m.source !== "title" && m.source !== "heading") p.surfaces.set(m.surface, (p.surfaces.get(m.surface) ?? 0) + 1);
    if (m.source === "tension" && / or /.test(m.surface)) p.orSurfaces.add(m.surface);
  }
  for (const a of c.acronyms) {
    if (isSkipped(t.skipped, issueId, a.blockId)) continue;
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
  t.locals.set(
    issueId,
    localCandidates(c, (blockId) => !!blockId && isSkipped(t.skipped, issueId, blockId)),
  );
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
  const titled = titleKeys(c);
  for (const m of c.marked) {
    if (m.source === "title" || m.source === "slogan" || m.source === "tension" || skipBlock(m.blockId)) continue;
    if (!m.key || tooLong(m.key) || isJunkKey(m.key, { surface: m.surface })) continue;
    const e = byKey.get(m.key);
    if (e) {
      if (!e.sources.includes(m.source)) e.sources.push(m.source);
    } else byKey.set(m.key, { key: m.key, surface: m.surface, n: 0, sources: [m.source] });
  }
  // Marked names come first: a noun phrase of the same key adds its uses to them. (An issue's
  // phrases have one entry per key: candidates.ts pools every surface of a key.)
  const plain: PhraseStat[] = [];
  // "slow-burn issues" is a use of "slow burn" (12e).
  const inCompounds = hyphenPrefixUses(c.phrases);
  for (const ph of c.phrases) {
    const e = byKey.get(ph.key);
    if (!e) plain.push(ph);
    else if (!tooLong(ph.key) && !isJunkKey(ph.key, { surface: ph.surface })) e.n += ph.n;
  }
  // "…-turned-accidental-product-manager" is a use of "accidental product manager" (12o).
  const inChains = chainTailUses(c.phrases);
  const extra = (key: string) => (inCompounds.get(key) ?? 0) + (inChains.get(key) ?? 0);
  for (const e of byKey.values()) {
    e.n += extra(e.key);
    const chained = inChains.get(e.key);
    if (chained) e.inChains = chained;
  }
  const plainCounted = plain.map((ph) => ({ ...ph, n: ph.n + extra(ph.key), inChains: inChains.get(ph.key) ?? 0 }));
  const order = (a: { key: string; n: number }, b: { key: string; n: number }) =>
    b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const out = [...byKey.values()].sort(order).slice(0, LIMITS.localCandidates);
  for (const e of out) if (titled.has(e.key)) e.sources.push("title");
  // Then the other noun phrases, most used first, judged only until the list is full (most are never reached).
  for (const ph of plainCounted.sort(order)) {
    if (out.length >= LIMITS.localCandidates) break;
    if (tooLong(ph.key) || isJunkKey(ph.key, { surface: ph.surface })) continue;
    out.push({
      key: ph.key,
      surface: ph.surface,
      n: ph.n,
      sources: titled.has(ph.key) ? ["title"] : [],
      ...(ph.inChains ? { inChains: ph.inChains } : {}),
    });
  }
  return out;
}

/**
 * The keys the issue's title (or its motto) names: a candidate of the issue's own that the title
 * names is one the writer marks, however plain its words ("The Healthy Tension Trap") (12ab).
 */
function titleKeys(c: IssueCandidates): Set<string> {
  return new Set(c.marked.filter((m) => m.source === "title" || m.source === "slogan").map((m) => m.key));
}

/**
 * Uses of a phrase inside a longer noun phrase that ends past a hyphenated compound it ends in: "slow-burn
 * issues" is a use of "slow burn", which the noun phrases don't count (the compound is a modifier, not a noun).
 */
function hyphenPrefixUses(phrases: PhraseStat[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const ph of phrases) {
    if (!ph.surface.includes("-")) continue;
    const words = ph.surface.split(" ");
    for (let j = 0; j < words.length - 1; j++) {
      if (!/[A-Za-z]-[A-Za-z]/.test(words[j]!)) continue;
      for (let s = 0; s <= j; s++) {
        const key = conceptKey(words.slice(s, j + 1).join(" "));
        if (key.includes(" ")) out.set(key, (out.get(key) ?? 0) + ph.n);
      }
    }
  }
  return out;
}

/**
 * Uses of a name at the end of a hyphenated chain that is a noun on its own ("the
 * engineering-lead-turned-accidental-product-manager" is a use of "accidental product manager"): each
 * tail of two words or more (12o). The chain alone is one phrase per use, so each is counted once;
 * mentions never start inside a compound, so these uses are the candidate's, not a mention's.
 */
function chainTailUses(phrases: PhraseStat[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const ph of phrases) {
    if (ph.surface.includes(" ") || !/[A-Za-z]-[A-Za-z]/.test(ph.surface)) continue;
    const parts = ph.surface.split("-").filter(Boolean);
    for (let t = 1; t + 1 < parts.length; t++) {
      const key = conceptKey(parts.slice(t).join(" "));
      if (key.includes(" ")) out.set(key, (out.get(key) ?? 0) + ph.n);
    }
  }
  return out;
}

/** More than LIMITS.maxWords words (space-separated), counted without splitting the key: asked of every phrase of every issue. */
function tooLong(key: string): boolean {
  let words = 1;
  for (let i = key.indexOf(" "); i >= 0; i = key.indexOf(" ", i + 1)) if (++words > LIMITS.maxWords) return true;
  return false;
}

/**
 * Noun-phrase uses of every marked proposal, in every issue (not only those that mark it); other
 * noun phrases join the proposals once they recur across the corpus.
 */
export function foldPhrases(t: Tallies): void {
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
