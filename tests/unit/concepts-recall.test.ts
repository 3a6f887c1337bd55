/** Recall rules of issue #12's fourth round (12j): causes shared by missed concepts of the tuned issues. */
import { describe, expect, it } from "vitest";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import { rankIssueConcepts } from "@/lib/concepts/evaluate";
import { tagWords } from "@/lib/concepts/tagging";
import { findQuoted } from "@/lib/concepts/text-marks";
import { findSkippedBlocks, isSkipped } from "@/lib/concepts/reading";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

describe("an issue's own candidates are judged on what the text writes (12j)", () => {
  const first = "Then there is the hard to describe work (infra work, tooling and so on) that nobody presents.";
  const second = "The infra work may be the most important thing the company can do to unlock flow.";
  const issues = issueTexts([
    ["One plan for everyone", [first, "Executives check their phones when the roadmap slides reach the end.", second]],
    ["Quarterly planning", ["The plan for the quarter was written on the board by the director of sales."]],
    ["Roadmaps", ["A roadmap is a promise about problems, not a list of dates for the platform team."]],
  ]);

  it("the tagger reads the phrase as a noun phrase only once", () => {
    const phrases = extractIssueCandidates(issues[0]!).phrases.filter((p) => p.key === "infra work");
    expect(phrases.reduce((n, p) => n + p.n, 0)).toBe(1);
  });

  it("a phrase the issue writes twice is its concept, though the tagger counted it once ('infra work')", () => {
    expect(rankIssueConcepts(extractFromTexts(issues), 1).map((c) => c.key)).toContain("infra work");
  });

  it("counts no other inflection: 'the key results measure that outcome' is a clause, no use of 'result measures'", () => {
    const clause = issueTexts([
      [
        "Goals on one page",
        [
          "Our result measures were written by the finance team before the quarter began.",
          "Put the outcome at the top, and let the key results measure that outcome for the quarter.",
        ],
      ],
      ["Quarterly planning", ["The plan for the quarter was written on the board by the director of sales."]],
      ["Roadmaps", ["A roadmap is a promise about problems, not a list of dates for the platform team."]],
    ]);
    expect(rankIssueConcepts(extractFromTexts(clause), 1).map((c) => c.key)).not.toContain("result measure");
  });
});

describe("a list of other issues' titles is read as citations, titles cut where the tokenizer cuts sentences (12j)", () => {
  const issues = issueTexts([
    ["Acute vs. Chronic Product Issues", ["Some problems flare up overnight; others grow slowly for years."]],
    [
      "Forty posts later",
      [
        "Thanks for reading. Here are the posts of the year.",
        { kind: "li", text: "Acute vs. Chronic Product Issues View story" },
      ],
    ],
  ]);

  it("skips a list item citing a title that has 'vs.' in it ('Acute vs. Chronic Product Issues View story')", () => {
    const skipped = findSkippedBlocks(issues);
    expect(isSkipped(skipped, 2, "t-1-1")).toBe(true);
    expect(isSkipped(skipped, 2, "t-1-0")).toBe(false);
  });
});

describe("a quoted verb phrase after 'to' is a clause in scare quotes, not a coinage (12j)", () => {
  const quoted = (text: string) => {
    const out: { key: string | null }[] = [];
    findQuoted(text, tagWords(text), "q-0", out as never);
    return out.map((c) => c.key);
  };

  it("drops 'time to \"present roadmaps\"' (the quotes made the tagger read 'present' as an adjective)", () => {
    expect(quoted('So when it comes time to "present roadmaps", most teams skip the platform work.')).toEqual([]);
  });

  it("keeps a quoted name after 'to', whose words read bare would be an infinitive ('back to feature factories')", () => {
    expect(quoted('We went back to "feature factories" within a year.')).toEqual(["feature factory"]);
    expect(quoted('The whole team made the shift to "outcome roadmaps" last spring.')).toEqual(["outcome roadmap"]);
  });
});
