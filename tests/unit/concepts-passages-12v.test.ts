/**
 * The (12v) passage rules, for the most mentioned concepts: a definition quoted from a source ("X is “the
 * practice of…”") is read as one. Each case checks that the shape is read as the rule says and, where it
 * competes, that it wins over a sentence that would have won without the rule. The texts are written for
 * these tests.
 */
import { describe, expect, it } from "vitest";
import { scoreCandidate, sentenceAround } from "@/lib/concepts/passages";
import { passageCandidate, shown } from "../helpers/passage-candidate";

describe("choosing a definition passage (12v)", () => {
  it("reads a definition in quotation marks after 'is' as a definition", () => {
    const quoted = passageCandidate(
      "Slack time is “the share of a week nobody has planned, kept free so the team can absorb surprises.”",
      "Slack time",
      { rankInIssue: 4 },
    );
    const use = passageCandidate(
      "My team argued for an hour about slack time, and then we went back to the sprint board to move tickets.",
      "slack time",
      { rankInIssue: 1 },
    );
    expect(scoreCandidate(quoted)!.defining).toBe(true);
    expect(shown(use, quoted)).toBe(quoted.block.text);
  });

  it("reads 'X is a reminder that <clause>' as a judgement, not a definition, but keeps 'X is a practice that <verb>'", () => {
    const appraises = passageCandidate(
      "Slack time is a reminder that there is always more to a week than the plan we wrote on Monday.",
      "Slack time",
      { rankInIssue: 1 },
    );
    const says = passageCandidate(
      "Slack time gives a team room to fix what broke without dropping what it promised this sprint.",
      "Slack time",
      { rankInIssue: 1 },
    );
    expect(scoreCandidate(appraises)!.defining).toBe(false);
    expect(shown(appraises, says)).toBe(says.block.text);
    const relative = passageCandidate(
      "Slack time is a practice that leaves a fifth of every week unplanned on purpose.",
      "Slack time",
      { rankInIssue: 1 },
    );
    expect(scoreCandidate(relative)!.defining).toBe(true);
  });

  it("reads 'X manifests when…', 'X arises when…' as saying how X comes about, like 'X happens when…'", () => {
    const arises = passageCandidate(
      "Scope creep arises when every stakeholder adds one small request and nobody removes anything.",
      "Scope creep",
      { rankInIssue: 3 },
    );
    const use = passageCandidate(
      "We talked about scope creep for most of the retro, and then we moved on to the release plan for May.",
      "scope creep",
      { rankInIssue: 1 },
    );
    expect(scoreCandidate(arises)!.defining).toBe(true);
    expect(shown(use, arises)).toBe(arises.block.text);
  });

  it("ends a sentence where a caption or a credit is glued to the next one", () => {
    const sentenceOf = (text: string, word: string) => {
      const at = text.indexOf(word);
      const [from, to] = sentenceAround(text, at, at + word.length);
      return text.slice(from, to);
    };
    expect(sentenceOf("Photo: Jane RoeThe backlog grows faster than the team can read it.", "backlog")).toBe(
      "The backlog grows faster than the team can read it.",
    );
    expect(sentenceOf("Credit: a film (1985)Scope creep arises when nobody removes anything.", "Scope creep")).toBe(
      "Scope creep arises when nobody removes anything.",
    );
    // Names and words with capitals inside them are left whole.
    expect(sentenceOf("We moved the backlog into PowerPoint and YouTube for the demo.", "backlog")).toBe(
      "We moved the backlog into PowerPoint and YouTube for the demo.",
    );
  });

  it("gives the paragraph under a heading that names the concept more weight than one under a heading about something else", () => {
    const heading = (text: string) => ({ id: `h-${text}`, kind: "h2" as const, text, start: 0, end: text.length });
    const text = "Slack time gives a team room to fix what broke without dropping what it promised.";
    const elsewhere = passageCandidate(text, "Slack time", {
      previous: heading("What we changed in March"),
      publishedAt: new Date("2020-01-01"),
    });
    const named = passageCandidate(text, "Slack time", {
      previous: heading("Why slack time matters"),
      publishedAt: new Date("2021-01-01"),
    });
    // Without the rule both scored the same, and the earlier issue won.
    expect(scoreCandidate(named)!.score).toBeGreaterThan(scoreCandidate(elsewhere)!.score);
    expect(shown(elsewhere, named)).toBe(named.block.text);
  });
});
