import { describe, expect, it } from "vitest";
import { groupByLetter } from "@/lib/concepts/queries";

const named = (...names: string[]) => names.map((name) => ({ name }));

describe("the concepts index's letters", () => {
  it("puts names that open with a digit after Z, so the index opens on A", () => {
    const groups = groupByLetter(named("1s and 3s", "Agile", "zero-based budget", "8x teams", "Bets"));
    expect([...groups.keys()]).toEqual(["A", "B", "Z", "#"]);
    expect(groups.get("#")!.map((c) => c.name)).toEqual(["1s and 3s", "8x teams"]);
  });

  it("files a name under its first letter or digit, past quotes and symbols", () => {
    const groups = groupByLetter(named("“quoted” idea", "#3 priority", "(un)learning"));
    expect([...groups.keys()]).toEqual(["Q", "U", "#"]);
  });

  it("files accented and lower-case names under their plain capital, keeping the order given", () => {
    const groups = groupByLetter(named("élan", "Empathy", "experiment"));
    expect([...groups]).toEqual([["E", named("élan", "Empathy", "experiment")]]);
  });

  it("gives no letters for no concepts", () => {
    expect(groupByLetter([]).size).toBe(0);
  });
});
