/**
 * Kinds, names, mentions and definitions (12ad): a firm apart from the model named after it, a shorter
 * concept inside a longer phrase that puts a modifier before it, a bracketed definition glued to a
 * caption, and the sentence that says what a concept is over a passing use. The texts are written for
 * these tests.
 */
import { describe, expect, it } from "vitest";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

const conceptOf = (result: ReturnType<typeof extractFromTexts>, key: string) =>
  result.concepts.find((c) => c.memberKeys.includes(key));

describe("a firm and the model named after it (12ad)", () => {
  const result = extractFromTexts(
    issueTexts([
      [
        "Copying other firms",
        [
          "Companies like Zentrix get copied a lot. Zentrix's engineers wrote about their squads, and every consultant now sells the Zentrix Model.",
          "The Zentrix Model splits a company into squads and tribes. We tried the Zentrix Model for a year.",
        ],
      ],
      [
        "Squads and tribes",
        [
          "A company like Zentrix can afford experiments. Zentrix's leadership changed their structure twice since then.",
          "The Zentrix Model is no recipe: the Zentrix Method, as some call it, was a snapshot of a moment.",
        ],
      ],
      ["Structure follows strategy", ["Before copying the Zentrix Model, ask what problem it solved for Zentrix."]],
    ]),
  );

  it("are two concepts, the firm a name of something other than an idea", () => {
    const firm = conceptOf(result, "zentrix");
    const model = conceptOf(result, "zentrix model");
    expect(firm).toBeDefined();
    expect(model).toBeDefined();
    expect(firm).not.toBe(model);
    expect(firm!.kind).toBe("other");
  });

  it("keeps a model's uses as the model's, and joins the model written with another word for its kind", () => {
    const model = conceptOf(result, "zentrix model")!;
    expect(model.memberKeys).toContain("zentrix method");
    expect(conceptOf(result, "zentrix")!.mentions.every((m) => !/Model|Method/.test(m.surface))).toBe(true);
  });
});
