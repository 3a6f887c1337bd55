/**
 * Kinds, names, mentions and definitions (12ad): a firm apart from the model named after it, a shorter
 * concept inside a longer phrase that puts a modifier before it, a bracketed definition glued to a
 * caption, and the sentence that says what a concept is over a passing use. The texts are written for
 * these tests.
 */
import { describe, expect, it } from "vitest";
import { scoreCandidate } from "@/lib/concepts/passages";
import { tokenize } from "@/lib/concepts/tokens";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";
import { passageCandidate } from "../helpers/passage-candidate";

const conceptOf = (result: ReturnType<typeof extractFromTexts>, key: string) =>
  result.concepts.find((c) => c.memberKeys.includes(key));

describe("a firm and the model named after it (12ad)", () => {
  const result = extractFromTexts(
    issueTexts([
      [
        "Copying other firms",
        [
          "Companies like Zentrix get copied a lot. Zentrix's engineers wrote about their squads, and every consultant now sells the Zentrix Model.",
          "The Zentrix Model splits a company into squads and tribes. We tried the Zentrix Model for a year.",
        ],
      ],
      [
        "Squads and tribes",
        [
          "A company like Zentrix can afford experiments. Zentrix's leadership changed their structure twice since then.",
          "The Zentrix Model is no recipe: the Zentrix Method, as some call it, was a snapshot of a moment.",
        ],
      ],
      ["Structure follows strategy", ["Before copying the Zentrix Model, ask what problem it solved for Zentrix."]],
    ]),
  );

  it("are two concepts, the firm a name of something other than an idea", () => {
    const firm = conceptOf(result, "zentrix");
    const model = conceptOf(result, "zentrix model");
    expect(firm).toBeDefined();
    expect(model).toBeDefined();
    expect(firm).not.toBe(model);
    expect(firm!.kind).toBe("other");
  });

  it("keeps a model's uses as the model's, and joins the model written with another word for its kind", () => {
    const model = conceptOf(result, "zentrix model")!;
    expect(model.memberKeys).toContain("zentrix method");
    expect(conceptOf(result, "zentrix")!.mentions.every((m) => !/Model|Method/.test(m.surface))).toBe(true);
  });
});

describe("a shorter concept a longer phrase ends in (12ad)", () => {
  // Twelve ideas each issue returns to, so that a phrase of the fifth issue's title ranks below its listed ten.
  const terms = ["flag debt", "trunk health", "merge queue", "canary cohort", "rollback drill", "build cache"];
  terms.push("test flake", "deploy window", "ownership map", "review latency", "branch decay", "incident review");
  const watched = (t: string) => `Our ${t} matters here; the ${t} is watched, and ${t} gets a weekly look.`;
  const quiet = (t: string) => `Why ${t}? Because ${t} fails quietly, and a quiet ${t} costs most.`;
  const gardening = (n: number) =>
    `Issue ${n}: release gardening is how we keep the trunk healthy. Release gardening means pruning flags every week.`;
  const notes = (n: number): [string, string[]] => [`Notes from the trunk ${n}`, [gardening(n), ...terms.map(watched)]];

  it("is used where the longer phrase, no concept the issue lists, is written ('careful release gardening')", () => {
    const result = extractFromTexts(
      issueTexts([
        ...[1, 2, 3, 4].map(notes),
        [
          "Careful release gardening",
          [...terms.map(watched), ...terms.map(quiet), "That is all careful release gardening asks."],
        ],
      ]),
    );
    const careful = conceptOf(result, "careful release gardening")!;
    expect(careful.issues.find((r) => r.issueId === 5)!.rank).toBeGreaterThan(10);
    const shorter = conceptOf(result, "release gardening")!;
    expect(shorter.mentions.filter((m) => m.issueId === 5)).toHaveLength(2);
    expect(shorter.issues.map((r) => r.issueId)).toContain(5);
  });

  it("is not used behind a preposition ('director of release gardening')", () => {
    const result = extractFromTexts(
      issueTexts([
        ...[1, 2, 3, 4].map(notes),
        [
          "Our new director of release gardening",
          ["Meet the director of release gardening. The director of release gardening starts on Monday."],
        ],
      ]),
    );
    const shorter = conceptOf(result, "release gardening")!;
    expect(shorter.mentions.some((m) => m.issueId === 5)).toBe(false);
  });
});

describe("a caption glued to the next paragraph (12ad)", () => {
  it("is two words at a lower-case word glued to a capitalised one, no name spanning the join", () => {
    const tokens = tokenize("Throughput of one squadLead Time (LT) is the time a request waits.");
    expect(tokens.map((t) => t.norm).slice(0, 6)).toEqual(["throughput", "of", "one", "squad", "lead", "time"]);
    expect(tokens[4]!.breakBefore).toBe(true);
  });

  it("leaves names written in camel case whole ('LeanUX', 'DevOps', 'iPhone', 'eBay', 'macOS')", () => {
    const raw = tokenize("LeanUX and DevOps on an iPhone, sold on eBay, built on macOS").map((t) => t.raw);
    expect(raw.filter((w) => /[a-z][A-Z]/.test(w))).toEqual(["LeanUX", "DevOps", "iPhone", "eBay", "macOS"]);
  });

  it("ends the caption's sentence there, so the bracketed definition after it is the passage shown", () => {
    const defining = "Queue age (QA) is the time the oldest request has waited in the queue.";
    const result = extractFromTexts(
      issueTexts([
        [
          "Queues everywhere",
          [`Exhibit 2: requests waiting in one support team${defining}`, "Queue age grows quietly."],
        ],
        ["Watching the queue", ["We check queue age every morning.", "Queue age beats throughput as a signal."]],
        ["Small batches", ["Smaller batches keep queue age low, and queue age is what customers feel."]],
      ]),
    );
    expect(conceptOf(result, "queue age")?.definition?.text).toBe(defining);
  });
});

describe("a cataphoric 'X is that <clause>' whose subject is a number or an amount (12ad)", () => {
  it("is no definition, as with a word for a subject ('…is that scope is fixed', (12r))", () => {
    const amount = passageCandidate("The working guess is that $5 will cover the pilot for a month.", "working guess", {
      rankInIssue: 1,
    });
    const count = passageCandidate("The working guess is that 40% will stay past the first week.", "working guess", {
      rankInIssue: 1,
    });
    expect(scoreCandidate(amount)!.defining).toBe(false);
    expect(scoreCandidate(count)!.defining).toBe(false);
  });
});
