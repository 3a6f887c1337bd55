/**
 * The (12ar) passage rules, for the most mentioned concepts: a sentence giving what a practice or a tool is
 * used for ("a team uses X to…", "X is used to…") is an account of it, not a passing use. The texts are
 * written for these tests.
 */
import { describe, expect, it } from "vitest";
import { scoreCandidate } from "@/lib/concepts/passages";
import { passageCandidate, shown } from "../helpers/passage-candidate";

describe("choosing a definition passage (12ar)", () => {
  it("reads 'a team uses X to <verb>…' as what X is for, and lets it win over a one-line verdict on X", () => {
    const purpose = passageCandidate(
      "Our second team uses pair review to spread knowledge of the payment code before anyone goes on holiday.",
      "pair review",
      { rankInIssue: 4 },
    );
    const verdict = passageCandidate("Pair review is a chore.", "Pair review", { rankInIssue: 4 });
    expect(scoreCandidate(purpose)!.defining).toBe(true);
    expect(shown(verdict, purpose)).toBe(purpose.block.text);
  });

  it("reads 'X is used to <verb>…' as what X is for", () => {
    const used = passageCandidate(
      "In most of the shops I visit, pair review is used to spread knowledge of old code across the team.",
      "pair review",
      { rankInIssue: 4 },
    );
    expect(scoreCandidate(used)!.defining).toBe(true);
  });

  it("doesn't read an imperative ('Use X to…'), nor 'to' before a noun phrase, as what X is for", () => {
    const advice = passageCandidate(
      "Use pair review to spread knowledge of the payment code before anyone goes on holiday.",
      "pair review",
      { rankInIssue: 4 },
    );
    const extent = passageCandidate(
      "The team used pair review to the point where nobody merged a change on their own any more.",
      "pair review",
      { rankInIssue: 4 },
    );
    expect(scoreCandidate(advice)!.defining).toBe(false);
    expect(scoreCandidate(extent)!.defining).toBe(false);
  });

  it("reads 'X was coined (by Y) to describe…' as an account of the name, over a remark that it is well understood", () => {
    const coined = passageCandidate(
      "The phrase slack debt was coined by a friend of mine to describe the hours a team owes itself after a crunch.",
      "slack debt",
      { rankInIssue: 2 },
    );
    const remark = passageCandidate("The idea of slack debt is widely understood by now.", "slack debt", {
      rankInIssue: 2,
    });
    expect(scoreCandidate(coined)!.defining).toBe(true);
    expect(shown(remark, coined)).toBe(coined.block.text);
  });
});
