/**
 * Recall, candidates round (12af, README "## Concepts"): shapes the writer names ideas with that the
 * candidate step never proposed.
 */
import { describe, expect, it } from "vitest";
import { withGerundNouns } from "@/lib/concepts/phrases";
import { tagWords } from "@/lib/concepts/tagging";
import { issueCandidates } from "../helpers/concept-texts";

const phraseKeys = (title: string, texts: string[]) =>
  issueCandidates(
    title,
    texts.map((t) => ["p", t] as const),
  ).phrases.map((p) => p.key);

describe("a possessive opens a noun phrase, so no verb follows it (12af)", () => {
  it("reads the word after 'their' as a noun", () => {
    const pos = tagWords("Their churn and retention rates look fine.").find((w) => w.text === "churn")!.pos;
    expect(pos).toBe("NOUN");
  });

  it("leaves a verb after an object pronoun", () => {
    const pos = tagWords("We let her churn through the backlog.").find((w) => w.text === "churn")!.pos;
    expect(pos).toBe("VERB");
  });
});

describe("coordinated modifiers share their head (12af)", () => {
  it("proposes the first modifier with the shared head", () => {
    const keys = phraseKeys("Metrics", [
      "Early adopters skew the churn and retention rates of a young product.",
      "We mix qualitative and quantitative signals when we decide.",
    ]);
    expect(keys).toContain("churn rate");
    expect(keys).toContain("retention rate");
    expect(keys).toContain("qualitative signal");
  });

  it("leaves two things joined, a generic modifier and mixed kinds", () => {
    const keys = phraseKeys("Support", [
      "Customers and support tickets pile up. New and existing users complain.",
      "We split the quiet and support teams.",
    ]);
    expect(keys).not.toContain("customer ticket");
    expect(keys).not.toContain("new user");
    expect(keys).not.toContain("quiet team");
  });
});

describe("a noun with a postpositive 'in progress' is one name (12af)", () => {
  it("proposes the head noun with 'in progress'", () => {
    const keys = phraseKeys("Change", [
      "Limit change in progress. Too much experiment in progress wears a team down.",
      "The in progress reports are late.",
    ]);
    expect(keys).toContain("change in progress");
    expect(keys).toContain("experiment in progress");
    expect(keys).not.toContain("report in progress");
  });
});

describe("a bold lead-in opening with a verb names a behaviour by its gerund (12af)", () => {
  const markedKeys = (items: string[]) =>
    issueCandidates(
      "Habits",
      items.map((t) => ["li", t] as const),
    ).marked.map((m) => m.key);

  it("names the behaviour, without the adverbs closing it; after 'has', its object", () => {
    const keys = markedKeys([
      "<strong>Runs Experiments Often</strong>: every week, on every team.",
      "<strong>Has Autonomy.</strong> Nobody waits for sign-off.",
    ]);
    expect(keys).toContain("running experiment");
    expect(keys).toContain("autonomy");
  });

  it("leaves two predicates joined and a verb with no object", () => {
    const keys = markedKeys([
      "<strong>Talks Less But Ships More.</strong> It shows.",
      "<strong>Communicates Openly</strong>, always.",
    ]);
    expect(keys.some((k) => /talking|shipping|communicating/.test(k))).toBe(false);
  });
});

describe("a gerund that is a verb's whole object is a noun (12af)", () => {
  const posOf = (text: string, word: string) => withGerundNouns(tagWords(text)).find((w) => w.text === word)!.pos;

  it("reads the gerund closing the clause as a noun", () => {
    expect(posOf("Working apart slows learning.", "learning")).toBe("NOUN");
  });

  it("leaves a progressive verb and a gerund with its object", () => {
    expect(posOf("The team is learning.", "learning")).toBe("VERB");
    expect(posOf("Working apart slows learning the domain.", "learning")).toBe("VERB");
  });
});

describe("a marked gerund with its complement names an activity (12af)", () => {
  it("proposes a heading's and a quoted gerund phrase", () => {
    const c = issueCandidates("Rituals", [
      ["h3", "Pulling the Alarm"],
      ["p", "We call it “drawing the line” here, and the team keeps doing it."],
      ["p", "Some teams prefer “thinking small” at first."],
    ]);
    const keys = c.marked.map((m) => m.key);
    expect(keys).toContain("pulling the alarm");
    expect(keys).toContain("drawing the line");
    expect(keys).toContain("thinking small");
  });

  it("leaves a clause's pieces", () => {
    const c = issueCandidates("Rituals", [
      ["h3", "Going to Win"],
      ["p", "Say “keeping it tidy” and nobody listens."],
    ]);
    const keys = c.marked.map((m) => m.key);
    expect(keys.some((k) => k.startsWith("going") || k.startsWith("keeping"))).toBe(false);
  });
});

describe("a heading's gerund after an adjective is a noun, as in running text (12af)", () => {
  it("marks the heading as a name", () => {
    const c = issueCandidates("Skills", [["h3", "Self-Directed Learning"]]);
    expect(c.marked.map((m) => m.key)).toContain("self directed learning");
  });
});
