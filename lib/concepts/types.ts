/** The shapes concepts take between the text and the database. */
import type { Block, ConceptKind } from "@/db/schema";

/** What extraction reads of an issue. */
export type IssueText = {
  id: number;
  slug: string;
  title: string;
  publishedAt: Date | null;
  blocks: Block[];
  /** Sanitized HTML whose block elements carry their block ids (for bold lead-ins). */
  html: string;
  /** One of the bundled sample issues: never the source of a definition when the author's own issues mention the concept. */
  isSample?: boolean;
};

/** Where a candidate came from; stronger sources let rarer candidates through. */
export type CandidateSource = "title" | "slogan" | "heading" | "bold" | "tension" | "framework" | "capitalised" | "quoted" | "acronym" | "cued";

/** A candidate named by the writing itself: a heading, a bold lead-in, a tension, a named model, "the concept of X"… */
export type MarkedCandidate = {
  key: string;
  surface: string;
  source: CandidateSource;
  blockId: string | null;
  /** For tensions: the two sides as written. */
  sides?: [string, string];
};

/** A noun phrase (or single noun) and how often the issue uses it. */
export type PhraseStat = {
  key: string;
  /** The most frequent way the issue writes it. */
  surface: string;
  n: number;
  /** Occurrences capitalised in mid-sentence (a proper name such as "Kanban" or "Lean Startup"). */
  caps: number;
};

/** "Objectives and Key Results (OKRs)" or "MVP (minimum viable product)". */
export type AcronymDefinition = { acronym: string; expansion: string; blockId: string };

/** Everything extraction needs from one issue; cached per issue (table concept_issue_candidates). */
export type IssueCandidates = {
  marked: MarkedCandidate[];
  acronyms: AcronymDefinition[];
  phrases: PhraseStat[];
  /** Counts of every normalised content word, for keyness and collocation statistics. */
  words: Record<string, number>;
  tokenCount: number;
  /** Characters of prose read and in all, when the issue is longer than extraction reads. */
  truncated?: { read: number; total: number };
  /** Why the issue could not be read (its text is malformed or broke the NLP step); nothing else is set. */
  failed?: string;
};

/** One place a concept appears. Offsets are within the block's text. */
export type Mention = {
  issueId: number;
  blockId: string;
  start: number;
  end: number;
  surface: string;
};

/** A concept as extraction (plus curation) determines it, before it has a database id. */
export type ExtractedConcept = {
  key: string;
  /** Keys of every variant merged into this concept (including `key`): a slug stays with any of them. */
  memberKeys: string[];
  name: string;
  kind: ConceptKind;
  aliases: string[];
  hidden: boolean;
  score: number;
  mentions: Mention[];
  firstSeenAt: Date | null;
  countsByYear: Record<string, number>;
  /** Issues that mention it (ranked there or not). */
  issueCount: number;
  definition: { issueId: number; blockId: string; text: string } | null;
  /**
   * The issues whose concept it is: mentions there and its relevance to the issue (rank 1 = most
   * central). An issue that names a single word once in passing has its mention, not a rank.
   */
  issues: { issueId: number; mentions: number; score: number; rank: number }[];
};

export type ExtractedRelation = { fromKey: string; toKey: string; score: number };

export type ExtractionResult = {
  concepts: ExtractedConcept[];
  relations: ExtractedRelation[];
  /** Block ids judged to be boilerplate (repeated across many issues). */
  boilerplateBlocks: number;
  /** Curation rules whose target no longer exists, by rule id. */
  dormantRules: number[];
};
