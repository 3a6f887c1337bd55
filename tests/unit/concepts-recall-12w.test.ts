/**
 * Recall, seventh round (12w, README "## Concepts"): a gerund that an attributive adjective modifies
 * is a noun ("in-app targeting"), and a word the writing also writes solid ("road map" beside
 * "roadmap") is judged as the single word it is.
 */
import { describe, expect, it } from "vitest";
import { withGerundNouns } from "@/lib/concepts/phrases";
import type { Word } from "@/lib/concepts/tagging";
import { extractFromTexts, issueCandidates, issueTexts } from "../helpers/concept-texts";

const phraseKeys = (texts: string[]) =>
  issueCandidates(
    "Notes",
    texts.map((t) => ["p", t] as const),
  ).phrases.map((p) => p.key);

describe("a gerund an attributive adjective modifies is a noun (12w)", () => {
  it("reads the gerund as the head of the adjective's noun phrase", () => {
    const keys = phraseKeys([
      "We shipped fine-grained targeting in May.",
      "Enter in-app targeting and a simple survey.",
    ]);
    expect(keys).toContain("fine grained targeting");
    expect(keys).toContain("in app targeting");
    expect(keys.filter((k) => k === "targeting")).toHaveLength(1);
  });

  // The tagger's own reading decides most such sentences; these tags are the ones the rule must leave.
  const tagged = (spec: string): Word[] =>
    spec.split(" ").map((w, i) => {
      const [text, pos] = w.split("/") as [string, string];
      return { text, pos, start: 0, end: 0, sentenceStart: i === 0 };
    });
  const posOf = (spec: string, word: string) => withGerundNouns(tagged(spec)).find((w) => w.text === word)!.pos;

  it("leaves a predicative adjective's gerund and a gerund with its object as verbs", () => {
    expect(posOf("We/PRON shipped/VERB fine-grained/ADJ targeting/VERB in/ADP May/PROPN", "targeting")).toBe("NOUN");
    expect(posOf("The/DET team/NOUN is/AUX busy/ADJ testing/VERB in/ADP staging/NOUN", "testing")).toBe("VERB");
    expect(posOf("She/PRON seemed/VERB tired/ADJ arguing/VERB about/ADP it/PRON", "arguing")).toBe("VERB");
    expect(posOf("It/PRON worth/ADJ asking/VERB twice/ADV", "asking")).toBe("VERB");
    expect(posOf("We/PRON tried/VERB fine-grained/ADJ targeting/VERB users/NOUN", "targeting")).toBe("VERB");
  });
});

describe("a word the writing also writes solid is judged as one word (12w)", () => {
  const issues = issueTexts([
    [
      "Tidy Playbooks",
      [
        "Our playbook lives in a wiki. The play book for incidents is the one people open at night.",
        "A playbook nobody reads is a play book nobody trusts. Update the playbook after every incident.",
      ],
    ],
    [
      "Incident Reviews",
      [
        "After the outage we rewrote the playbook. The playbook now names an owner for each step.",
        "Reviews without a playbook drift into blame.",
      ],
    ],
    [
      "Night Shifts",
      ["The on-call playbook is short on purpose. Keep the play book to one page; a long playbook goes unread."],
    ],
    ["Leaner", ["We tried LeanUX for a quarter. Lean UX asks for small bets. LeanUX changed our reviews."]],
    ["Lean Again", ["Lean UX is a habit. We came back to LeanUX after the reorg; Lean UX stuck."]],
    ["Lean Notes", ["Our Lean UX guild meets weekly. LeanUX needs a designer in every team."]],
    ["Checkups", ["We post under #shiphealth every Friday. Our Ship Health score is what the team tracks."]],
    ["More Checkups", ["In March our Ship Health slipped. The #shiphealth thread explained why it matters."]],
    ["Last Checkup", ["We keep Ship Health visible. Tag it #shiphealth so nobody forgets."]],
  ]);
  const { concepts } = extractFromTexts(issues);

  it("takes the solid spelling as the concept's root, the spaced one as a variant", () => {
    const playbook = concepts.find((c) => c.memberKeys.includes("play book"));
    expect(playbook).toBeDefined();
    expect(playbook!.key).toBe("playbook");
  });

  it("keeps a name run together with a capital inside (LeanUX) or as a hashtag as two words", () => {
    const lean = concepts.find((c) => c.memberKeys.includes("leanux"));
    expect(lean).toBeDefined();
    expect(lean!.key).toBe("lean ux");
    const health = concepts.find((c) => c.memberKeys.includes("shiphealth"));
    expect(health).toBeDefined();
    expect(health!.key).toBe("ship health");
  });
});
