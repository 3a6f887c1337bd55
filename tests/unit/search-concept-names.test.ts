/**
 * The concept-name field of the built-in engine (an issue's key concepts'
 * names): a name the query matches lifts the issue, and names it doesn't
 * match — how many, how long — change nothing. Concept extraction rules move
 * names in and out of issues; search must not swing with them.
 * Small in-memory indexes of documents written here.
 */
import { describe, expect, it } from "vitest";
import type { StoredDocument } from "@/lib/search/memory-index";
import { planQuery } from "@/lib/search/query-plan";
import { DEFAULT_PROXIMITY, proximityScore, scoreDocuments } from "@/lib/search/ranking";
import { indexOf, storedIssue } from "../helpers/search-document";

function issue(id: number, title: string, body: string, conceptNames: string[] = []): StoredDocument {
  return storedIssue(id, { title, body, conceptNames });
}

/** Every name in these fixtures is two words long, so adding one leaves the mean name length as it was. */
const OTHER_NAMES = [
  "north star",
  "flight levels",
  "story mapping",
  "cost delay",
  "value stream",
  "mob programming",
  "design sprint",
  "learning backlog",
  "team topology",
  "impact mapping",
  "opportunity tree",
  "dual track",
  "release train",
  "lean canvas",
  "product vision",
  "decision record",
  "service blueprint",
  "job story",
  "kano model",
  "burndown chart",
];

const filler = (n: number) =>
  Array.from({ length: n }, (_, i) => ["teams", "often", "write", "notes", "about", "weekly", "habits"][i % 7]).join(
    " ",
  );

/** The corpus around the document under test: other issues with their own names, none of them changing. */
function corpus(underTest: StoredDocument): StoredDocument[] {
  return [
    underTest,
    issue(2, "Planning poker in remote teams", `${filler(40)} estimation rituals and poker chips`, [
      "planning poker",
      "remote work",
    ]),
    issue(3, "Estimation without numbers", `${filler(80)} we tried planning with sizes`, ["relative sizing"]),
    issue(4, "A calm retrospective", `${filler(60)} the retrospective stalls when nobody listens`, [
      "safe space",
      "retro format",
    ]),
    issue(5, "Shipping weekly", filler(120), []),
  ];
}

/** The score search ranks by (BM25F plus proximity, as lib/search/builtin-search.ts adds them) for document `rowId`. */
function scoreOf(docs: StoredDocument[], q: string, rowId = 1): number {
  const index = indexOf(docs);
  const plan = planQuery(index, q);
  const { slots, scores } = scoreDocuments(index, plan, new Uint8Array(index.size).fill(1));
  const slot = index.docs.findIndex((d) => d.rowId === rowId);
  expect([...slots]).toContain(slot);
  return scores[slot]! + proximityScore(index, slot, plan, DEFAULT_PROXIMITY);
}

describe("concept names in an issue's score", () => {
  it("a query that matches another of its names: adding or removing a name it doesn't match leaves the score as it was", () => {
    const title = "Why estimates drift";
    const body = `${filler(30)} the team sized work with planning poker and argued about points`;
    const q = "planning poker points";
    const base = scoreOf(corpus(issue(1, title, body, ["planning poker", "north star"])), q);
    expect(base).toBeGreaterThan(0);
    // One more name, and one fewer.
    expect(scoreOf(corpus(issue(1, title, body, ["planning poker", "north star", "flight levels"])), q)).toBe(base);
    expect(scoreOf(corpus(issue(1, title, body, ["planning poker"])), q)).toBe(base);
    // Many more, before and after the matching one.
    expect(scoreOf(corpus(issue(1, title, body, [...OTHER_NAMES.slice(0, 10), "planning poker"])), q)).toBe(base);
    expect(scoreOf(corpus(issue(1, title, body, ["planning poker", ...OTHER_NAMES])), q)).toBe(base);
  });

  it("a query that matches none of its names: the names it carries change nothing, however many", () => {
    // A title word and a word early in the text: their passage must not stretch with the list of names between them.
    const title = "Retrospective fatigue";
    const body = `${filler(70)} when the meeting stalls people stop speaking`;
    const q = "retrospective stalls";
    const base = scoreOf(corpus(issue(1, title, body, [])), q);
    expect(base).toBeGreaterThan(0);
    expect(scoreOf(corpus(issue(1, title, body, ["north star"])), q)).toBe(base);
    expect(scoreOf(corpus(issue(1, title, body, OTHER_NAMES.slice(0, 5))), q)).toBe(base);
    expect(scoreOf(corpus(issue(1, title, body, OTHER_NAMES)), q)).toBe(base);
  });

  it("a name the query matches still lifts the issue, by the same amount among many names as alone", () => {
    const title = "Why estimates drift";
    const body = `${filler(30)} the team sized work with planning poker and argued about points`;
    const q = "planning poker points";
    const without = scoreOf(corpus(issue(1, title, body, ["north star"])), q);
    const alone = scoreOf(corpus(issue(1, title, body, ["planning poker"])), q);
    const amongMany = scoreOf(corpus(issue(1, title, body, [...OTHER_NAMES, "planning poker"])), q);
    expect(alone).toBeGreaterThan(without);
    expect(amongMany).toBe(alone);
  });

  it("a word weighs more in a short name than in a long one (each name normalised by its own length)", () => {
    const body = `${filler(30)} the team argued about points`;
    const q = "poker points";
    // Same number of name words on both documents; only how they are split into names differs.
    const docs = [
      issue(1, "Why estimates drift", body, ["poker", "flight levels guide"]),
      issue(6, "Why estimates drift", body, ["poker flight levels", "guide"]),
      ...corpus(issue(7, "Unrelated", filler(50))).slice(1),
    ];
    expect(scoreOf(docs, q, 1)).toBeGreaterThan(scoreOf(docs, q, 6));
  });

  it("a name the query matches ranks its issue above the same text without it", () => {
    const body = `${filler(30)} the team sized work with planning poker and argued about points`;
    const docs = [
      issue(1, "Why estimates drift", body, ["north star", "flight levels"]),
      issue(6, "Why estimates drift", body, ["north star", "planning poker", "flight levels"]),
      ...corpus(issue(7, "Unrelated", filler(50))).slice(1),
    ];
    expect(scoreOf(docs, "planning poker points", 6)).toBeGreaterThan(scoreOf(docs, "planning poker points", 1));
  });
});
