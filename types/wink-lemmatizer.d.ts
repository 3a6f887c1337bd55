// wink-lemmatizer ships no type declarations (its WordNet tables: lib/concepts/wordnet-data.ts).
declare module "wink-lemmatizer" {
  const lemmatizer: {
    noun(word: string): string;
    verb(word: string): string;
    adjective(word: string): string;
  };
  export default lemmatizer;
}
