/**
 * WordNet's word index and sense table, and the tagger's lexicon (wink-lexicon's CommonJS data
 * modules, 13,000–77,000 entries each), required as they are. An ES import of a CommonJS module
 * goes through an interop wrapper that copies every entry first (esbuild's, in tsx and in the
 * commands' bundle): 0.15–0.3 s at every start of a command, for tables only ever read by key.
 */

/** Every WordNet base form (lemma), mapped to its index in the sense table. */
export const wordnetWords: Record<string, number> = require("wink-lexicon/src/wn-words.js");

/** Per word index (see wordnetWords), the WordNet lexicographer files of its senses (18 = noun.person). */
export const wordnetSenses: number[][] = require("wink-lexicon/src/wn-word-senses.js");

/** The tagger's lexicon: each known word form and its possible Penn Treebank tags ("FW": a foreign word). */
export const lexicon: Record<string, string[]> = require("wink-lexicon/src/lexicon.js");
