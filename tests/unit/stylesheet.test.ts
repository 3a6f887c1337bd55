import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Several areas append to one stylesheet. CSS nesting makes a rule missing its
// closing brace silently swallow every later rule, so check that each rule
// written at the top level (column 0) really starts at depth 0.
describe("app/globals.css", () => {
  it("closes every rule before the next top-level one opens", () => {
    const lines = fs.readFileSync(path.join(process.cwd(), "app", "globals.css"), "utf8").split("\n");
    let depth = 0;
    const unclosed: string[] = [];
    lines.forEach((line, i) => {
      const code = line.replace(/\/\*.*?\*\//g, "");
      if (/^[^\s}]/.test(code) && code.includes("{") && depth > 0) unclosed.push(`line ${i + 1}: ${code.trim()}`);
      depth += (code.match(/{/g) ?? []).length - (code.match(/}/g) ?? []).length;
    });
    expect(unclosed).toEqual([]);
    expect(depth).toBe(0);
  });
});
