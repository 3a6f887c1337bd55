/**
 * Things said once, (12ag) (README "## Concepts"): a name the writer sets in italics is marked as a
 * quoted coinage is, so an idea the issue names once in italics is named there, not said in
 * passing; italics on a verb, an adjective, a clause or an everyday modifier are stress, not naming.
 */
import { describe, expect, it } from "vitest";
import type { Block } from "@/db/schema";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import type { IssueText } from "@/lib/concepts/types";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

/** One issue whose blocks' HTML is written by hand (with its italics). */
function withHtml(blocks: [Block["kind"], string, string][]) {
  const bs: Block[] = blocks.map(([kind, text], i) => ({ id: `b-${i}`, kind, text, start: 0, end: text.length }));
  const html = blocks.map(([kind, , inner], i) => `<${kind} id="b-${i}">${inner}</${kind}>`).join("\n");
  return { title: "Notes", blocks: bs, html };
}

const emphasised = (c: ReturnType<typeof extractIssueCandidates>) =>
  c.marked.filter((m) => m.source === "emphasised").map((m) => m.key);

describe("names set in italics (12ag)", () => {
  it("marks an italic noun or noun phrase, not italics that stress a word", () => {
    const c = extractIssueCandidates(
      withHtml([
        [
          "p",
          "Keeping a roadmap honest is hard. So is pre-commitment. I rarely hear about a failed release.",
          "Keeping a roadmap honest is hard. So is <em>pre-commitment</em>. I rarely hear about a <em>failed</em> release.",
        ],
        [
          "p",
          "We call it the learning debt, and it is better than it sounds.",
          "We call it the <em>learning debt</em>, and it is <em>better</em> than it sounds.",
        ],
        [
          "p",
          "The director explained the new strategy and why it matters.",
          "The director explained the <em>new strategy</em> and <em>why</em> it matters.",
        ],
        ["h2", "Slow Money", "<em>Slow Money</em>"],
      ]),
    );
    expect(emphasised(c).sort()).toEqual(["learning debt", "pre commitment"]);
  });

  it("lists a field word said once in italics, and leaves it out said once in passing", () => {
    // "experimentation" is a concept of the corpus (returned to in two issues); "Shipping Habits" says it once.
    const base = (italic: boolean): IssueText[] => {
      const issues = issueTexts([
        [
          "Experimentation Budgets",
          [
            "Experimentation needs a budget of its own, or it loses to delivery every quarter.",
            "Treat experimentation as work: give it a place on the board and review what it taught you.",
            "Experimentation without a question is just activity.",
          ],
        ],
        [
          "Learning Loops",
          [
            "A learning loop closes when experimentation changes a decision.",
            "Most teams stop experimentation when the roadmap fills up, which is when they need it most.",
          ],
        ],
        [
          "Shipping Habits",
          [
            "Merging a pull request feels good. Closing a ticket feels good.",
            "Staying focused on outcomes is uncomfortable. So is experimentation.",
            "Teams optimise for what feels good, and the backlog grows.",
          ],
        ],
      ]);
      if (!italic) return issues;
      const shipping = issues[2]!;
      shipping.html = shipping.html.replace("So is experimentation.", "So is <em>experimentation</em>.");
      return issues;
    };
    const listedIn = (issues: IssueText[]) =>
      extractFromTexts(issues)
        .concepts.find((c) => c.key === "experimentation")
        ?.issues.map((r) => r.issueId);
    expect(listedIn(base(false))).not.toContain(3);
    expect(listedIn(base(true))).toContain(3);
  });
});
