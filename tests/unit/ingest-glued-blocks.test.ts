import { describe, expect, it } from "vitest";
import { extractBlocks } from "@/lib/ingest/normalise";
import { parseMarkdown, repairMarkdown } from "@/lib/ingest/parse/markdown";

/** The blocks a Markdown file's body becomes (parse, then block splitting), as kind and text. */
function blocksOf(body: string): { kind: string; text: string }[] {
  const [parsed] = parseMarkdown({
    path: "/tmp/2024-01-01-fixture.md",
    bytes: Buffer.from(`---\ntitle: T\n---\n\n${body}\n`),
  });
  return extractBlocks(parsed!.html).blocks.map(({ kind, text }) => ({ kind, text }));
}

describe("a quote with the next block glued onto its last line (Medium's Markdown export)", () => {
  it("ends the quote at the glued sentence and gives the writer's words a paragraph of their own", () => {
    expect(blocksOf("Our coach once said:\n\n> Ship small, learn fast.Small batches were new to us.")).toEqual([
      { kind: "p", text: "Our coach once said:" },
      { kind: "quote", text: "Ship small, learn fast." },
      { kind: "p", text: "Small batches were new to us." },
    ]);
  });

  it("splits after a closing quotation mark, emphasis, parenthesis or link, and before a glued heading", () => {
    expect(blocksOf("> Keep the *board* honest!”Nobody argued.")).toEqual([
      { kind: "quote", text: "Keep the board honest!”" },
      { kind: "p", text: "Nobody argued." },
    ]);
    expect(blocksOf("> Done means in use. [(notes)](https://example.com/a.B)Then we met.")).toEqual([
      { kind: "quote", text: "Done means in use. (notes)" },
      { kind: "p", text: "Then we met." },
    ]);
    expect(blocksOf("> It was a quiet week (Garcia, 2011).#### Lessons")).toEqual([
      { kind: "quote", text: "It was a quiet week (Garcia, 2011)." },
      { kind: "h4", text: "Lessons" },
    ]);
  });

  it("takes the lines that continued the glued paragraph without a `>` out with it", () => {
    expect(blocksOf("> Measure twice.Then we cut\nonce, and it held.")).toEqual([
      { kind: "quote", text: "Measure twice." },
      { kind: "p", text: "Then we cut once, and it held." },
    ]);
    // An image address with asterisks in it (as Medium names them) is no open emphasis.
    expect(blocksOf("> ![](../img/1*Xy.png) *Look* closer.Next we looked.")).toEqual([
      { kind: "quote", text: "Look closer." },
      { kind: "p", text: "Next we looked." },
    ]);
  });

  it("leaves well-spaced quotes, quotes that go on, abbreviations and code alone", () => {
    const fine = [
      "> One sentence. Another one.",
      "> First line of a quote.Still quoted\n> as it goes on.",
      "> Ask the U.S.Army, e.g. its 3.Division.",
      "> Run `make test.All` first.",
      "```\n> in code.Not a quote\n```",
      "Plain prose.Not a quote, left as written.",
    ];
    for (const body of fine) {
      const [parsed] = parseMarkdown({ path: "/tmp/x.md", bytes: Buffer.from(body) });
      const quotes = extractBlocks(parsed!.html).blocks.filter((b) => b.kind !== "quote" && b.kind !== "pre");
      expect({ body, blocks: quotes.length }).toEqual({ body, blocks: body.startsWith("Plain") ? 1 : 0 });
    }
  });

  it("reads a long quote line with many would-be splits in one pass (it was quadratic: 12.8 s for 200 KB)", () => {
    // Every "x.Yz" is a candidate split the open emphasis forbids: each used to rescan the line.
    const line = `> *open ${"x.Yz ".repeat(80_000)}`;
    const started = performance.now();
    expect(repairMarkdown(line)).toBe(line);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe("an image between two runs of words", () => {
  const textOf = (html: string) => extractBlocks(html).blocks.map((b) => b.text);

  it("keeps the words on either side apart, as a reader sees them", () => {
    expect(textOf('<p>Ship it.<img src="a.png" alt="">Then watch it.</p>')).toEqual(["Ship it. Then watch it."]);
    expect(textOf('<p>A quiet <em>week</em><img src="a.png" alt="">Next one too.</p>')).toEqual([
      "A quiet week Next one too.",
    ]);
  });

  it("adds nothing where a space or punctuation already stands beside it", () => {
    expect(textOf('<p>Ship it. <img src="a.png" alt="">Then watch.</p>')).toEqual(["Ship it. Then watch."]);
    expect(textOf('<p>We won<img src="e.png" alt="">!</p>')).toEqual(["We won!"]);
    expect(textOf('<p>(<img src="e.png" alt="">Then)</p>')).toEqual(["(Then)"]);
  });
});
