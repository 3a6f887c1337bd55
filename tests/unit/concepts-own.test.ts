/**
 * An issue's own concepts (ideas it names that the corpus never returns to) and how an issue's
 * marks rank them: the (12e) rules of README "## Concepts".
 */
import { describe, expect, it } from "vitest";
import type { Block } from "@/db/schema";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import { rankIssueConcepts } from "@/lib/concepts/evaluate";
import { extractConcepts } from "@/lib/concepts/extract";
import type { IssueText } from "@/lib/concepts/types";

function extract(items: [string, { kind?: Block["kind"]; text: string }[]][]) {
  const issues: IssueText[] = items.map(([title, parts], i) => {
    const blocks: Block[] = parts.map(({ kind = "p", text }, j) => ({
      id: `o-${i}-${j}`,
      kind,
      text,
      start: 0,
      end: text.length,
    }));
    return {
      id: i + 1,
      slug: `o-${i + 1}`,
      title,
      publishedAt: new Date(Date.UTC(2023, i % 12, 1)),
      blocks,
      html: blocks.map((b) => `<${b.kind} id="${b.id}">${b.text}</${b.kind}>`).join(""),
    };
  });
  return extractConcepts({ issues, candidates: new Map(issues.map((i) => [i.id, extractIssueCandidates(i)])) });
}

const p = (text: string) => ({ text });

describe("an issue's own concepts (12e)", () => {
  const result = extract([
    [
      "Patience with products",
      [
        p("Good products are a slow burn, the result of many small decisions made over the years."),
        p("Leaders who know the slow-burn issues of the market give the team room to keep going."),
      ],
    ],
    [
      "Quarterly planning",
      [
        p("Grow X. That was the whole plan for the quarter, written on the board by the director."),
        p("Nobody asked what the plan meant for the support queue or for the roadmap of the platform team."),
      ],
    ],
    ["Roadmaps", [p("A roadmap is a promise about problems, not a list of dates for the platform team.")]],
  ]);

  it("counts a use inside a hyphenated compound as a use of the phrase it ends in ('slow-burn issues' → slow burn)", () => {
    expect(rankIssueConcepts(result, 1).map((c) => c.key)).toContain("slow burn");
  });

  it("makes no concept of a capitalised run the issue never uses as a noun phrase ('Grow X')", () => {
    expect(result.concepts.map((c) => c.key)).not.toContain("grow x");
  });
});
