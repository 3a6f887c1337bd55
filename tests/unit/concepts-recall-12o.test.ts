/**
 * Recall, sixth round (12o, README "## Concepts"): an activity named by a gerund and its complement
 * ("doing nothing", "talking to customers") is a candidate where the clause is used as a noun.
 */
import { describe, expect, it } from "vitest";
import { extractFromTexts, issueCandidates, issueTexts } from "../helpers/concept-texts";

const phraseKeys = (title: string, texts: string[]) =>
  issueCandidates(
    title,
    texts.map((t) => ["p", t] as const),
  ).phrases.map((p) => p.key);

describe("a gerund's clause used as a noun names an activity (12o)", () => {
  it("reads the clause as a subject, after a preposition and after a verb that takes one", () => {
    const keys = phraseKeys("Waiting", [
      "Waiting a quarter is a choice too. Shipping nothing looks lazy.",
      "Picture shipping nothing for a month, and the cost of shipping nothing becomes clear.",
      "Listening to users beats guessing. We learned a lot from listening to users.",
    ]);
    expect(keys).toContain("shipping nothing");
    expect(keys).toContain("listening to user");
  });

  it("leaves a progressive verb, a participle's clause and a frame before 'of'", () => {
    const keys = phraseKeys("Habits", [
      "I am listening to users every day, and she was shipping nothing.",
      "Listening to users, we found the bug.",
      "We kept thinking in terms of outputs.",
      "They argued about writing to stakeholders directly instead of meeting them.",
    ]);
    expect(keys).not.toContain("shipping nothing");
    expect(keys).not.toContain("thinking in term");
    // A progressive use and a sentence's opening participle's clause are no uses; after "about" it is one.
    expect(keys.filter((k) => k === "listening to user")).toHaveLength(0);
    expect(keys).toContain("writing to stakeholder");
  });

  it("makes an activity an issue returns to a concept of that issue", () => {
    const { concepts } = extractFromTexts(
      issueTexts([
        [
          "The Quiet Quarter",
          [
            "Ask the team to imagine shipping nothing for a whole quarter. What would customers notice?",
            "The answers surprise people. The cost of shipping nothing is often lower than the roadmap suggests.",
            "Sometimes shipping nothing is the best decision a team can make, and saying so takes courage.",
          ],
        ],
        ["Roadmaps", ["A roadmap is a promise about outcomes, not a list of features."]],
        ["Retros", ["A retro is where the team looks back at its last sprint."]],
      ]),
    );
    const idle = concepts.find((c) => c.key === "shipping nothing");
    expect(idle).toBeDefined();
    expect(idle!.issues.map((i) => i.issueId)).toEqual([1]);
  });
});

describe("a name at the end of a hyphenated chain is a use of it (12o)", () => {
  const corpus = (chain: string) =>
    issueTexts([
      [
        "Who Runs the Release",
        [
          `Last spring our ${chain} walked into the planning meeting with a spreadsheet.`,
          "The planning meeting went quiet while she explained the dependencies between teams.",
          "Every accidental release captain learns the job by doing it, usually under pressure.",
          "The planning meeting ended with a smaller scope and a calmer team.",
        ],
      ],
      ["Roadmaps", ["A roadmap is a promise about outcomes, not a list of features."]],
      ["Retros", ["A retro is where the team looks back at its last sprint."]],
    ]);

  it("counts the chain's tail, so a name said once more is one the issue returns to", () => {
    const { concepts } = extractFromTexts(corpus("sales-engineer-turned-accidental-release-captain"));
    const captain = concepts.find((c) => c.key === "accidental release captain");
    expect(captain).toBeDefined();
    expect(captain!.issues.map((i) => i.issueId)).toEqual([1]);
  });

  it("leaves a name said once, outside any chain, off the issue's list", () => {
    const { concepts } = extractFromTexts(corpus("sales engineer"));
    expect(concepts.find((c) => c.key === "accidental release captain")).toBeUndefined();
  });
});

describe("a word the issue introduces as its name for an idea is its concept (12o)", () => {
  it("reads 'the key here is X', 'what I prefer to call X' and 'we call this X' as introductions", () => {
    const c = issueCandidates("Reviews", [
      ["p", "The key here is candour. Say what went wrong."],
      ["p", "You are doing discovery (or what I prefer to call reconnaissance) if half your tests fail."],
      ["p", "The key is to keep it short."],
      ["p", "Old tickets pile up at the bottom. We sometimes call this backlog archaeology."],
    ]);
    const cued = c.marked.filter((m) => m.source === "cued").map((m) => m.key);
    expect(cued).toEqual(["candour", "reconnaissance", "backlog archaeology"]);
  });

  const corpus = (lead: string) =>
    issueTexts([
      [
        "Quarterly Reviews",
        [
          "Every quarter each team presents what it shipped and what it learned.",
          `${lead} Present as a team, admit the misses, and skip the blame.`,
          "Invite people from across the organization. The reviews work when teams show their data.",
        ],
      ],
      ["Roadmaps", ["A roadmap is a promise about outcomes, not a list of features."]],
      ["Retros", ["A retro is where the team looks back at its last sprint."]],
    ]);

  it("lists a plain noun of prose said once when the issue introduces it", () => {
    const { concepts } = extractFromTexts(corpus("The key here is honesty."));
    const honesty = concepts.find((c) => c.key === "honesty");
    expect(honesty).toBeDefined();
    expect(honesty!.issues.map((i) => i.issueId)).toEqual([1]);
  });

  it("leaves the same word said once in passing", () => {
    const { concepts } = extractFromTexts(corpus("It takes honesty."));
    expect(concepts.find((c) => c.key === "honesty")).toBeUndefined();
  });
});
