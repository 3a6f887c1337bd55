/**
 * The tokenizer scans for words by hand (it reads every block several times, so it is hot); these
 * tests hold it to the regular expression it replaced, on the cases that expression decides
 * subtly (word boundaries around "A/B", apostrophes, digits after an apostrophe's letters) and on
 * random text drawn from the characters that matter.
 */
import { describe, expect, it } from "vitest";
import { KeyTrie } from "@/lib/concepts/match";
import { conceptKey } from "@/lib/concepts/keys";
import { tokenize } from "@/lib/concepts/tokens";

// A letter is A–Z or any letter beyond ASCII ("é"); a word character, a letter, a digit or "_".
const LETTER = String.raw`(?:[A-Za-z]|(?![\x00-\xbf])\p{L})`;
const WORD_CHAR = String.raw`(?:[A-Za-z0-9_]|(?![\x00-\xbf])\p{L})`;
const WORD = new RegExp(
  String.raw`(?<!${WORD_CHAR})${LETTER}\/${LETTER}(?!${WORD_CHAR})|(?:[0-9]|${LETTER})+(?:['\u2019]${LETTER}+)*|&|\|`,
  "gu",
);

function spans(text: string): [number, number][] {
  return [...text.matchAll(WORD)].map((m) => [m.index, m.index + m[0].length]);
}

/** Spans of the tokens tokenize keeps (it drops a word whose normal form is empty, such as a lone "'s"). */
function tokenSpans(text: string): [number, number][] {
  return tokenize(text).map((t) => [t.start, t.end]);
}

describe("tokenize", () => {
  it.each([
    "A/B tests and a/b/c, x/y2, _A/B, A/B_ and 3A/B",
    "don't rock'n'roll it's2 o'clock 'quoted' ’tis we’re",
    "R&D | Speed vs. Quality — PMs, OKRs & KPIs",
    'end-to-end, three-dimensional; (parenthesised) "quoted" …ellipsis',
    "",
    "&&||'’/",
  ])("finds the words the expression finds: %j", (text) => {
    expect(tokenSpans(text)).toEqual(spans(text));
  });

  it("agrees with the expression on random text", () => {
    const alphabet = ["a", "B", "z", "Q", "0", "9", "_", "/", "'", "\u2019", "&", "|", " ", "-", ".", "\n", "é"];
    let seed = 12;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 2000; n++) {
      const length = next() % 24;
      let text = "";
      for (let i = 0; i < length; i++) text += alphabet[next() % alphabet.length];
      expect(tokenSpans(text), JSON.stringify(text)).toEqual(spans(text));
    }
  });

  it("keeps offsets, normal forms and gaps", () => {
    const tokens = tokenize("Biases vs. A/B-tests");
    expect(tokens.map((t) => [t.raw, t.norm, t.start, t.end, t.breakBefore, t.hyphenBefore])).toEqual([
      ["Biases", "bias", 0, 6, false, false],
      ["vs", "vs", 7, 9, false, false],
      ["A/B", "ab", 11, 14, false, false],
      ["tests", "test", 15, 20, false, true],
    ]);
    expect(tokenize("design, UX team").map((t) => t.commaBefore)).toEqual([false, true, false]);
  });
});

describe("accented letters", () => {
  it("are letters of their word, and the key drops the accents", () => {
    const tokens = tokenize("The Kübler-Ross model, and a café's maître d'.");
    expect(tokens.map((t) => [t.raw, t.norm])).toEqual([
      ["The", "the"],
      ["Kübler", "kubler"],
      ["Ross", "ross"],
      ["model", "model"],
      ["and", "and"],
      ["a", "a"],
      ["café's", "cafe"],
      ["maître", "maitre"],
      ["d", "d"],
    ]);
    expect(conceptKey("Kübler-Ross model")).toBe(conceptKey("Kubler-Ross model"));
    expect(conceptKey("Kübler-Ross model")).toBe("kubler ross model");
  });
});

describe("KeyTrie", () => {
  const trie = new KeyTrie();
  trie.add(["ux", "team"], 0);
  trie.add(["think", "big", "work", "small"], 1);
  trie.add(["ux"], 2);
  trie.add(["team"], 3);
  const found = (text: string) => trie.longestMatches(tokenize(text)).map((m) => m.value);

  it("never matches a two-word name across a comma: the words are items of a list", () => {
    expect(found("Our UX team met the sales team.")).toEqual([0, 3]);
    expect(found("Ask about design, UX, team rituals and more.")).toEqual([2, 3]);
  });

  it("matches a longer name, a motto or a title, across its commas", () => {
    expect(found("So: think big, work small.")).toEqual([1]);
  });
});
