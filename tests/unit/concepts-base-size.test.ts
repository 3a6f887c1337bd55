import { describe, expect, it } from "vitest";
import { baseSize } from "@/lib/concepts/extract";
import { LIMITS } from "@/lib/concepts/limits";

describe("baseSize: how many of the first issues an archive's concepts are drawn from", () => {
  it("is the whole archive below LIMITS.tailFrom", () => {
    for (const n of [0, 1, 60, 342, LIMITS.tailFrom - 1]) expect(baseSize(n)).toBe(n);
  });

  it("from there leaves a tail shorter than a tailShare-th of the archive, and never falls as it grows", () => {
    let last = 0;
    for (let n = LIMITS.tailFrom; n <= 40_000; n++) {
      const b = baseSize(n);
      expect(n - b).toBeLessThan(n / LIMITS.tailShare);
      expect(b).toBeGreaterThanOrEqual(last);
      last = b;
    }
    // At 10,000 issues the base moves every 256 issues.
    expect(baseSize(10_000)).toBe(9984);
    expect(baseSize(10_239)).toBe(9984);
    expect(baseSize(10_240)).toBe(10_240);
  });
});
