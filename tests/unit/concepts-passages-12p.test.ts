/**
 * The (12p) passage rule: a heading, a question or a list item that is a fragment (a label, a book's
 * title, a line of advice) is shown only when no sentence of prose mentions the concept; a list item that
 * is a clause, or defines the concept, competes on its score as before. Each case checks first that the
 * weak passage scores higher (so only the rule can make the prose win). The texts are written for these
 * tests.
 */
import { describe, expect, it } from "vitest";
import type { Block } from "@/db/schema";
import { isClause, scoreCandidate, type PassageCandidate } from "@/lib/concepts/passages";
import { passageCandidate, shown } from "../helpers/passage-candidate";

const candidate = (text: string, concept: string, kind: Block["kind"], rankInIssue: number) =>
  passageCandidate(text, concept, { kind, rankInIssue });

const scoreOf = (c: PassageCandidate) => scoreCandidate(c)!.score;

/** A sentence of prose that mentions the loops in passing, one item of a list, in an issue they are not central to. */
const prose = candidate(
  "We kept talking about standups, reviews and feedback loops all through the offsite last spring.",
  "feedback loops",
  "p",
  99,
);

describe("choosing a definition passage (12p)", () => {
  it("shows a sentence of prose rather than a list item that is a line of advice or a book's title", () => {
    for (const text of [
      "Shorten the feedback loops to hours rather than weeks",
      "Feedback Loops: A Field Guide for Small Teams.. Jo Example",
      "Endless feedback loops and the gap between busy and useful",
    ]) {
      const item = candidate(text, text.includes("Feedback") ? "Feedback Loops" : "feedback loops", "li", 1);
      expect(scoreOf(item), text).toBeGreaterThan(scoreOf(prose));
      expect(shown(item, prose), text).toBe(prose.block.text);
      expect(shown(prose, item), text).toBe(prose.block.text);
    }
  });

  it("keeps a list item that is a clause, or one that defines the concept, when it scores higher", () => {
    const clause = candidate(
      "The help desk struggles with feedback loops that take a whole quarter to close.",
      "feedback loops",
      "li",
      1,
    );
    const defining = candidate(
      "Feedback loops: Each change reaches a user and comes back as something the team can learn from.",
      "Feedback loops",
      "li",
      1,
    );
    for (const item of [clause, defining]) {
      expect(scoreOf(item)).toBeGreaterThan(scoreOf(prose));
      expect(shown(item, prose)).toBe(item.block.text);
    }
  });

  it("shows a sentence of prose rather than a question or a heading", () => {
    const question = candidate(
      "How long are the feedback loops in your team, and who closes them when they break?",
      "feedback loops",
      "p",
      1,
    );
    // A quoted question closed by a full stop is a question too.
    const quoted = candidate(
      "Then someone asks “why are our feedback loops measured in quarters, and who decided that?”.",
      "feedback loops",
      "p",
      1,
    );
    for (const weak of [question, quoted]) {
      expect(scoreOf(weak)).toBeGreaterThan(scoreOf(prose));
      expect(shown(weak, prose)).toBe(prose.block.text);
    }
    const heading = candidate(
      "Feedback loops and why a team needs them to learn from every release it ships",
      "Feedback loops",
      "h3",
      1,
    );
    // The same passing mention in someone's quoted words: as weak as prose gets, and still prose.
    const faint = candidate(prose.block.text, "feedback loops", "quote", 99);
    expect(scoreOf(heading)).toBeGreaterThan(scoreOf(faint));
    expect(shown(heading, faint)).toBe(faint.block.text);
  });

  it("keeps the fragment when no sentence of prose (a clause of 40 characters or more) mentions the concept", () => {
    const item = candidate("Shorten the feedback loops to hours rather than weeks", "feedback loops", "li", 1);
    const short = candidate("Feedback loops, again.", "Feedback loops", "p", 12);
    // A paragraph that is a label, not a clause, is no better than the list item.
    const label = candidate(
      "Team tools of the quarter: feedback loops, comments and integrations",
      "feedback loops",
      "p",
      12,
    );
    expect(shown(item)).toBe(item.block.text);
    expect(shown(item, short)).toBe(item.block.text);
    expect(shown(item, label)).toBe(item.block.text);
  });

  it("tells a list item's clause from a fragment", () => {
    for (const text of [
      "The help desk struggles to keep up with requests",
      "Cost of delay lets us compare two bets on one scale",
      "Long queues hide the progress a team makes",
      "With no shared goal, you’ll see five local optimisations",
      "It’s hard to wait for the prototypes",
    ])
      expect(isClause(text), text).toBe(true);
    for (const text of [
      "Shorten the feedback loops to hours rather than weeks",
      "Endless over-commitment and the gap between busy and useful",
      "Thinking in Loops: A Primer.. Jo Example",
      "As a nudge toward smaller releases every week",
      "Effects on the room for happy accidents",
    ])
      expect(isClause(text), text).toBe(false);
  });
});
