/**
 * Concept extraction's tunable thresholds, named so the README and tests can refer to them, in
 * one module every step reads (it imports nothing, so no step's module is needed to read them).
 * The ranking weights are in ranking.ts; the bar for boilerplate is ingest's recurrence rule.
 */
export const LIMITS = {
  /**
   * Characters of an issue that extraction reads (about 170,000 words, a hundred times a long
   * issue): the cost of one oversized issue stays bounded, and the stage says what it left unread.
   */
  maxIssueChars: 1_000_000,
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
   * A phrase of everyday words the writing never marks ("product strategy", "local maximum") is a
   * concept of an issue where it ranks among the concepts the issue page lists: a compound is
   * more specific than its words, so it needs less than an everyday single word.
   */
  everydayPhraseRank: 10,
  /**
   * A single word used less than this many times more often here than edited prose uses it as a
   * noun (the Brown Corpus) is the plain vocabulary of writing, not the field's, even in the issues
   * about it: "game", "structure", "service", "integration".
   */
  writtenKeyness: 5,
  /** A single word the writer marks as a name (heading, bold lead-in, title) in this many issues is the writer's term (12ah). */
  markedIssues: 3,
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
  /** A single word this share of whose uses are inside one longer concept ending in it is that concept said short ("dissonance"). */
  ellipticalShare: 0.8,
  /** A single word this share of whose uses are inside longer concepts is judged on the rest when ranking. */
  coveredShare: 0.5,
  /** A two-word compound the writing spells out as "head of (the) modifier" this often is a description, whatever its hyphens (12ac). */
  unpackedUses: 2,
  /** A word is two concepts when it is written this often capitalised in mid-sentence and this often in lower case. */
  senseUses: 5,
  /** A single word used once is still a concept of the issue when this many other issues mark it. */
  namedElsewhere: 2,
  /** How many of an issue's top concepts count as "central" to it, for relations. */
  centralPerIssue: 25,
  /** How many related concepts to keep per concept. */
  relatedPerConcept: 8,
  /**
   * From this many issues on, the archive's statistics and concepts are drawn from all but its
   * latest issues, fewer than a `tailShare`th of them (extract.ts's base and tail): each of those
   * is placed with the base's concepts, and the base is derived again once the archive has grown
   * by about that share — at 10,000 issues every 256 added (issue 14). Below it a derivation of
   * the whole archive takes seconds, and the base is all of it.
   */
  tailFrom: 1000,
  tailShare: 32,
};
