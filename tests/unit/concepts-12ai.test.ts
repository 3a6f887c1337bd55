/**
 * Precision rules (12ai): a phrase never used but inside a longer one is that phrase cut short and
 * joins it; a phrase with a generic noun after it is a use of it, unless that noun names people; a
 * noun before a word for a body of people says which people, and is no concept. The
 * keys and counts are written for these tests.
 */
import { describe, expect, it } from "vitest";
import { groupVariants } from "@/lib/concepts/grouping";
import { isJunkKey } from "@/lib/concepts/junk";
import { groupingCorpus as corpus, groupOf } from "../helpers/grouping-corpus";

const rootOf = (groups: Map<string, string[]>, key: string) => [...groups].find(([, g]) => g.includes(key))?.[0];

describe("a phrase never used outside a longer one (12ai)", () => {
  it("joins the longer phrase, which roots the group", () => {
    // Every use of "quill fit" is inside "ledger quill fit" (as "ledger/quill fit" would be).
    const { counts, proposals } = corpus([
      ["quill fit", 5, [1, 2]],
      ["ledger quill fit", 5, [1, 2]],
    ]);
    const groups = groupVariants(counts, proposals, new Map());
    expect(groupOf(groups, "quill fit")).toEqual(["ledger quill fit", "quill fit"]);
    expect(rootOf(groups, "quill fit")).toBe("ledger quill fit");
  });

  it("stays apart when the writing also uses it alone", () => {
    const { counts, proposals } = corpus([
      ["quill fit", 7, [1, 2, 3]],
      ["ledger quill fit", 5, [1, 2]],
    ]);
    const groups = groupVariants(counts, proposals, new Map());
    expect(groupOf(groups, "quill fit")).toEqual(["quill fit"]);
  });

  it("stays apart from a coordination it is one side of", () => {
    const { counts, proposals } = corpus([
      ["quill fit", 2, [1]],
      ["quill fit and ink drift", 2, [1]],
    ]);
    const groups = groupVariants(counts, proposals, new Map());
    expect(groupOf(groups, "quill fit")).toEqual(["quill fit"]);
  });
});

describe("a phrase with a generic noun after it (12ai)", () => {
  it("is a use of the phrase and joins it, which roots the group", () => {
    const { counts, proposals } = corpus([
      ["ledger quill", 6, [1, 2, 3]],
      ["ledger quill effort", 2, [1]],
    ]);
    const groups = groupVariants(counts, proposals, new Map());
    expect(groupOf(groups, "ledger quill effort")).toEqual(["ledger quill", "ledger quill effort"]);
    expect(rootOf(groups, "ledger quill effort")).toBe("ledger quill");
  });

  it("stays apart when the noun names people: a body of them or a role", () => {
    const { counts, proposals } = corpus([
      ["ledger quill", 6, [1, 2, 3]],
      ["ledger quill team", 2, [1]],
      ["ledger quill manager", 2, [2]],
    ]);
    const groups = groupVariants(counts, proposals, new Map());
    expect(groupOf(groups, "ledger quill team")).toEqual(["ledger quill team"]);
    expect(groupOf(groups, "ledger quill manager")).toEqual(["ledger quill manager"]);
  });

  it("stays apart after a single word: the compound may be the name", () => {
    const { counts, proposals } = corpus([
      ["quill", 6, [1, 2, 3]],
      ["quill effort", 2, [1]],
    ]);
    const groups = groupVariants(counts, proposals, new Map());
    expect(groupOf(groups, "quill effort")).toEqual(["quill effort"]);
  });
});

describe("a noun before a word for a body of people (12ai)", () => {
  it("says which people, not which idea: a department's team is junk", () => {
    expect(isJunkKey("finance team", { surface: "finance teams" })).toBe(true);
    expect(isJunkKey("plumbing org", { surface: "plumbing org" })).toBe(true);
    // An acronym is a noun too.
    expect(isJunkKey("zqx team", { surface: "ZQX team" })).toBe(true);
  });

  it("keeps a kind of team: a word that can be an adjective, a hyphenated compound, a title's name", () => {
    expect(isJunkKey("nimble team", { surface: "nimble teams" })).toBe(false);
    expect(isJunkKey("pizza team", { surface: "two-pizza teams" })).toBe(false);
    expect(isJunkKey("finance team", { surface: "Finance Team", titled: true })).toBe(false);
    // Written with capitals in the text, as a method names its roles.
    expect(isJunkKey("finance team", { surface: "Finance Team" })).toBe(false);
  });

  it("is not asked of a tension's sides, which come without a surface", () => {
    expect(isJunkKey("finance team")).toBe(false);
  });
});
