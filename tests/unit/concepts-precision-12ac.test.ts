/**
 * Precision, (12ac) (README "## Concepts"): a compound of generic nouns the writer marks once with a
 * hyphen ("“group-members”") is a name only while the writing never spells it out as a phrase ("members of the
 * group"): a compound the writer unpacks at will is a description.
 */
import { describe, expect, it } from "vitest";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

const corpus = (unpacked: boolean) =>
  issueTexts([
    [
      "Weekly Rituals",
      [
        "Every group member brings one question to the weekly review.",
        "A group member who missed the review reads the notes on Monday.",
        "We want “group-members” here, not spectators.",
      ],
    ],
    [
      "Onboarding",
      [
        "New group members shadow an older group member for two weeks.",
        unpacked
          ? "The members of the group pick the first task together."
          : "The newcomers pick the first task together.",
      ],
    ],
    [
      "Planning",
      [
        "Group members vote on the order of the work.",
        unpacked ? "Ask the members of your group what they would drop." : "Ask the newcomers what they would drop.",
        "Each group member owns one goal.",
      ],
    ],
  ]);

/** The issues whose concept "group member" is (ranked there). */
const issuesOf = (unpacked: boolean) =>
  (extractFromTexts(corpus(unpacked)).concepts.find((c) => c.key === "group member")?.issues ?? [])
    .map((r) => r.issueId)
    .sort();

describe("a compound the writer unpacks is a description, not a name (12ac)", () => {
  it("makes 'group member' a concept of the corpus while its quoted, hyphenated spelling is the only sign", () => {
    expect(issuesOf(false)).toEqual([1, 2, 3]);
  });

  it("leaves it to the issue that marks it once the writing also says 'members of the group'", () => {
    // The quoting issue may still list it as its own candidate; the issues that only use it plainly don't.
    expect(issuesOf(true)).not.toContain(2);
    expect(issuesOf(true)).not.toContain(3);
  });
});
