/**
 * The (12r) passage rules, for the shapes that passed as definitions among the most mentioned concepts: a
 * negated definition ("X is not a…", "it isn't called X") says what X isn't; a cataphoric "X is that
 * <clause>" says what happened; a sentence ending on a colon leads into a list or a picture and says
 * nothing alone; a sentence about the writer's own writing ("see my post…") names X as a topic or a title.
 * Each case pits the shape against a plain sentence that says what X is or does, and checks
 * that without the rule the shape would have won (its score is what the old cue gave it). The texts are
 * written for these tests.
 */
import { describe, expect, it } from "vitest";
import { scoreCandidate } from "@/lib/concepts/passages";
import { passageCandidate, shown } from "../helpers/passage-candidate";

describe("choosing a definition passage (12r)", () => {
  it("does not read 'X is not a…' as saying what X is, but still reads 'X is not just a…' so", () => {
    const negated = passageCandidate(
      "Pair rotation is not a cure for a team that never talks, and neither is a new chat tool.",
      "Pair rotation",
      { rankInIssue: 1 },
    );
    const explains = passageCandidate(
      "Pair rotation is the habit of swapping partners every day so knowledge spreads across the team.",
      "Pair rotation",
      { rankInIssue: 6 },
    );
    expect(scoreCandidate(negated)!.defining).toBe(false);
    // Offered first and from the issue about it: before the rule it won (7 + 3 for its rank against 7 + 0.5).
    expect(shown(negated, explains)).toBe(explains.block.text);
    const notJust = passageCandidate(
      "Pair rotation is not just a schedule but a way for the whole team to share what each pair learns.",
      "Pair rotation",
      { rankInIssue: 1 },
    );
    expect(scoreCandidate(notJust)!.defining).toBe(true);
    expect(shown(explains, notJust)).toBe(notJust.block.text);
  });

  it("does not read 'it isn't called X' as the writer introducing the name", () => {
    const negated = passageCandidate(
      "Most weeks it isn't called a pilot at all, just the way we run things now.",
      "pilot",
      { rankInIssue: 1 },
    );
    const says = passageCandidate(
      "A pilot has a start, an end and a question it is meant to answer before anyone scales it.",
      "pilot",
      { rankInIssue: 4 },
    );
    expect(scoreCandidate(negated)!.defining).toBe(false);
    expect(shown(negated, says)).toBe(says.block.text);
    // The plain introduction still counts.
    const called = passageCandidate(
      "Most weeks we run what we call a pilot: two teams try a change for a month, then decide.",
      "pilot",
      { rankInIssue: 4 },
    );
    expect(scoreCandidate(called)!.defining).toBe(true);
  });

  it("does not read a cataphoric 'the X is that <clause>' as a definition", () => {
    const cataphoric = passageCandidate(
      "The upshot is that the two teams now plan their releases together every month.",
      "upshot",
      { rankInIssue: 1 },
    );
    const defining = passageCandidate(
      "An upshot is the result a change leaves behind once the dust has settled on it.",
      "upshot",
      { rankInIssue: 8 },
    );
    expect(scoreCandidate(cataphoric)!.defining).toBe(false);
    expect(shown(cataphoric, defining)).toBe(defining.block.text);
    // "X is this <noun>…" still reads as one.
    const deictic = passageCandidate(
      "The upshot is this quiet result a change leaves behind once the dust has settled on it.",
      "upshot",
      { rankInIssue: 8 },
    );
    expect(scoreCandidate(deictic)!.defining).toBe(true);
    // A bare noun as the clause's subject ("…is that scope is fixed") is a clause too; "that" before a noun
    // phrase with no verb ("…is that stretch of time between…") is a demonstrative, and defines.
    const bareSubject = passageCandidate(
      "The upshot is that scope is fixed for the quarter and nobody can add to it.",
      "upshot",
      { rankInIssue: 1 },
    );
    expect(scoreCandidate(bareSubject)!.defining).toBe(false);
    const demonstrative = passageCandidate(
      "The handover gap is that stretch of time between a design sign-off and the first real user.",
      "handover gap",
      { rankInIssue: 1 },
    );
    expect(scoreCandidate(demonstrative)!.defining).toBe(true);
  });

  it("does not show a sentence that ends on a colon, leading into a list or a picture", () => {
    const leading = passageCandidate(
      "Sometimes a steering group is exactly the right call, but more often it ends up like this:",
      "steering group",
      { rankInIssue: 1 },
    );
    const says = passageCandidate(
      "A steering group can settle cross-team priorities when four directors meet every month.",
      "steering group",
      { rankInIssue: 5 },
    );
    const asked = passageCandidate(
      "The steering group is the place where four directors settle what the teams work on next:",
      "steering group",
      { rankInIssue: 1 },
    );
    expect(scoreCandidate(asked)!.defining).toBe(false);
    expect(shown(leading, says)).toBe(says.block.text);
    // Without the colon the same sentence wins over the passing mention.
    const closed = passageCandidate(
      "Sometimes a steering group is exactly the right call, but more often it ends up like this one.",
      "steering group",
      { rankInIssue: 1 },
    );
    expect(shown(closed, says)).toBe(closed.block.text);
  });

  it("marks down a sentence about the writer's own posts that names X only as their topic or title", () => {
    const ownPost = passageCandidate(
      "I will be writing a few posts on escaping the ticket treadmill (see my post Nine Signs of a Ticket Treadmill).",
      "ticket treadmill",
      { rankInIssue: 1 },
    );
    const says = passageCandidate(
      "A ticket treadmill ships and ships, and nobody ever hears whether anything it shipped helped.",
      "ticket treadmill",
      { rankInIssue: 7 },
    );
    // Before the rule the post won on its issue's rank (4.5 against 3).
    expect(shown(ownPost, says)).toBe(says.block.text);
    // A sentence in a post that spells the name out still introduces it.
    const spelled = passageCandidate(
      "For this post I will name the pattern TTM (Treadmill of Tickets Moving) and come back to it below.",
      "TTM",
      { rankInIssue: 8 },
    );
    expect(shown(spelled, says)).toBe(spelled.block.text);
  });
});
