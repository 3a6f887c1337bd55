import { describe, expect, it } from "vitest";
import type { Block } from "@/db/schema";
import {
  DEFAULT_BOILERPLATE_PATTERNS,
  RecurrenceCounter,
  findRecurringBlocks,
  isBoilerplateText,
} from "@/lib/ingest/boilerplate";
import { blockId } from "@/lib/ingest/normalise";
import { compilePatterns } from "@/lib/ingest/request";

const is = (text: string) => isBoilerplateText(text, DEFAULT_BOILERPLATE_PATTERNS);

describe("isBoilerplateText", () => {
  it("recognises blocks made only of boilerplate phrases", () => {
    expect(is("Found this helpful? Leave a tip... | Purchase EPUB/MOBI Versions of Book")).toBe(true);
    expect(is("Back to Table of Contents")).toBe(true);
    expect(is("View this email in your browser")).toBe(true);
    expect(is("Unsubscribe | Update your preferences")).toBe(true);
    expect(is("Subscribe now")).toBe(true);
  });

  it("keeps writing that merely mentions a phrase", () => {
    expect(is("I found this helpful? Not at first: the tip jar idea took a year to land.")).toBe(false);
    expect(is("Leave a tip for the barista, and then ask what slows them down.")).toBe(false);
    expect(is("We should subscribe to fewer alerts.")).toBe(false);
  });

  it("takes the author's own patterns, and reports a broken one clearly", () => {
    const patterns = [...DEFAULT_BOILERPLATE_PATTERNS, ...compilePatterns(["see you next week"])];
    expect(isBoilerplateText("See you next week!", patterns)).toBe(true);
    expect(() => compilePatterns(["(unclosed"])).toThrow(/^invalid boilerplate pattern "\(unclosed": /);
  });
});

function blocks(...texts: string[]): Block[] {
  return texts.map((text) => ({ id: blockId(text), kind: "p", text, start: 0, end: text.length }));
}

describe("recurrence", () => {
  it("needs at least three issues, and 2% of a large group", () => {
    const footer = "Thanks for reading.";
    expect(findRecurringBlocks([{ blocks: blocks("a", footer) }, { blocks: blocks("b", footer) }]).size).toBe(0);
    const three = findRecurringBlocks([1, 2, 3].map((i) => ({ blocks: blocks(`issue ${i}`, footer) })));
    expect([...three.values()]).toEqual([{ text: footer, n: 3 }]);

    const counter = new RecurrenceCounter();
    for (let i = 0; i < 500; i += 1) counter.add(blocks(`issue ${i}`, ...(i < 9 ? ["A list the author reuses."] : [])));
    expect(counter.threshold()).toBe(10);
    expect(counter.recurring(new Map()).size).toBe(0);
  });

  it("counts only an issue's first and last few blocks: a refrain mid-issue is writing, a footer is furniture", () => {
    const refrain = "The sea does not reward hurry; it rewards the crew that checked the moorings.";
    const footer = "Thanks for reading the Harbour Log. Reply and tell me what you saw this week.";
    const issue = (n: number) =>
      blocks(
        ...Array.from({ length: 4 }, (_, i) => `Issue ${n}, opening paragraph ${i}.`),
        refrain,
        ...Array.from({ length: 4 }, (_, i) => `Issue ${n}, closing paragraph ${i}.`),
        footer,
      );
    const found = findRecurringBlocks([1, 2, 3, 4, 5].map((n) => ({ blocks: issue(n) })));
    expect([...found.values()].map((f) => f.text)).toEqual([footer]);
  });

  it("ignores headings (structure, not furniture) and counts a block once per issue", () => {
    const heading: Block = { id: blockId("Notes"), kind: "h2", text: "Notes", start: 0, end: 5 };
    const counter = new RecurrenceCounter();
    for (let i = 0; i < 5; i += 1) counter.add([heading]);
    counter.add(blocks("twice", "twice"));
    expect(counter.recurring(new Map()).size).toBe(0);
  });
});
