import { describe, expect, it } from "vitest";
import {
  NOTE_MAX_NESTING,
  NoteError,
  findNoteProblem,
  plainNoteHtml,
  renderLegacyNote,
  renderNoteForStorage,
} from "@/lib/annotations/note";

describe("notes are checked before they are stored", () => {
  it("accepts everyday Markdown: quotes, nested lists, emphasis, code, rules", () => {
    const note = [
      "> A quote from the issue",
      ">> and one inside it",
      "",
      "- first",
      "  - nested",
      "    - deeper",
      "1. one",
      "",
      "***bold italic***, ~~struck~~, `a ***** b`",
      "",
      "*****",
      "```",
      ">>>>>>>>>>>>>>>>>>>>>>> inside code anything goes ********",
      "```",
    ].join("\n");
    expect(findNoteProblem(note)).toBeNull();
    const html = renderNoteForStorage(note);
    expect(html).toContain("<blockquote>");
    expect(html).toMatch(/<(em|strong)><(em|strong)>bold italic<\/\2><\/\1>/);
    expect(html).toContain("<hr />");
  });

  it("refuses thousands of nested quotes with a message naming the depth", () => {
    const problem = findNoteProblem(">".repeat(5000) + " boom");
    expect(problem).toContain(`nested at most ${NOTE_MAX_NESTING} deep`);
    expect(problem).toContain("line 1 is 5000 deep");
    expect(() => renderNoteForStorage("> ".repeat(11) + "x")).toThrow(NoteError);
  });

  it("refuses deeply nested lists, by markers or by indentation", () => {
    expect(findNoteProblem("- ".repeat(4000) + "a")).toMatch(/nested at most/);
    const indented = Array.from({ length: 30 }, (_, i) => `${"  ".repeat(i)}- level ${i}`).join("\n");
    expect(findNoteProblem(indented)).toMatch(/line \d+ is \d+ deep/);
  });

  it("refuses long runs of emphasis characters, which nest emphasis thousands deep", () => {
    expect(findNoteProblem("*".repeat(4999) + "a" + "*".repeat(4999))).toMatch(/more than 3 \*, _ or ~ in a row/);
  });

  it("refuses NUL and control characters and lone surrogates, keeping line breaks and tabs", () => {
    expect(findNoteProblem("a\u0000b")).toMatch(/NUL character \(U\+0000\)/);
    expect(findNoteProblem("bell\u0007")).toMatch(/control character \(U\+0007\)/);
    expect(findNoteProblem("half \ud800 a pair")).toMatch(/isn't valid Unicode/);
    expect(findNoteProblem("line one\r\nline\ttwo\n")).toBeNull();
  });

  it("turns anything the Markdown parser can't handle into a NoteError, never a crash", () => {
    // Nesting the structural checks don't measure (emphasis alternating with code-free brackets).
    const tricky = "[".repeat(3000) + "a" + "](x)".repeat(3000);
    expect(() => {
      try {
        renderNoteForStorage(tricky);
      } catch (err) {
        if (!(err instanceof NoteError)) throw err;
      }
    }).not.toThrow();
  });
});

describe("notes written before rendering on write", () => {
  it("render when they can, and fall back to their escaped text when they can't", () => {
    expect(renderLegacyNote("So *true*.")).toBe("<p>So <em>true</em>.</p>");
    const hostile = ">".repeat(5000) + " <script>x</script>";
    const html = renderLegacyNote(hostile);
    expect(html).toBe(plainNoteHtml(hostile));
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script");
    expect(plainNoteHtml("one\ntwo\n\nthree")).toBe("<p>one<br>two</p><p>three</p>");
  });
});
