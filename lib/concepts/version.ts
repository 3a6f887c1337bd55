/**
 * The version of the per-issue part of concept extraction, whose result is kept per issue
 * (`concept_issue_candidates`, keyed by the content hash and this number) and reused by
 * every later run until the text changes.
 *
 * Bump it whenever the per-issue logic changes — what extractIssueCandidates (candidates.ts and
 * the modules it calls: tagging, phrases, text-marks, title-names, tokens, reading's
 * readableBlocks) produces from one issue — or the memo's shape. A stale number makes every
 * later incremental run mix old and new per-issue results; a bump makes the next run re-read
 * every issue once.
 *
 * The number lives here rather than in candidates.ts so that a run deciding whether anything needs
 * re-reading (an all-unchanged re-run, the quick path) doesn't load the tagger and word lists
 * (≈ 0.5 s) just to read it.
 */

/** Bump when the per-issue extraction (candidates.ts and the modules it calls) changes. */
const EXTRACTOR_VERSION = 20;

/** Changes to the memo's own layout, independent of the extractor. */
const MEMO_LAYOUT = 0;

export const EXTRACTION_VERSION = EXTRACTOR_VERSION * 100 + MEMO_LAYOUT;

/**
 * The version of the corpus-wide steps (extract.ts and what it runs after the per-issue part:
 * tallies, counting, grouping, selection, rules, mentions, ranking, naming, relations). A derivation
 * keeps its base (`concept_base`) keyed by this number with the issues' texts and the rules, and
 * later passes place the latest issues on it while it stands: bump it whenever those steps change,
 * so the next pass derives the base again. (A change to the per-issue part bumps
 * EXTRACTION_VERSION, which keys the kept base too.)
 */
export const DERIVATION_VERSION = 7;
