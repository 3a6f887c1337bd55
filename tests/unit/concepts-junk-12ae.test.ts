/**
 * The junk lists judged by what they are for (12ae, README "## Concepts"): a hyphenated compound is
 * one word, judged whole rather than by its last part.
 */
import { describe, expect, it } from "vitest";
import { isJunkKey } from "@/lib/concepts/junk";
import { conceptKey } from "@/lib/concepts/keys";

const junk = (surface: string) => isJunkKey(conceptKey(surface), { surface });

describe("a hyphenated compound ends in the compound, not in its last part (12ae)", () => {
  it("keeps compounds whose last part is a function word", () => {
    for (const s of ["tasks-to-be-done", "buy-in", "team hand-offs", "scope walk-through", "sign-off"])
      expect(junk(s), s).toBe(false);
  });

  it("still takes a phrase that ends in a loose function word", () => {
    for (const s of ["tasks to be done", "team hand off", "scope walk through", "sign off"])
      expect(junk(s), s).toBe(true);
  });
});
