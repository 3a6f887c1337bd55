/**
 * The (12i) passage rules: a quoted concept before its copula, a sentence opener set off by a comma,
 * "the idea of X" only as an introduction, an apposition between dashes, a quoted gloss after ", or".
 * Each case offers a weaker passage first and the shaped one second: the second must win (or lose) on
 * its shape alone. The texts are written for these tests.
 */
import { describe, expect, it } from "vitest";
import type { Block } from "@/db/schema";
import { PassageChooser, type PassageCandidate } from "@/lib/concepts/passages";
import { passageCandidate } from "../helpers/passage-candidate";

const candidate = (text: string, concept: string, kind: Block["kind"] = "p") =>
  passageCandidate(text, concept, { kind });

/** Which of two passages the chooser shows: "first" (offered first, wins ties) or "second". */
function winner(first: PassageCandidate, second: PassageCandidate): "first" | "second" {
  const chooser = new PassageChooser();
  chooser.offer(first);
  chooser.offer(second);
  return chooser.result()?.blockId === second.block.id ? "second" : "first";
}

describe("choosing a definition passage (12i)", () => {
  it("reads a quoted concept before its copula as the sentence's subject: Here, “X” is the…", () => {
    const says = candidate(
      "The bigger picture can change a lot when a new competitor arrives, of course.",
      "bigger picture",
    );
    for (const [text, surface] of [
      [
        "Here, “bigger picture” is the whole web around a product: the customers, the sales story, the support load and the market.",
        "bigger picture",
      ],
      [
        "“Bigger picture” means the whole web around a product, from its customers to its market and its support load.",
        "Bigger picture",
      ],
    ] as const)
      expect(winner(says, candidate(text, surface)), text).toBe("second");
  });

  it("lets an adverb or a preposition's phrase set off by a comma open the sentence, not a list's first items", () => {
    // Opening its sentence, "X can…" is the writer saying something about X; inside a clause it is not.
    const passing = candidate(
      "We mostly mention all-hands meetings in passing, like most teams.",
      "all-hands meetings",
    );
    const opened = candidate(
      "In practice, all-hands meetings can reveal whether people dare to disagree with leaders in public.",
      "all-hands meetings",
    );
    expect(winner(passing, opened)).toBe("second");
    const listed = candidate(
      "Standups, all-hands meetings can reveal whether people dare to disagree with leaders in public.",
      "all-hands meetings",
    );
    expect(winner(passing, listed)).toBe("first");
  });

  it("takes “the idea of X” as an introduction where it opens the sentence or is glossed, not as a verb's object", () => {
    const plain = candidate(
      "An MVP can be thrown away once the question behind it is answered, which keeps each lesson cheap.",
      "MVP",
    );
    const object = candidate(
      "Plenty of developers grew to hate the idea of MVPs after shipping half-built things nobody went back to.",
      "MVPs",
    );
    expect(winner(plain, object)).toBe("first");
    for (const [text, surface] of [
      [
        "Put simply, the concept of an MVP — as a test of a guess, and a cheap way to learn early — appeals to developers.",
        "MVP",
      ],
      ["Managers stayed cold to the idea of MVPs (small tests that each answer one question).", "MVPs"],
    ] as const)
      expect(winner(plain, candidate(text, surface)), text).toBe("second");
  });

  it("takes “what I call a X”, “known as the X” with an article before the name as an introduction", () => {
    const says = candidate(
      "The feature factory can ship a lot of things every single week, of course.",
      "feature factory",
    );
    const named = candidate(
      "Teams that ship without ever learning from it are what I call a feature factory.",
      "feature factory",
    );
    expect(winner(says, named)).toBe("second");
  });

  it("reads what brings a concept about (“at the root of X we find…”, “X stems from…”) as an account of it, in a quote too", () => {
    const says = candidate("Our on-call team felt alert fatigue over a long, cold winter this year.", "alert fatigue");
    for (const [text, kind] of [
      ["At the root of alert fatigue we usually find pages that nobody is expected to act upon.", "p"],
      ["Alert fatigue stems from paging people for things that need no human at all.", "p"],
      ["At the root of alert fatigue we usually find pages that nobody is expected to act upon.", "quote"],
    ] as const)
      expect(
        winner(says, candidate(text, /^Alert/.test(text) ? "Alert fatigue" : "alert fatigue", kind)),
        `${kind}: ${text}`,
      ).toBe("second");
    // "results" is a noun as often as a verb: "real world results from a team exercise" says nothing of the real world.
    const noun = candidate("Here I share real world results from a workshop with a front-line team.", "real world");
    expect(winner(candidate("The real world can be messier than any plan for a quarter.", "real world"), noun)).toBe(
      "first",
    );
  });

  it("takes an apposition between dashes as a gloss, but not an aside that is a clause of its own", () => {
    const passing = candidate("We met a change agent at the conference last week, which was lovely.", "change agent");
    const aside = candidate(
      "I nearly named her a change agent —the essay does have a change agent flavour— but it misses something.",
      "change agent",
    );
    expect(winner(passing, aside)).toBe("first");
    const lead = candidate("We once tracked lead time on a team that released twice a year, with cake.", "lead time");
    const glossed = candidate(
      "Measure lead time — the days between a request arriving and its release to users — and most of them are queueing.",
      "lead time",
    );
    expect(winner(lead, glossed)).toBe("second");
  });

  it("takes a quoted gloss after “, or” as an explanation, but not a list's last item or two quoted alternatives", () => {
    const passing = candidate(
      "Whatever slows your ability to sense and respond decides how you should plan this year.",
      "sense and respond",
    );
    const glossed = candidate(
      "A third stance: sense and respond, or “watching for trouble as it appears and reacting quickly”.",
      "sense and respond",
    );
    expect(winner(passing, glossed)).toBe("second");
    const mockups = candidate("We liked the mockups a lot on that team.", "mockups");
    const listed = candidate(
      "Reviewing the slides, mockups, or “a few rough user stories” doesn't count here.",
      "mockups",
    );
    expect(winner(mockups, listed)).toBe("first");
    const codebase = candidate("The codebase grows with each feature that no one ever deletes.", "codebase");
    const alternatives = candidate(
      "Nobody chimed in with “I wrote that corner of the codebase” or “our support tickets say otherwise” at the time.",
      "codebase",
    );
    expect(winner(codebase, alternatives)).toBe("first");
  });
});
