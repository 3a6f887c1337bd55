/**
 * Per-issue candidate extraction: pure text in, candidates out. Every source the issue names —
 * the title and headings, bold lead-ins (title-names.ts), tensions ("X vs. Y", "X or Y?",
 * "X | Y"), capitalised multi-word terms, quoted coinages, acronyms with their expansions
 * (text-marks.ts), named frameworks and models — plus the noun phrases that corpus statistics
 * later rank (phrases.ts), all read from part-of-speech tags (tagging.ts).
 *
 * Deterministic: the same issue always yields the same candidates, so the
 * result is cached per issue and only changed issues are read again.
 */
import type { Block } from "@/db/schema";
import { GENERIC_NOUNS, STOPWORDS, isJunkShape } from "./junk";
import { conceptKey } from "./keys";
import { collectPhrases, endsInSlashCompound, nounRuns, type PhraseAcc } from "./phrases";
import { readableBlocks } from "./reading";
import { tagWords, surfaceOf, type Word } from "./tagging";
import { findAcronyms, findCapitalisedTerms, findCued, findEmphasised, findQuoted, findTensions } from "./text-marks";
import { META_NOUNS, listKinds, markNamed, markPredicate, markSlogans } from "./title-names";
import { singularize, type Token, tokenize } from "./tokens";
import type { AcronymDefinition, IssueCandidates, IssueText, MarkedCandidate, PhraseStat } from "./types";

// When what this module (or one it calls) produces from an issue changes, bump EXTRACTOR_VERSION
// in version.ts, so every issue's kept candidates are recomputed.

/** Bold text opening a paragraph or list item: "<p id=…><strong>Continuous delivery.</strong> Teams…". */
function boldLeadIns(html: string, blocks: Block[]): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /<(p|li)\b[^>]*\bid="([^"]+)"[^>]*>\s*<(strong|b)>([\s\S]*?)<\/\3>/g;
  for (const m of html.matchAll(pattern)) {
    const inner = m[4]!
      .replace(/<[^>]+>/g, "")
      .replace(/&amp;/g, "&")
      .replace(/&[a-z#0-9]+;/g, " ");
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
  for (const m of html.matchAll(/<(h[2-6])\b[^>]*\bid="([^"]+)"[^>]*>\s*(?:[^<]{0,12})<a\b[\s\S]*?<\/a>\s*<\/\1>/g))
    found.add(m[2]!);
  return found;
}

function addWordCounts(counts: Record<string, number>, tokens: Token[]): number {
  for (const t of tokens) {
    if (STOPWORDS.has(t.norm) || /^\d+$/.test(t.norm)) continue;
    counts[t.norm] = (counts[t.norm] ?? 0) + 1;
  }
  return tokens.length;
}

/**
 * Title names that stop inside a slash compound ("Explaining Product" of "Explaining Product/Market
 * Fit"), which the title's list reading splits at the slash: fragments of the compound, not names (12ao).
 */
function dropSlashFragments(title: string, titleWords: Word[], marked: MarkedCandidate[]): void {
  const cuts = new Set<number>();
  for (let e = 1; e < titleWords.length; e++) if (endsInSlashCompound(titleWords, e)) cuts.add(titleWords[e - 1]!.end);
  if (cuts.size === 0) return;
  const kept = marked.filter((m) => {
    if (m.source !== "title" || !m.key.includes(" ")) return true;
    const at = title.indexOf(m.surface);
    return at < 0 || !cuts.has(at + m.surface.length);
  });
  marked.length = 0;
  marked.push(...kept);
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
  dropSlashFragments(issue.title, titleWords, marked);
  // The title's noun phrases ("Place Your Bets", "Real Teams (Not Groups of One-Person Teams)", "Modern Product
  // Management") may each be the issue's topic: a run, and the shorter names it ends in.
  for (const [a, run] of nounRuns(titleWords)) {
    // "Roadmap Hygiene Tips" names roadmap hygiene.
    const b = run - a > 1 && META_NOUNS.has(singularize(titleWords[run - 1]!.text.toLowerCase())) ? run - 1 : run;
    // "Explaining Product/Market Fit": a run cut at a slash compound is a fragment of it (12ao).
    if (b - a >= 2 && endsInSlashCompound(titleWords, b)) continue;
    for (let s = a; s < b; s++) {
      // A shorter name inside the run needs two words, and a head that names something ("product issues" doesn't).
      if (s > a && (b - s < 2 || GENERIC_NOUNS.has(singularize(titleWords[b - 1]!.text.toLowerCase())))) break;
      if (titleWords[s]!.pos === "VERB" && s !== a) continue;
      const surface = surfaceOf(issue.title, titleWords, s, b);
      const key = conceptKey(surface);
      if (key && !isJunkShape(surface)) marked.push({ key, surface, source: "title", blockId: null });
    }
  }

  // Each block's words, read once for the slogans and the word counts.
  const blockTokens = blocks.map((b) => tokenize(b.text));
  markSlogans(issue.title, blocks, marked, blockTokens);
  // "8 Trends Shaping…", "35 B2B SaaS Tips and Gentle Reminders": what a numbered title counts is the
  // kind of list, not an idea ("B2B SaaS" stays, "trends" and "gentle reminders" go).
  const kinds = listKinds(titleWords);
  if (kinds.size > 0) {
    const counts = (key: string) =>
      [...kinds].some((k) => key === k || key.startsWith(`${k} `) || key.endsWith(` ${k}`));
    const kept = marked.filter(
      (m) => !(m.blockId === null && (m.source === "title" || m.source === "slogan") && counts(m.key)),
    );
    marked.length = 0;
    for (const m of kept) marked.push(m);
  }

  const bold = boldLeadIns(issue.html, blocks);
  const linked = linkHeadings(issue.html);
  for (const [bi, block] of blocks.entries()) {
    const text = block.text;
    tokenCount += addWordCounts(words, blockTokens[bi]!);
    const blockWords = tagWords(text);
    const heading = block.kind === "h2" || block.kind === "h3" || block.kind === "h4";
    const short = heading || blockWords.length <= 10;
    if (heading && !linked.has(block.id)) markNamed(marked, text, "heading", block.id);
    const lead = bold.get(block.id);
    if (lead) {
      markNamed(marked, lead, "bold", block.id);
      markPredicate(marked, lead, block.id);
    }
    findTensions(text, blockWords, block.id, short, marked);
    if (!heading) {
      findCapitalisedTerms(text, blockWords, block.id, marked);
      findQuoted(text, blockWords, block.id, marked);
      findCued(text, blockWords, block.id, marked);
    }
    findAcronyms(text, block.id, acronyms);
    collectPhrases(text, blockWords, heading, phrases, marked, block.id);
  }

  // Names set in italics, read from the HTML as bold lead-ins are (12ag).
  findEmphasised(issue.html, blocks, marked);

  const phraseStats: PhraseStat[] = [];
  for (const [key, entry] of phrases) {
    // The most used form; among equals a lower-case one (a mid-sentence use), then the first in order.
    const [surface] = [...entry.surfaces].sort(
      ([s1, n1], [s2, n2]) =>
        n2 - n1 || Number(s2 === s2.toLowerCase()) - Number(s1 === s1.toLowerCase()) || (s1 < s2 ? -1 : 1),
    )[0]!;
    phraseStats.push({ key, surface, n: entry.n, caps: entry.caps });
  }
  phraseStats.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    marked,
    acronyms,
    phrases: phraseStats,
    words,
    tokenCount,
    ...(read < total ? { truncated: { read, total } } : {}),
  };
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
