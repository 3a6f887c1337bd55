/**
 * Names cut wrong (12l, README "## Concepts"): a tension side cut out of a slash-separated run, a
 * title's coordination left without the head noun its sides share, and names carrying invisible
 * characters.
 */
import { describe, expect, it } from "vitest";
import type { extractIssueCandidates } from "@/lib/concepts/candidates";
import { conceptKey } from "@/lib/concepts/keys";
import type { CandidateSource } from "@/lib/concepts/types";
import { extractFromTexts, issueCandidates, issueTexts } from "../helpers/concept-texts";

const candidates = issueCandidates;

const keysFrom = (c: ReturnType<typeof extractIssueCandidates>, source: CandidateSource) =>
  c.marked.filter((m) => m.source === source).map((m) => m.key);

describe("a tension side is not one cell of a slash-separated run (12l)", () => {
  it("drops a side that stops at a slash, in a table row or in prose", () => {
    const c = candidates("Sizing Pilots", [
      ["h3", "Cheap in 1st/2nd order costs | Costly in 1st/2nd order costs"],
      ["h3", "Weak ties to budget lines/approvals | Rewrites budget lines/approvals"],
      ["p", "Teams wait for a handed-down plan/answer vs. working out the problem themselves."],
    ]);
    expect(keysFrom(c, "tension")).toEqual([]);
  });

  it("keeps the rows and contrasts with no slash at their sides", () => {
    const c = candidates("Sizing Pilots", [
      ["p", "Narrow Scope | Wide Scope"],
      ["p", "Teams weigh speed vs. quality on every release."],
      ["p", "Costs in 1st/2nd order terms: cheap pilots vs. costly pilots."],
    ]);
    expect(keysFrom(c, "tension").sort()).toEqual([
      "cheap pilot vs costly pilot",
      "narrow scope vs wide scope",
      "quality vs speed",
    ]);
  });
});

describe('a side of a row\'s "|" is its whole cell (12l)', () => {
  it("drops a row whose side the reading cut out of its cell", () => {
    const c = candidates("Sizing Pilots", [
      ["h3", "Fewer owners, lower review load | More owners, higher review load"],
      ["h3", "Self-funded | Requires “seed” & outside sponsors"],
      ["p", "Field Guide: Mapping Risk | Sizing Bets"],
    ]);
    expect(keysFrom(c, "tension")).toEqual([]);
  });

  it("keeps a row whose sides are its cells, an article before one included", () => {
    const c = candidates("Sizing Pilots", [
      ["h3", "Shorter review loops | Longer review loops"],
      ["p", "A Narrow Scope | Wide Scope"],
    ]);
    expect(keysFrom(c, "tension").sort()).toEqual([
      "longer review loop vs shorter review loop",
      "narrow scope vs wide scope",
    ]);
  });
});

describe("a title's name keeps the head noun its coordinated sides share (12l)", () => {
  it("does not cut a shared meta noun off a coordination", () => {
    const c = candidates("Some Pricing and Packaging Tips", [["p", "Pricing pages and packaging decks, again."]]);
    const keys = keysFrom(c, "title");
    expect(keys).not.toContain("pricing and packaging");
    expect(keys).toContain("pricing");
    expect(keys).toContain("packaging");
  });

  it("still cuts the meta noun off a single name, and off a name before a bracketed aside", () => {
    expect(keysFrom(candidates("Roadmap Hygiene Tips", [["p", "Keep it tidy."]]), "title")).toContain(
      "roadmap hygiene",
    );
    const heading = candidates("Notes", [
      ["h2", "A Steady Cadence (And Some Tips)"],
      ["p", "Keep it steady."],
    ]);
    expect(keysFrom(heading, "heading")).toContain("steady cadence");
  });
});

describe("names and keys carry no invisible characters (12l)", () => {
  it("keys a form written with zero-width characters and soft hyphens as the plain form", () => {
    expect(conceptKey("lean\u200B \u200Bprinciples")).toBe(conceptKey("lean principles"));
    expect(conceptKey("k\u200Baizen")).toBe("kaizen");
    expect(conceptKey("proto\u00ADtyping\uFEFF")).toBe(conceptKey("prototyping"));
  });

  it("names a concept without them when its most common written form carries them", () => {
    const zw = "psychological\u200B \u200Bsafety";
    const { concepts } = extractFromTexts(
      issueTexts([
        ["Team Basics", [`Without “${zw}” nobody speaks up.`, `We measure ${zw} every quarter.`]],
        ["Retros", [`Good retros rest on “${zw}”.`, "A team's shared belief is called psychological safety."]],
        ["Hiring", [`Interviewers probe for “${zw}” in past teams.`, `Managers model ${zw} first.`]],
        ["Onboarding", [`New hires learn “${zw}” from their buddies.`]],
      ]),
    );
    const concept = concepts.find((c) => c.key === "psychological safety");
    expect(concept).toBeDefined();
    const invisible = /[\u00AD\u200B\u2060\uFEFF]/;
    expect(concept!.name).toBe("psychological safety");
    // The plain form is the name itself, not an alias beside an invisible twin.
    expect(concept!.aliases).not.toContain("psychological safety");
    for (const c of concepts) {
      expect(c.name, c.key).not.toMatch(invisible);
      for (const a of c.aliases) expect(a, c.key).not.toMatch(invisible);
    }
  });
});
