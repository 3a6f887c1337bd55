/**
 * Concept extraction's whole output over a small fixture newsletter (tests/fixtures/concepts-extract,
 * written for this test) against a committed snapshot: candidates, concepts with their names, kinds,
 * aliases, definitions, mentions and per-issue ranks, relations, with and without curation rules.
 * It was recorded before extract.ts and candidates.ts were split into their steps' modules; any
 * change to what extraction decides shows here, and needs the snapshot re-recorded on purpose
 * (`npx vitest run tests/unit/concepts-snapshot.test.ts -u`) with the eval figures re-measured.
 */
import path from "node:path";
import { expect, it } from "vitest";
import { readIssueTexts } from "@/lib/concepts/offline";
import { dumpExtraction } from "../helpers/concept-dump";

const FIXTURES = path.join(__dirname, "..", "fixtures", "concepts-extract");

it("extraction over the fixture issues gives the recorded output, byte for byte", async () => {
  const issues = await readIssueTexts([FIXTURES]);
  expect(issues.length).toBe(8);
  const dump = dumpExtraction(issues);
  // The fixtures exercise every step: boilerplate, a list of other issues' titles, acronyms, tensions,
  // a word with two senses, bold lead-ins, and curation rules of every kind.
  const parsed = JSON.parse(dump) as {
    plain: { concepts: unknown[]; boilerplateBlocks: number };
    rules: unknown[];
    curated: { dormantRules: number[] };
  };
  expect(parsed.plain.concepts.length).toBeGreaterThan(20);
  expect(parsed.plain.boilerplateBlocks).toBeGreaterThan(0);
  expect(parsed.rules.length).toBe(6);
  expect(parsed.curated.dormantRules).toEqual([5, 6]);
  await expect(dump).toMatchFileSnapshot(path.join(FIXTURES, "..", "concepts-extract.snapshot.json"));
});
