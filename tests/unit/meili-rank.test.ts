/** Ranking Meilisearch's per-word matches by BM25F (lib/search/meili-rank.ts): pure, no server. */
import { describe, expect, it } from "vitest";
import { bodyStarts, countMatches, rankByTerms as rankScored, type TermMatch } from "@/lib/search/meili-rank";

const rankByTerms = (...args: Parameters<typeof rankScored>) => rankScored(...args).map(([id]) => id);

const issue = (id: string, tf: TermMatch["tf"], body = 100): TermMatch => ({
  id,
  kind: "issue",
  tf,
  lengths: { title: 5, concepts: 4, headings: 6, body },
});

describe("occurrences from _matchesPosition", () => {
  it("counts each field's matches, array fields however Meilisearch keys them", () => {
    expect(
      countMatches({
        title: [{ start: 0, length: 4 }],
        body: [
          { start: 10, length: 4 },
          { start: 90, length: 5 },
        ],
        concepts: [{ start: 0, length: 3, indices: [1] }],
        "headings.2": [{ start: 3, length: 4 }],
        url: [{ start: 0, length: 2 }],
      }),
    ).toEqual({ title: 1, body: 2, concepts: 1, headings: 1 });
    expect(countMatches(undefined)).toEqual({});
  });

  it("reads where each match starts in the body", () => {
    expect(
      bodyStarts({
        body: [
          { start: 10, length: 4 },
          { start: 90, length: 5 },
        ],
        title: [{ start: 0, length: 4 }],
      }),
    ).toEqual([10, 90]);
    expect(bodyStarts({ title: [{ start: 0, length: 4 }] })).toEqual([]);
  });
});

describe("BM25F over the words searched alone", () => {
  it("a rare word outweighs a common one: the document holding the rare word ranks first", () => {
    const ranked = rankByTerms(
      [
        { df: 300, matches: [issue("common", { body: 3 })] },
        { df: 3, matches: [issue("rare", { body: 1 })] },
      ],
      342,
    );
    expect(ranked).toEqual(["rare", "common"]);
  });

  it("scores add up over the words: a document holding both beats one holding either", () => {
    const ranked = rankByTerms(
      [
        { df: 20, matches: [issue("a", { body: 2 }), issue("both", { body: 1 })] },
        { df: 20, matches: [issue("b", { body: 2 }), issue("both", { body: 1 })] },
      ],
      342,
    );
    expect(ranked[0]).toBe("both");
  });

  it("normalises by the body's length: the same count in a shorter body ranks higher", () => {
    const ranked = rankByTerms(
      [{ df: 10, matches: [issue("long", { body: 2 }, 3000), issue("short", { body: 2 }, 300)] }],
      342,
    );
    expect(ranked).toEqual(["short", "long"]);
  });

  it("a title match weighs more than the same word once in the body; a concept counts half as much as an issue", () => {
    const ranked = rankByTerms(
      [
        {
          df: 10,
          matches: [
            issue("body", { body: 1 }),
            issue("title", { title: 1, body: 1 }),
            {
              id: "concept",
              kind: "concept",
              tf: { title: 1, body: 1 },
              lengths: { title: 5, concepts: 4, headings: 6, body: 100 },
            },
          ],
        },
      ],
      342,
    );
    expect(ranked).toEqual(["title", "body", "concept"]);
  });

  it("is deterministic on ties (by id)", () => {
    const ranked = rankByTerms([{ df: 5, matches: [issue("b", { body: 1 }), issue("a", { body: 1 })] }], 342);
    expect(ranked).toEqual(["a", "b"]);
  });
});

describe("proximity among the best candidates", () => {
  it("of two documents with the same counts, the one using the words together ranks first", () => {
    const at = (id: string, starts: number[]): TermMatch => ({
      ...issue(id, { body: starts.length }),
      bodyStarts: starts,
    });
    const ranked = rankByTerms(
      [
        { df: 12, matches: [at("apart", [100]), at("together", [100])] },
        { df: 12, matches: [at("apart", [9000]), at("together", [112])] },
      ],
      342,
    );
    expect(ranked).toEqual(["together", "apart"]);
  });

  it("scores are returned best first and only rise with proximity", () => {
    const ranked = rankScored([{ df: 12, matches: [issue("a", { body: 1 }), issue("b", { body: 3 })] }], 342);
    expect(ranked.map(([id]) => id)).toEqual(["b", "a"]);
    expect(ranked[0]![1]).toBeGreaterThan(ranked[1]![1]);
  });
});
