/**
 * Concept kinds on the real corpus (../shared/corpus) against a sample judged by reading
 * (tests/fixtures/kinds-judged.json: 60 concepts drawn on main before the (12q) rules, stratified by
 * main's kind, a third held back), and the kind errors issue #12 names. Extraction runs offline, as in
 * corpus-concepts.test.ts (the same code the ingest stage runs).
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
import type { ExtractedConcept, ExtractionResult } from "@/lib/concepts/types";
import { CORPUS_DIR, hasCorpus } from "../helpers/corpus";

type Kind = ExtractedConcept["kind"];
type JudgedKind = { key: string; name: string; kind: Kind; also?: Kind[]; reason: string; heldBack?: boolean };

/**
 * Floors just under what the (12u) rules measure (2026-12-03, README "Kinds"): tuned 39 of 40 (0.975; 37
 * with the (12q) rules, main 29), held back 19 of 20 (0.95; 19 with the (12q) rules, main 15).
 */
const MIN_TUNED_ACCURACY = 0.95;
const MIN_HELD_BACK_ACCURACY = 0.9;
/**
 * The named section *(12t)*: 22 proper names of ideas (capitalised in ≥ 80 % of uses). Without the list rule
 * 11 of 22 are right (every one a term); with it 15 (Modern Agile, Impact Mapping, Lean Analytics, Agile
 * Manifesto become frameworks); with the (12u) rules 20 (Theory of Constraints, Toyota Production System,
 * Lean Product Development become frameworks; Project Aristotle and North Star Playbook `other`, as Scrum
 * Guide, right before as a term).
 */
const MIN_NAMED_ACCURACY = 0.85;

describe.skipIf(!hasCorpus)("corpus: concept kinds", () => {
  let result: ExtractionResult;
  const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "kinds-judged.json"), "utf8")) as {
    judged: JudgedKind[];
    named: JudgedKind[];
  };
  const { judged, named } = fixture;
  const byKey = (key: string) => result.concepts.find((c) => c.key === key || c.memberKeys.includes(key));

  beforeAll(async () => {
    const issues = await readIssueTexts([path.join(CORPUS_DIR, "cutlefish-blog"), path.join(CORPUS_DIR, "tbm2020")]);
    result = extractOffline(issues).result;
  }, 120_000);

  function accuracy(part: JudgedKind[]): { right: number; wrong: string[] } {
    const wrong: string[] = [];
    for (const j of part) {
      const kind = byKey(j.key)?.kind;
      if (kind !== j.kind && !(kind && j.also?.includes(kind)))
        wrong.push(`${j.name}: judged ${j.kind}, given ${kind ?? "(no concept)"}`);
    }
    return { right: part.length - wrong.length, wrong };
  }

  it("the judged sample has 60 concepts, a third held back", () => {
    expect(judged).toHaveLength(60);
    expect(judged.filter((j) => j.heldBack)).toHaveLength(20);
  });

  it(`kinds agree with the reader's on ≥ ${MIN_TUNED_ACCURACY} of the tuned part and ≥ ${MIN_HELD_BACK_ACCURACY} of the held-back part`, () => {
    const tuned = accuracy(judged.filter((j) => !j.heldBack));
    const held = accuracy(judged.filter((j) => j.heldBack));
    process.stderr.write(
      // The held-back part is reported as a count only, so that its concepts stay unread while rules change.
      `kinds: tuned ${tuned.right}/40, held back ${held.right}/20\n${tuned.wrong.map((w) => `  ${w}\n`).join("")}`,
    );
    expect(tuned.right / 40).toBeGreaterThanOrEqual(MIN_TUNED_ACCURACY);
    expect(held.right / 20).toBeGreaterThanOrEqual(MIN_HELD_BACK_ACCURACY);
  });

  it(`kinds of named ideas agree with the reader's on ≥ ${MIN_NAMED_ACCURACY} (12t)`, () => {
    const part = accuracy(named);
    process.stderr.write(`kinds, named: ${part.right}/${named.length}\n${part.wrong.map((w) => `  ${w}\n`).join("")}`);
    expect(named).toHaveLength(22);
    expect(part.right / named.length).toBeGreaterThanOrEqual(MIN_NAMED_ACCURACY);
    // Listed beside named frameworks, never marked or practised: methods.
    for (const key of ["modern agile", "impact mapping"]) expect(byKey(key)?.kind, key).toBe("framework");
    // Proper names of a document, a discipline, a phenomenon: no frameworks.
    for (const key of ["scrum guide", "ux research", "ops death spiral", "agile industrial complex"])
      expect(byKey(key)?.kind, key).not.toBe("framework");
  });

  it("tells named methods, models named by their steps, and named works by how the text writes them (12u)", () => {
    // A capitalised name whose head is a way of working or a body of ideas; a method written in lower case
    // that the text practises and lists, capitalised, beside named methods; a loop named by its steps.
    for (const key of [
      "theory of constraint",
      "toyota production system",
      "extreme programming",
      "design thinking",
      "build measure learn loop",
      "lean product development",
    ])
      expect(byKey(key)?.kind, key).toBe("framework");
    // A document, a study, a novel, a published playbook: named works, not ideas.
    for (const key of ["scrum guide", "project aristotle", "phoenix project", "north star playbook"])
      expect(byKey(key)?.kind, key).toBe("other");
    // One of a kind ("some JavaScript framework"), a drawing an adjective only describes ("a fresh and
    // unique canvas"), a class ("most Agile methodologies", "their own agile methodology") and a part an ordinal
    // picks ("the Modern Agile first principle"): no frameworks.
    for (const key of ["javascript framework", "unique canvas", "agile methodology", "modern agile first principle"])
      expect(byKey(key)?.kind, key).toBe("term");
    // The company of the "Spotify Model", never practised: a firm, and a concept apart from the model (12ad),
    // which is one concept however its kind is written ("Spotify Model", "Spotify Method").
    expect(byKey("spotify")?.kind).toBe("other");
    expect(byKey("spotify")?.memberKeys).toEqual(["spotify"]);
    expect(byKey("spotify model")).toBe(byKey("spotify method"));
    expect(byKey("spotify model")?.kind).toBe("framework");
    // An event of a method is no piece of work ("the Daily Scrum event"); a practice is no method.
    expect(byKey("daily scrum")?.kind).toBe("term");
    for (const key of ["system thinking", "retrospective", "product management"])
      expect(byKey(key)?.kind, key).toBe("term");
  });

  it("names no heading phrase, plain noun, class of models, person, painting or anecdote a framework", () => {
    const frameworks = new Set(result.concepts.filter((c) => c.kind === "framework").map((c) => c.key));
    for (const key of [
      "applying lean principle",
      "core principle",
      "Discomfort",
      "discomfort",
      "mona lisa",
      "douglas hubbard",
      "bartending game",
      "strategic framework",
      "decision framework",
    ])
      expect(frameworks.has(key), key).toBe(false);
    // Concepts to check, not only absent keys: these are concepts of the corpus now.
    expect(byKey("applying lean principle")?.kind).toBe("term");
    expect(byKey("core principle")?.kind).toBe("term");
    expect(byKey("Discomfort")?.kind).toBe("term");
    // Named models stay frameworks.
    for (const key of ["kanban", "scrum", "lean startup", "kano model", "pomodoro technique"])
      expect(byKey(key)?.kind, key).toBe("framework");
  });

  it("keeps Slack the chat tool a thing of its own, apart from slack time", () => {
    const slack = result.concepts.filter((c) => c.memberKeys.some((k) => k.toLowerCase() === "slack"));
    const tool = slack.find((c) => c.name === "Slack")!;
    expect(tool.kind).toBe("other");
    // Every mention of the tool is written capitalised: no lower-case "slack" (slack time) merged into it.
    expect(tool.mentions.every((m) => m.surface.startsWith("S"))).toBe(true);
  });
});
