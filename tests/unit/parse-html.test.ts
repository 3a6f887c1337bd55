import { describe, expect, it } from "vitest";
import { parseHtml } from "@/lib/ingest/parse/html";

describe("parseHtml: book or single post", () => {
  it("doesn't split a listicle with #1, #2, #3 headings into issues", () => {
    const html =
      "<html><head><title>Three Habits</title></head><body><h1>Three Habits</h1><h2>#1 Write it down</h2><p>a</p><h2>#2 Share it</h2><p>b</p><h2>#3 Review it</h2><p>c</p></body></html>";
    const issues = parseHtml({ path: "habits.html", bytes: Buffer.from(html) });
    expect(issues.map((i) => i.title)).toEqual(["Three Habits"]);
    const book = html.replace(/#(\d) /g, "Issue $1: ");
    expect(parseHtml({ path: "book.html", bytes: Buffer.from(book) }).map((i) => i.number)).toEqual([1, 2, 3]);
  });
});
