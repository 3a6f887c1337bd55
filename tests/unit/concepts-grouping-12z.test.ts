/**
 * Grouping and tagging (12z): an acronym never spelled out stands for a phrase only where most of its
 * issues write the phrase, and a foreign phrase borrowed whole ("ad hoc") describes rather than names.
 * The texts, acronyms and phrases are written for these tests.
 */
import { describe, expect, it } from "vitest";
import { groupVariants } from "@/lib/concepts/grouping";
import { tagWords } from "@/lib/concepts/tagging";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";
import { groupingCorpus as corpus, groupOf } from "../helpers/grouping-corpus";

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
