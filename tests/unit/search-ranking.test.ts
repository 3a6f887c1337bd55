/** The built-in engine's text analysis and ranking over a small in-memory index of documents written here. */
import { describe, expect, it } from "vitest";
import { phraseKey, tokenize } from "@/lib/search/analyze";
import type { MemoryIndex, StoredDocument } from "@/lib/search/memory-index";
import { findByNumber } from "@/lib/search/builtin-search";
import { parseNumberLookup } from "@/lib/search/lookup";
import { planQuery } from "@/lib/search/query-plan";
import { DEFAULT_PROXIMITY, hasPhrase, proximityScore, scoreDocuments, topK } from "@/lib/search/ranking";
import { indexOf, storedIssue } from "../helpers/search-document";

let nextId = 1;
function doc(partial: Partial<StoredDocument> & { title: string; body: string }): StoredDocument {
  const id = nextId++;
  return storedIssue(id, {
    slug: partial.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    url: `/issues/${id}`,
    ...partial,
  });
}

function rank(index: MemoryIndex, q: string): string[] {
  const plan = planQuery(index, q);
  const mask = new Uint8Array(index.size).fill(1);
  const { slots, scores } = scoreDocuments(index, plan, mask);
  const final = new Map<number, number>();
  for (const slot of slots) final.set(slot, scores[slot]! + proximityScore(index, slot, plan, DEFAULT_PROXIMITY));
  return [...slots].sort((a, b) => final.get(b)! - final.get(a)!).map((s) => index.docs[s]!.title);
}

describe("analysis", () => {
  it("folds case and accents, stems, and marks stop words instead of dropping them", () => {
    const tokens = tokenize("The Café's experiments, experimented on—don't");
    expect(tokens.map((t) => [t.word, t.term, t.stop])).toEqual([
      ["the", "the", true],
      ["cafe", "cafe", false],
      ["experiments", "experi", false],
      ["experimented", "experi", false],
      ["on", "on", true],
      ["dont", "dont", true],
    ]);
    expect(tokens[1]).toMatchObject({ start: 4, end: 10 });
  });

  it("keys phrases by their stems, so spellings of a concept's name agree", () => {
    expect(phraseKey("Feature-Factories!")).toBe(phraseKey("the feature factory"));
    expect(phraseKey("of the")).toBe("");
  });
});

describe("ranking", () => {
  const index = indexOf([
    doc({
      title: "Learning Backlogs",
      body: "A learning backlog lists what the team wants to learn next, ordered like any backlog.",
    }),
    doc({
      title: "Fifty Lessons",
      body: `${"Learning matters. ".repeat(3)}${"Filler about roadmaps and hiring. ".repeat(40)}A backlog is a list. ${"More filler about offsites. ".repeat(40)}`,
    }),
    doc({ title: "Quiet Mondays", body: "Mondays start with reading, not meetings." }),
  ]);

  it("prefers the issue where the question's words occur together over a long post that has them far apart", () => {
    expect(rank(index, "how do we keep a learning backlog?")[0]).toBe("Learning Backlogs");
  });

  it("matches any word (OR) and completes the word being typed", () => {
    expect(rank(index, "mondays roadmaps")).toEqual(expect.arrayContaining(["Quiet Mondays", "Fifty Lessons"]));
    expect(rank(index, "rea")[0]).toBe("Quiet Mondays");
    // A finished word ("rea ") is not completed.
    expect(rank(index, "rea ")).toEqual([]);
  });

  it("tolerates a typo in a long enough word", () => {
    expect(rank(index, "lerning backlgo ")[0]).toBe("Learning Backlogs");
  });

  it("matches a quoted phrase with its stop words as gaps, within one field", () => {
    const slot = (title: string) => index.docs.findIndex((d) => d.title === title);
    const phrase = planQuery(index, '"what the team wants"').phrases[0]!;
    expect(hasPhrase(index, slot("Learning Backlogs"), phrase)).toBe(true);
    expect(hasPhrase(index, slot("Fifty Lessons"), phrase)).toBe(false);
    expect(hasPhrase(index, slot("Learning Backlogs"), planQuery(index, '"team learn"').phrases[0]!)).toBe(false);
  });

  it("keeps exactly the documents that hold every phrase (scoreDocuments checks them its own way)", () => {
    const all = new Uint8Array(index.size).fill(1);
    for (const q of [
      '"what the team wants"',
      '"team learn"',
      '"learning backlog" "the team"',
      '"learning backlog" "start with reading"',
      '"start with reading"',
      '"backlogs a learning"', // across the title/body boundary
      'learning "a backlog"',
    ]) {
      const plan = planQuery(index, q);
      const kept = [...scoreDocuments(index, plan, all).slots].sort((a, b) => a - b);
      const holding = index.docs.map((_, s) => s).filter((s) => plan.phrases.every((ph) => hasPhrase(index, s, ph)));
      expect(kept, q).toEqual(holding);
    }
    expect(rank(index, '"what the team wants"')).toEqual(["Learning Backlogs"]);
    expect(rank(index, '"start with reading"')).toEqual(["Quiet Mondays"]);
    expect(rank(index, '"team learn"')).toEqual([]);
  });

  it("keeps the k best by score, best first", () => {
    const scores = Float64Array.from([0.5, 3, 1, 3, 2]);
    expect(topK(Int32Array.from([0, 1, 2, 3, 4]), scores, 3)).toEqual([1, 3, 4]);
    expect(topK(Int32Array.from([2, 0]), scores, 5)).toEqual([2, 0]);
  });
});

describe("finding an issue by its number", () => {
  const series = new Map([
    ["tbm", "TBM"],
    ["field notes", "Field Notes"],
  ]);

  it.each([
    ["125", { number: 125, series: null, rest: "" }],
    ["#125", { number: 125, series: null, rest: "" }],
    ["issue 125", { number: 125, series: null, rest: "" }],
    ["No. 125", { number: 125, series: null, rest: "" }],
    ["7/53", { number: 7, series: null, rest: "" }],
    ["TBM 21", { number: 21, series: "TBM", rest: "" }],
    ["tbm 7/53", { number: 7, series: "TBM", rest: "" }],
    ["TBM #7: strategy", { number: 7, series: "TBM", rest: "strategy" }],
    ["Field Notes 12", { number: 12, series: "Field Notes", rest: "" }],
  ])("reads %s", (q, expected) => {
    expect(parseNumberLookup(q, series)).toEqual(expected);
  });

  it.each(["roadmap", "the 12 rules", "TBM", "12 angry men", "Q3 2024", "XYZ 12"])(
    "leaves %s to ordinary search",
    (q) => {
      expect(parseNumberLookup(q, series)).toBeNull();
    },
  );

  it("finds the issue in the named series, or every issue with the number (series-less first)", () => {
    const index = indexOf([
      doc({ title: "Field Twelve", body: "x", number: 12, series: "Field Notes" }),
      doc({ title: "Plain Twelve", body: "x", number: 12 }),
      doc({ title: "Thirteen", body: "x", number: 13 }),
    ]);
    const all = new Uint8Array(index.size).fill(1);
    const titles = (slots: number[]) => slots.map((s) => index.docs[s]!.title);
    expect(index.seriesNames.get("field notes")).toBe("Field Notes");
    expect(titles(findByNumber(index, parseNumberLookup("12", index.seriesNames)!, all))).toEqual([
      "Plain Twelve",
      "Field Twelve",
    ]);
    expect(titles(findByNumber(index, parseNumberLookup("field notes #12", index.seriesNames)!, all))).toEqual([
      "Field Twelve",
    ]);
  });
});
