/**
 * Grouping and tagging (12z): an acronym never spelled out stands for a phrase only where most of its
 * issues write the phrase, and a foreign phrase borrowed whole ("ad hoc") describes rather than names.
 * The texts, acronyms and phrases are written for these tests.
 */
import { describe, expect, it } from "vitest";
import type { Counts } from "@/lib/concepts/counting";
import { groupVariants } from "@/lib/concepts/grouping";
import { tagWords } from "@/lib/concepts/tagging";
import type { Proposal } from "@/lib/concepts/tallies";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

/** Counts and proposals for keys written as given ([key, {surface: uses}, issues using it]). */
function corpus(entries: [string, Record<string, number>, number[]][]): {
  counts: Counts;
  proposals: Map<string, Proposal>;
} {
  const issuesOf = new Map(entries.map(([k, , ids]) => [k, ids]));
  const keys = entries.map(([k]) => k).sort();
  const proposals = new Map<string, Proposal>();
  for (const [key, written] of entries) {
    const surfaces = new Map(Object.entries(written));
    const uses = [...surfaces.values()].reduce((a, b) => a + b, 0);
    const caps = [...surfaces].filter(([s]) => /^[A-Z]/.test(s)).reduce((a, [, n]) => a + n, 0);
    proposals.set(key, {
      key,
      sources: new Map(),
      surfaces,
      phraseCount: uses,
      capsCount: caps,
      peak: uses,
      orSurfaces: new Set(),
    });
  }
  const counts = {
    keys,
    keyIndex: new Map(keys.map((k, i) => [k, i])),
    df: Uint32Array.from(keys.map((k) => issuesOf.get(k)!.length)),
    cf: Uint32Array.from(keys.map((k) => proposals.get(k)!.phraseCount)),
    keyIssues: keys.map((k) => issuesOf.get(k)!),
    titledTf: new Map(),
    nameCues: new Map(),
    totalTokens: 1000,
  } as Counts;
  return { counts, proposals };
}

const groupOf = (groups: Map<string, string[]>, key: string) => [...groups.values()].find((g) => g.includes(key));

describe("an acronym never spelled out (12z)", () => {
  it("stays apart from a phrase of its initials that only one of its two issues writes", () => {
    const { counts, proposals } = corpus([
      ["zqd", { ZQD: 2 }, [1, 2]],
      ["zonal queue drift", { "zonal queue drift": 3 }, [1, 3]],
    ]);
    const groups = groupVariants(counts, proposals, new Map());
    expect(groupOf(groups, "zqd")).toEqual(["zqd"]);
  });

  it("joins the phrase when most of the issues using it write the phrase", () => {
    const { counts, proposals } = corpus([
      ["zqd", { ZQD: 5 }, [1, 2, 3]],
      ["zonal queue drift", { "zonal queue drift": 3 }, [1, 2, 4]],
    ]);
    const groups = groupVariants(counts, proposals, new Map());
    expect(groupOf(groups, "zqd")).toEqual(["zonal queue drift", "zqd"]);
  });
});

describe("a foreign phrase borrowed whole (12z)", () => {
  const tags = (text: string) => Object.fromEntries(tagWords(text).map((w) => [w.text, w.pos]));

  it("is an adjective, written apart or hyphenated, not a noun", () => {
    expect(tags("We did it ad hoc.")).toMatchObject({ ad: "ADJ", hoc: "ADJ" });
    expect(tags("The planning is ad-hoc and late.")).toMatchObject({ "ad-hoc": "ADJ" });
    expect(tags("They form ad hoc squads.")).toMatchObject({ ad: "ADJ", hoc: "ADJ", squads: "NOUN" });
  });

  it("leaves English words alone ('the ad team', 'in kanban')", () => {
    expect(tags("The ad team met.")).toMatchObject({ ad: "NOUN" });
    expect(tags("We work in kanban.")).toMatchObject({ in: "ADP" });
  });

  it("is no concept of its own", () => {
    const para = (n: number) =>
      `Issue ${n}: most of our planning is ad hoc, and we decide ad hoc when the queue grows. Ad hoc is how the queue stays hidden.`;
    const result = extractFromTexts(
      issueTexts(
        [1, 2, 3, 4].map((n) => [`Planning notes ${n}`, [para(n), "The queue is the real constraint on flow."]]),
      ),
    );
    expect(result.concepts.map((c) => c.key)).not.toContain("ad hoc");
  });
});
