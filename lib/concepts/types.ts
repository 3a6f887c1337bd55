/** The shapes concepts take between the text and the database. */
import type { Block, ConceptKind } from "@/db/schema";

// What extraction caches per issue is stored as is (concept_issue_candidates), so its shape is
// declared beside that table: the schema imports nothing from lib/.
export type { AcronymDefinition, CandidateSource, IssueCandidates, MarkedCandidate, PhraseStat } from "@/db/schema";

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
  /** Its mentions in every issue: `mentions` may hold only those of the issues being written (extract.ts's tail). */
  mentionCount?: number;
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

type ExtractedRelation = { fromKey: string; toKey: string; score: number };

export type ExtractionResult = {
  concepts: ExtractedConcept[];
  relations: ExtractedRelation[];
  /** Block ids judged to be boilerplate (repeated across many issues). */
  boilerplateBlocks: number;
  /** Curation rules whose target no longer exists, by rule id. */
  dormantRules: number[];
};
