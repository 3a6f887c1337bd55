import { describe, expect, it } from "vitest";
import {
  allowedTypos,
  buildSnippet,
  editDistance,
  highlightAll,
  normaliseWord,
  parseQuery,
  renderMarked,
} from "@/lib/search/text";
import { escapeHtml } from "@/lib/text/html";

describe("parseQuery", () => {
  it("splits words, normalises them, and reads quoted phrases", () => {
    expect(parseQuery('Café "feature factory" Roadm')).toEqual({
      words: ["cafe", "feature", "factory", "roadm"],
      phrases: ["feature factory"],
      lastWordIsPrefix: true,
    });
  });

  it("treats the last word as finished after a space or a closing quote", () => {
    expect(parseQuery("roadmap ").lastWordIsPrefix).toBe(false);
    expect(parseQuery('"decision log"').lastWordIsPrefix).toBe(false);
    expect(parseQuery("").lastWordIsPrefix).toBe(false);
  });

  it("ignores an unbalanced quote and empty phrases", () => {
    expect(parseQuery('say "hello').phrases).toEqual([]);
    expect(parseQuery('"" ""').phrases).toEqual([]);
  });
});

describe("snippets", () => {
  const text =
    "Intro words that do not matter at all for this query. ".repeat(6) +
    "A roadmap turns into a feature factory when nobody asks what changed. " +
    "Trailing words that also do not matter. ".repeat(6);

  it("picks the passage with the most matched words and marks them", () => {
    const snippet = buildSnippet(text, new Set(["roadmap", "feature", "factory"]));
    expect(snippet).toContain("A <mark>roadmap</mark> turns into a <mark>feature</mark> <mark>factory</mark>");
    expect(snippet.startsWith("… ")).toBe(true);
    expect(snippet.endsWith(" …")).toBe(true);
  });

  it("escapes everything that is not a highlight", () => {
    const snippet = buildSnippet(
      'Use <script>alert("x")</script> & <b>bold</b> roadmap',
      new Set(["roadmap", "script"]),
    );
    expect(snippet).toBe(
      "Use &lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; &lt;b&gt;bold&lt;/b&gt; <mark>roadmap</mark>",
    );
  });

  it("matches words regardless of case and accents", () => {
    expect(highlightAll("Café CULTURE", new Set(["cafe", "culture"]))).toBe("<mark>Café</mark> <mark>CULTURE</mark>");
  });

  it("falls back to the opening of the text when nothing matches", () => {
    expect(buildSnippet("Short text <here>.", new Set(["absent"]))).toBe("Short text &lt;here&gt;.");
  });
});

describe("renderMarked (engine highlights)", () => {
  it("turns markers into <mark> and escapes the rest", () => {
    expect(renderMarked('a <b> \uE000road\uE001map & "q"', "\uE000", "\uE001")).toBe(
      "a &lt;b&gt; <mark>road</mark>map &amp; &quot;q&quot;",
    );
  });

  it("drops stray markers", () => {
    expect(renderMarked("x \uE000y", "\uE000", "\uE001")).toBe("x y");
  });

  it("marks only the word when the engine's token carries punctuation (Meilisearch: `enough<` before `/b>`)", () => {
    expect(renderMarked("<b>not \uE000bold\uE001 \uE000enough<\uE001/b>", "\uE000", "\uE001")).toBe(
      "&lt;b&gt;not <mark>bold</mark> <mark>enough</mark>&lt;/b&gt;",
    );
    expect(renderMarked('\uE000"quoted"\uE001 and \uE000…\uE001', "\uE000", "\uE001")).toBe(
      "&quot;<mark>quoted</mark>&quot; and …",
    );
  });
});

describe("typo budget", () => {
  it("counts a swapped pair as one edit", () => {
    expect(editDistance("roadmpa", "roadmap")).toBe(1);
    expect(editDistance("rodmpa", "roadmap")).toBe(2);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("a", "abcdefgh", 2)).toBe(3);
  });

  it("allows one typo from 5 letters and two from 9", () => {
    expect([allowedTypos("road"), allowedTypos("roadm"), allowedTypos("roadmapss")]).toEqual([0, 1, 2]);
  });

  it("normalises and escapes", () => {
    expect(normaliseWord("Ñandú")).toBe("nandu");
    expect(escapeHtml(`<a href="x">'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&lt;/a&gt;");
  });
});
