import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { issues } from "./issues";

export type ConceptKind = "framework" | "tension" | "term" | "acronym" | "person" | "other";

/** An idea that threads through issues: extracted, then shaped by the author's curation rules. */
export const concepts = pgTable(
  "concepts",
  {
    id: serial("id").primaryKey(),
    /** Stable across re-extraction: pages and links use it. */
    slug: text("slug").notNull(),
    /** Normalised identity used to match a concept across extraction runs. */
    key: text("key").notNull(),
    name: text("name").notNull(),
    kind: text("kind").$type<ConceptKind>().notNull(),
    aliases: jsonb("aliases").$type<string[]>().notNull().default([]),
    definitionIssueId: integer("definition_issue_id").references(() => issues.id, { onDelete: "set null" }),
    definitionBlockId: text("definition_block_id"),
    definitionText: text("definition_text"),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true, mode: "date" }),
    mentionCount: integer("mention_count").notNull().default(0),
    issueCount: integer("issue_count").notNull().default(0),
    countsByYear: jsonb("counts_by_year").$type<Record<string, number>>().notNull().default({}),
    /** Ranking weight from corpus statistics; higher is more central. */
    score: real("score").notNull().default(0),
    hidden: boolean("hidden").notNull().default(false),
    /** Keys of every variant merged into this concept; a re-extraction that picks another canonical key keeps the row (and slug). */
    memberKeys: jsonb("member_keys").$type<string[]>().notNull().default([]),
    /** Slugs of concepts merged into this one, so their old links still resolve. */
    formerSlugs: jsonb("former_slugs").$type<string[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("concepts_slug_key").on(t.slug), uniqueIndex("concepts_key_key").on(t.key)],
);

/** One place a concept appears: a span inside one block of one issue. */
export const conceptMentions = pgTable(
  "concept_mentions",
  {
    id: serial("id").primaryKey(),
    conceptId: integer("concept_id")
      .notNull()
      .references(() => concepts.id, { onDelete: "cascade" }),
    issueId: integer("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    blockId: text("block_id").notNull(),
    /** Offsets within the block's text. */
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    surface: text("surface").notNull(),
    context: text("context").notNull(),
  },
  (t) => [index("concept_mentions_concept_idx").on(t.conceptId), index("concept_mentions_issue_idx").on(t.issueId)],
);

/** Co-occurrence with a significance score (not raw counts). */
export const conceptRelations = pgTable(
  "concept_relations",
  {
    conceptId: integer("concept_id")
      .notNull()
      .references(() => concepts.id, { onDelete: "cascade" }),
    relatedId: integer("related_id")
      .notNull()
      .references(() => concepts.id, { onDelete: "cascade" }),
    score: real("score").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conceptId, t.relatedId] })],
);

/** A concept's place in one issue: how often it is mentioned there and how central it is (rank 1 = most). */
export const conceptIssues = pgTable(
  "concept_issues",
  {
    conceptId: integer("concept_id")
      .notNull()
      .references(() => concepts.id, { onDelete: "cascade" }),
    issueId: integer("issue_id")
      .notNull()
      .references(() => issues.id, { onDelete: "cascade" }),
    mentionCount: integer("mention_count").notNull(),
    // No score: the issue's scores move a little with every change to the archive (corpus statistics),
    // and storing them would rewrite every issue's rows after one new issue; the rank is what is read.
    rank: integer("rank").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conceptId, t.issueId] }), index("concept_issues_issue_idx").on(t.issueId, t.rank)],
);

/** Where a candidate came from; stronger sources let rarer candidates through. */
export type CandidateSource =
  | "title"
  | "slogan"
  | "heading"
  | "bold"
  | "tension"
  | "framework"
  | "capitalised"
  | "quoted"
  | "acronym"
  | "cued"
  /** Set in italics in running text (12ag). */
  | "emphasised";

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

/**
 * Each issue's extraction candidates, cached so a re-run reads only changed
 * issues. `contentHash` and `version` say which text and which extractor made them.
 */
export const conceptIssueCandidates = pgTable("concept_issue_candidates", {
  issueId: integer("issue_id")
    .primaryKey()
    .references(() => issues.id, { onDelete: "cascade" }),
  contentHash: text("content_hash").notNull(),
  version: integer("version").notNull(),
  candidates: jsonb("candidates").$type<IssueCandidates>().notNull(),
  /** Digest of the issue's stored mentions and ranks: unchanged issues are not rewritten. */
  mentionsDigest: text("mentions_digest"),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type ConceptRuleAction = "rename" | "merge" | "hide" | "alias";

/** The author's curation decisions; applied after every extraction so they survive re-runs. */
export const conceptRules = pgTable("concept_rules", {
  id: serial("id").primaryKey(),
  action: text("action").$type<ConceptRuleAction>().notNull(),
  /** The concept the rule is about, by key (stable across runs). */
  target: text("target").notNull(),
  /** New name (rename), key merged into (merge), alias text (alias); null for hide. */
  value: text("value"),
  createdBy: text("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type Concept = typeof concepts.$inferSelect;
export type ConceptMention = typeof conceptMentions.$inferSelect;
export type ConceptRule = typeof conceptRules.$inferSelect;
export type ConceptIssue = typeof conceptIssues.$inferSelect;

/**
 * Whether the corpus-wide concept derivation (selection, every issue's ranking, naming,
 * relations) is behind the stored issues: one row (id 1). A quick ingest places the changed
 * issues' mentions of the concepts already chosen and bumps `generation`; the full derivation
 * sets `derivedGeneration` to the generation it started from, and clears `pendingSince` when
 * nothing was added meanwhile.
 */
export const conceptDerivation = pgTable("concept_derivation", {
  id: integer("id").primaryKey(),
  generation: integer("generation").notNull().default(0),
  derivedGeneration: integer("derived_generation").notNull().default(0),
  /** When the derivation fell behind (null: up to date). */
  pendingSince: timestamp("pending_since", { withTimezone: true }),
  /** Why, for the author: e.g. "1 issue added or edited". */
  pendingReason: text("pending_reason"),
  /** Process id of the background pass last started (for status displays; it may have died). */
  backgroundPid: integer("background_pid"),
  backgroundStartedAt: timestamp("background_started_at", { withTimezone: true }),
});

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * What the last full derivation kept of the archive's base (lib/concepts/extract.ts: its concepts,
 * statistics and names, v8-serialized), so a change to the latest issues alone is derived from it
 * and them. One row; `stateKey` says which base (issues and their texts, extractor, rules) it is.
 */
export const conceptBase = pgTable("concept_base", {
  id: integer("id").primaryKey(),
  stateKey: text("state_key").notNull(),
  issues: integer("issues").notNull(),
  state: bytea("state").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
