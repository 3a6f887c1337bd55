import { describe, expect, it } from "vitest";
import type { Block } from "@/db/schema";
import { PassageChooser, sentenceAround, type PassageCandidate } from "@/lib/concepts/passages";

describe("sentenceAround", () => {
  it("finds the sentence a mention sits in", () => {
    const text = "First things first. A decision log records why we chose. Then we move on.";
    const at = text.indexOf("decision log");
    const [from, to] = sentenceAround(text, at, at + 12);
    expect(text.slice(from, to)).toBe("A decision log records why we chose.");
  });

  it("looks for boundaries only near the mention, so a block of millions of characters costs no more than a paragraph", () => {
    const run = "word ".repeat(400_000);
    const text = `${run}the decision log ${run}`;
    const at = text.indexOf("decision log");
    const [from, to] = sentenceAround(text, at, at + 12);
    expect(at - from).toBeLessThanOrEqual(1500);
    expect(to - (at + 12)).toBeLessThanOrEqual(1500);
  });
});

function candidate(text: string, concept: string, extra: Partial<PassageCandidate> = {}): PassageCandidate {
  const block: Block = { id: `p-${text.length}`, kind: "p", text, start: 0, end: text.length };
  const start = text.indexOf(concept);
  return { issueId: 1, block, previous: undefined, start, end: start + concept.length, rankInIssue: 5, publishedAt: null, boldLead: false, ...extra };
}

describe("choosing a definition passage", () => {
  it("prefers a sentence that says what the concept is over one that names it in a list", () => {
    const chooser = new PassageChooser();
    chooser.offer(candidate("We tried standups, retros, a decision log, and pairing last quarter.", "decision log"));
    chooser.offer(candidate("A decision log is a running record of what a team decided and why, kept where everyone can read it.", "decision log"));
    expect(chooser.result()?.text).toMatch(/^A decision log is a running record/);
  });

  it("does not take a heading, a question or quoted speech when a sentence of the writer's explains it", () => {
    const chooser = new PassageChooser();
    chooser.offer(candidate("Decision logs", "Decision logs", { block: { id: "h-1", kind: "h2", text: "Decision logs", start: 0, end: 13 } }));
    chooser.offer(candidate("Is a decision log worth the trouble?", "decision log"));
    chooser.offer({ ...candidate("The decision log is a waste of time, everyone says so.", "decision log"), block: { id: "q-1", kind: "quote", text: "The decision log is a waste of time, everyone says so.", start: 0, end: 54 } });
    chooser.offer(candidate("A decision log helps a new teammate read the reasoning behind the roadmap, not just the result.", "decision log"));
    expect(chooser.result()?.text).toMatch(/^A decision log helps/);
  });

  it("never takes a sample issue's passage when an issue of the author's mentions the concept", () => {
    const chooser = new PassageChooser();
    chooser.offer(candidate("A decision log is a running record of what a team decided and why.", "decision log", { sample: true, rankInIssue: 1 }));
    chooser.offer(candidate("We keep our decision log on the wiki.", "decision log", { issueId: 2 }));
    expect(chooser.result()).toMatchObject({ issueId: 2 });
    const onlySamples = new PassageChooser();
    onlySamples.offer(candidate("A decision log is a running record of what a team decided and why.", "decision log", { sample: true }));
    expect(onlySamples.result()?.text).toMatch(/^A decision log is/);
  });

  it("reads 'aka X', 'the gist of X' and 'the notion that … X …' as saying what X is, over a passing mention", () => {
    for (const [passing, explaining, concept] of [
      ["We groomed the decision log on Friday afternoon before the demo.", "We moved from a wiki page of choices and reasons (aka decision log) to a shared doc.", "decision log"],
      ["Our pair rotation stalled during the launch, and nobody noticed for weeks.", "Swapping partners every day so knowledge spreads is really the gist of pair rotation.", "pair rotation"],
      ["Many teams still mention a learning style when they plan onboarding work.", "The notion that each person has one learning style and learns best when taught in it is still widespread.", "learning style"],
    ] as const) {
      const chooser = new PassageChooser();
      chooser.offer(candidate(passing, concept));
      chooser.offer(candidate(explaining, concept));
      expect(chooser.result()?.text, concept).toBe(explaining);
    }
  });

  it("takes a quoted source's definition ('X are self-organizing and cross-functional') over the writer's passing mention", () => {
    const quoted = "Delivery squads are self-organizing and cross-functional, with every skill they need to ship.";
    const chooser = new PassageChooser();
    chooser.offer(candidate("An organization struggles for the same reasons delivery squads struggle with their commitments, only more so.", "delivery squads"));
    chooser.offer({ ...candidate(quoted, "Delivery squads"), block: { id: "q-2", kind: "quote", text: quoted, start: 0, end: quoted.length } });
    expect(chooser.result()?.text).toBe(quoted);
  });
});
