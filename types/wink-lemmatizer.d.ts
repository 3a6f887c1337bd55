// wink-lemmatizer and the WordNet word list it reads ship no type declarations.
declare module "wink-lemmatizer" {
  const lemmatizer: {
    noun(word: string): string;
    verb(word: string): string;
    adjective(word: string): string;
  };
  export default lemmatizer;
}

declare module "wink-lexicon/src/wn-words.js" {
  /** Every WordNet base form (lemma), mapped to its index in the sense table. */
  const words: Record<string, number>;
  export default words;
}

declare module "wink-lexicon/src/wn-word-senses.js" {
  /** Per word index (see wn-words), the WordNet lexicographer files of its senses (18 = noun.person). */
  const senses: number[][];
  export default senses;
}

declare module "wink-lexicon/src/lexicon.js" {
  /** The tagger's lexicon: each known word form and its possible Penn Treebank tags ("FW": a foreign word). */
  const lexicon: Record<string, string[]>;
  export default lexicon;
}
